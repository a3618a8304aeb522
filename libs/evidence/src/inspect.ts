import yauzl from 'yauzl';
import { extensionOf } from './file-name';
import { EvidenceRefused } from './refusal';

export type EvidenceType = 'pdf' | 'png' | 'jpeg' | 'docx' | 'xlsx' | 'pptx' | 'doc' | 'xls' | 'ppt';

export const EVIDENCE_TYPES: Record<
  EvidenceType,
  { mediaType: string; extensions: string[]; label: string }
> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'PNG 图片' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG 图片' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word 文档（DOCX）',
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    label: 'Excel 表格（XLSX）',
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    label: 'PowerPoint 演示文稿（PPTX）',
  },
  doc: { mediaType: 'application/msword', extensions: ['doc'], label: 'Word 97–2003 文档（DOC）' },
  xls: { mediaType: 'application/vnd.ms-excel', extensions: ['xls'], label: 'Excel 97–2003 表格（XLS）' },
  ppt: {
    mediaType: 'application/vnd.ms-powerpoint',
    extensions: ['ppt'],
    label: 'PowerPoint 97–2003（PPT）',
  },
};

const ALLOWED = '只接受 PDF、PNG、JPEG 图片和 Office 文档（DOCX、XLSX、PPTX、DOC、XLS、PPT）。';

export interface OoxmlLimits {
  maxEntries: number;
  /** Total bytes all entries may expand to. */
  maxExpandedBytes: number;
  /** Largest expanded / compressed ratio of any entry. */
  maxRatio: number;
}

export const DEFAULT_OOXML_LIMITS: OoxmlLimits = {
  maxEntries: 5000,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
};

export interface Inspection {
  type: EvidenceType;
  mediaType: string;
  /** Every part of an Office package, expanded, for the scanner to look into. */
  parts: Buffer[];
}

const startsWith = (bytes: Buffer, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const utf16 = (text: string) => Buffer.from(text, 'utf16le');
// eslint-disable-next-line no-control-regex -- entry names with control characters are refused
const CONTROL = /[\u0000-\u001f]/;

/**
 * Decides what a file is from its own bytes — never its name or declared type — and checks it
 * is a whole, single, well-formed file of that type. The name's extension must then agree.
 */
export async function inspectEvidence(
  bytes: Buffer,
  name: string,
  limits: OoxmlLimits = DEFAULT_OOXML_LIMITS,
): Promise<Inspection> {
  if (bytes.length === 0) throw new EvidenceRefused('empty-file', '文件是空的（0 字节），请检查后重新上传。');
  let type: EvidenceType;
  let parts: Buffer[] = [];
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    type = 'pdf';
    checkPdf(bytes);
  } else if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    type = 'png';
    checkPng(bytes);
  } else if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    type = 'jpeg';
    checkJpeg(bytes);
  } else if (startsWith(bytes, ZIP_LOCAL)) {
    ({ type, parts } = await inspectOoxml(bytes, limits));
  } else if (startsWith(bytes, OLE)) {
    type = oleType(bytes);
  } else {
    throw new EvidenceRefused('unsupported-type', `无法识别的文件类型。${ALLOWED}`, 415);
  }
  // A file that is also a ZIP (PDF+ZIP, JPEG+ZIP…) is two files in one: refused.
  if (type !== 'docx' && type !== 'xlsx' && type !== 'pptx' && bytes.includes(ZIP_END)) {
    throw new EvidenceRefused('polyglot-file', '文件中夹带了另一种格式的内容（多格式伪装文件），不予接收。');
  }
  const extension = extensionOf(name);
  if (!EVIDENCE_TYPES[type].extensions.includes(extension)) {
    throw new EvidenceRefused(
      'extension-mismatch',
      `文件内容是${EVIDENCE_TYPES[type].label}，但文件名的扩展名是 .${extension}，两者不符。请使用正确的扩展名。`,
      415,
    );
  }
  return { type, mediaType: EVIDENCE_TYPES[type].mediaType, parts };
}

function checkPdf(bytes: Buffer): void {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF'))
    throw new EvidenceRefused('damaged-file', 'PDF 文件不完整（缺少文件结尾），请重新导出后上传。');
  const text = bytes.toString('latin1');
  if (/\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b/.test(text)) {
    throw new EvidenceRefused(
      'active-content',
      'PDF 中含有脚本、启动外部程序或嵌入文件等内容，不予接收。请另存为普通 PDF 后上传。',
    );
  }
}

