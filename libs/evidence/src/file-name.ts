import { EvidenceRefused } from './refusal';

// Bidirectional controls make "invoice‮fdp.exe" display as "invoiceexe.pdf".
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// C0 and C1 controls, NUL included.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * The name a file is kept under for display: path parts dropped (old browsers send
 * C:\Users\…\x.pdf), spaces tidied. Names that try to deceive (NUL, control or direction
 * characters, device names) are refused rather than silently repaired.
 */
export function cleanFileName(raw: string): string {
  if (CONTROL.test(raw))
    throw new EvidenceRefused('unsafe-file-name', '文件名中含有不可见的控制字符，请重命名后再上传。');
  if (BIDI.test(raw))
    throw new EvidenceRefused(
      'unsafe-file-name',
      '文件名中含有改变文字方向的字符（可能伪装扩展名），请重命名后再上传。',
    );
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = base.normalize('NFC').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (name === '' || !name.includes('.') || name.endsWith('.')) {
    throw new EvidenceRefused('unsafe-file-name', '文件名不完整（应带扩展名，例如“建设成果.pdf”）。');
  }
  if ([...name].length > 120)
    throw new EvidenceRefused('unsafe-file-name', '文件名过长（不超过 120 个字）。');
  if (RESERVED.test(name))
    throw new EvidenceRefused('unsafe-file-name', '文件名是系统保留名称，请重命名后再上传。');
  return name;
}

export function extensionOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1).toLowerCase();
}

// Characters Windows refuses in a path part, and the separators of zip paths.
const NOT_IN_PATH = /[<>:"/\\|?*]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const DIRECTIONS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One part of a path inside a zip (a folder for a project or task, or a file name) that unpacks
 * on Windows, macOS and Linux: separators, characters Windows refuses, controls and direction
 * characters become "_", trailing dots and spaces go, device names get a "_" in front, and the
 * part is at most `max` characters (the extension kept).
 */
export function safePathSegment(raw: string, max = 80): string {
  let name = raw
    .normalize('NFC')
    .replace(CONTROLS, '_')
    .replace(DIRECTIONS, '_')
    .replace(NOT_IN_PATH, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  if (name === '' || /^\.+$/.test(name)) name = '_';
  if (RESERVED.test(name)) name = `_${name}`;
  const chars = [...name];
  if (chars.length > max) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, max - [...extension].length).join('') + extension;
  }
  return name;
}
