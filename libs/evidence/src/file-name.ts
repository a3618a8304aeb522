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