function checkPng(bytes: Buffer): void {
  const end = bytes.lastIndexOf(Buffer.from('IEND'));
  if (end < 0 || end + 8 !== bytes.length) {
    throw new EvidenceRefused('damaged-file', 'PNG 图片不完整或结尾夹带了其他内容，请重新导出后上传。');
  }
}

function checkJpeg(bytes: Buffer): void {
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) {
    throw new EvidenceRefused('damaged-file', 'JPEG 图片不完整或结尾夹带了其他内容，请重新导出后上传。');
  }
  if (/<(script|html|svg|\?php)/i.test(bytes.toString('latin1'))) {
    throw new EvidenceRefused('polyglot-file', '图片中夹带了网页或脚本内容，不予接收。');
  }
}

/** Legacy Office files are OLE2 containers: the stream names say which application wrote it. */
function oleType(bytes: Buffer): EvidenceType {
  if (bytes.includes(utf16('WordDocument'))) return 'doc';
  if (bytes.includes(utf16('Workbook')) || bytes.includes(utf16('Book'))) return 'xls';
  if (bytes.includes(utf16('PowerPoint Document'))) return 'ppt';
  throw new EvidenceRefused(
    'unsupported-type',
    `这是一个 OLE 复合文件，但不是 Word、Excel 或 PowerPoint 文档。${ALLOWED}`,
    415,
  );
}

const MAIN_PART: Record<'docx' | 'xlsx' | 'pptx', string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/workbook.xml',
  pptx: 'ppt/presentation.xml',
};

/**
 * An OOXML package: a ZIP with [Content_Types].xml and its application's main part, no path
 * tricks, no macros, and expanding to a bounded size (actual bytes are counted while inflating,
 * so a header that lies about sizes does not help a zip bomb).
 */
async function inspectOoxml(
  bytes: Buffer,
  limits: OoxmlLimits,
): Promise<{ type: 'docx' | 'xlsx' | 'pptx'; parts: Buffer[] }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      bytes,
      { lazyEntries: true, strictFileNames: true, validateEntrySizes: true },
      (error, file) => (error ? reject(error) : resolve(file)),
    ),
  ).catch(() => {
    throw new EvidenceRefused('damaged-file', '压缩包结构损坏，无法作为 Office 文档打开。');
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new EvidenceRefused('zip-bomb', `文档内部包含 ${zip.entryCount} 个部件，超出上限，不予接收。`);
  }
  const names: string[] = [];
  const parts: Buffer[] = [];
  let expanded = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const fileName = entry.fileName;
        if (
          fileName.startsWith('/') ||
          fileName.split('/').includes('..') ||
          fileName.includes('\\') ||
          CONTROL.test(fileName)
        ) {
          reject(
            new EvidenceRefused(
              'zip-path-traversal',
              '文档内部含有指向文件夹之外的路径（如 ../），不予接收。',
            ),
          );
          return;
        }
        names.push(fileName);
        if (fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxRatio) {
          reject(new EvidenceRefused('zip-bomb', '文档内部有压缩比异常的部件（疑似“压缩炸弹”），不予接收。'));
          return;
        }
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) {
            reject(new EvidenceRefused('damaged-file', '文档内部的部件无法解压，文件可能已损坏。'));
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => {
            expanded += chunk.length;
            if (expanded > limits.maxExpandedBytes) {
              stream.destroy();
              reject(new EvidenceRefused('zip-bomb', '文档解压后过大（疑似“压缩炸弹”），不予接收。'));
              return;
            }
            chunks.push(chunk);
          });
          stream.on('error', () =>
            reject(new EvidenceRefused('damaged-file', '文档内部的部件解压失败，文件可能已损坏。')),
          );
          stream.on('end', () => {
            parts.push(Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    if (error instanceof EvidenceRefused) throw error;
    throw new EvidenceRefused('damaged-file', '压缩包结构损坏，无法作为 Office 文档打开。');
  }
  if (!names.includes('[Content_Types].xml')) {
    throw new EvidenceRefused('not-office-document', `这是一个普通压缩包，不是 Office 文档。${ALLOWED}`, 415);
  }
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) {
    throw new EvidenceRefused(
      'active-content',
      '文档中含有宏（VBA），不予接收。请另存为不含宏的文档后上传。',
    );
  }
  const type = (Object.keys(MAIN_PART) as ('docx' | 'xlsx' | 'pptx')[]).find((t) =>
    names.includes(MAIN_PART[t]),
  );
  if (!type)
    throw new EvidenceRefused(
      'not-office-document',
      `压缩包中找不到 Word、Excel 或 PowerPoint 的正文。${ALLOWED}`,
      415,
    );
  return { type, parts };
}
