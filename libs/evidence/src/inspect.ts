import { extensionOf } from './file-name';
import { DEFAULT_INSPECTION_LIMITS, InspectionBudget, type InspectionLimits } from './limits';
import { inspectOle } from './ole';
import { inspectPackage, type InspectContext, type NestedKind } from './package';
import { inspectPdf } from './pdf';
import { EvidenceRefused } from './refusal';
import { refuse } from './refusals';
import { scanBytes } from './scan-feed';
import { acceptAllScanner, type EvidenceScanner } from './scanner';
import { sniff, SNIFF_BYTES } from './sniff';

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

export interface Inspection {
  type: EvidenceType;
  mediaType: string;
}

export interface InspectOptions {
  limits?: InspectionLimits;
  /** Every item — the file and each file expanded from it — is streamed to it. */
  scanner?: EvidenceScanner;
}

const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/**
 * Decides what a file is from its own bytes — never its name or declared type — checks it is a
 * whole, single, well-formed file of that type without active content, inspects and scans what
 * is nested inside it, and checks the name's extension agrees. Throws EvidenceRefused.
 */
export async function inspectEvidence(
  bytes: Buffer,
  name: string,
  options: InspectOptions = {},
): Promise<Inspection> {
  if (bytes.length === 0) throw new EvidenceRefused('empty-file', '文件是空的（0 字节），请检查后重新上传。');
  const limits = options.limits ?? DEFAULT_INSPECTION_LIMITS;
  const scanner = options.scanner ?? acceptAllScanner;
  const ctx: InspectContext = {
    budget: new InspectionBudget(limits),
    scanner,
    nested: (inner, path, depth) => inspectNested(inner, path, depth, ctx),
  };
  let type: EvidenceType;
  const sniffed = sniff(bytes.subarray(0, SNIFF_BYTES));
  switch (sniffed) {
    case 'pdf':
      type = 'pdf';
      checkPdfEnd(bytes);
      await inspectPdf(bytes, ctx.budget);
      break;
    case 'png':
      type = 'png';
      checkPng(bytes);
      break;
    case 'jpeg':
      type = 'jpeg';
      checkJpeg(bytes);
      break;
    case 'zip': {
      const kind = await inspectPackage(bytes, name, 0, ctx);
      if (kind === 'zip')
        throw new EvidenceRefused('not-office-document', `这是一个普通压缩包。${ALLOWED}`, 415);
      type = kind;
      break;
    }
    case 'ole':
      type = await inspectOle(bytes, name, 0, ctx);
      break;
    case 'executable':
    case 'unknown':
      throw new EvidenceRefused('unsupported-type', `无法识别的文件类型。${ALLOWED}`, 415);
    default: {
      const never: never = sniffed;
      throw new Error(`unexpected kind: ${String(never)}`);
    }
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
  await scanBytes(scanner, name, bytes);
  return { type, mediaType: EVIDENCE_TYPES[type].mediaType };
}

/** A file found inside another: packages, OLE files and PDFs are inspected by the same rules. */
async function inspectNested(
  bytes: Buffer,
  path: string,
  depth: number,
  ctx: InspectContext,
): Promise<NestedKind> {
  if (depth > ctx.budget.limits.maxDepth) throw refuse.tooDeep(ctx.budget.limits.maxDepth);
  const sniffed = sniff(bytes.subarray(0, SNIFF_BYTES));
  switch (sniffed) {
    case 'zip':
      return inspectPackage(bytes, path, depth, ctx);
    case 'ole':
      return inspectOle(bytes, path, depth, ctx);
    case 'pdf':
      await inspectPdf(bytes, ctx.budget);
      return 'pdf';
    case 'executable':
      throw refuse.executable();
    case 'png':
    case 'jpeg':
    case 'unknown':
      throw new Error(`not a container: ${sniffed}`);
    default: {
      const never: never = sniffed;
      throw new Error(`unexpected kind: ${String(never)}`);
    }
  }
}

function checkPdfEnd(bytes: Buffer): void {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF'))
    throw new EvidenceRefused('damaged-file', 'PDF 文件不完整（缺少文件结尾），请重新导出后上传。');
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
