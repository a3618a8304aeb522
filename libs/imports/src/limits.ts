/**
 * Bounds on what one import may make the server read. A real 任务书 (the ministry's template,
 * 3 parts, ~900 table rows, 6.6 MB of document.xml) fits with a wide margin; see ADR 0016.
 */
export interface ImportLimits {
  /** Bytes of the uploaded file. */
  maxFileBytes: number;
  /** Entries in an Office package. */
  maxEntries: number;
  /** Bytes all read entries of a package may expand to, counted while inflating. */
  maxExpandedBytes: number;
  /** Highest row number a sheet may use, and rows a document's tables may hold in all. */
  maxRows: number;
  /** Highest column a sheet or table row may use. */
  maxColumns: number;
  /** Non-empty cells in the whole file. */
  maxCells: number;
  /** Entries of an XLSX shared-string table. */
  maxSharedStrings: number;
  /** Characters of text kept from the whole file. */
  maxTextChars: number;
  /** Wall-clock time of one extraction, in milliseconds. */
  maxMillis: number;
  /** Heap of the extraction's worker thread, in MB. */
  maxHeapMb: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
  maxExpandedBytes: 64 * 1024 * 1024,
  maxRows: 20_000,
  maxColumns: 200,
  maxCells: 200_000,
  maxSharedStrings: 200_000,
  maxTextChars: 20_000_000,
  maxMillis: 20_000,
  maxHeapMb: 256,
};

export type ImportLimitCode =
  | 'import-too-large'
  | 'import-too-many-entries'
  | 'import-expands-too-much'
  | 'import-too-many-rows'
  | 'import-too-many-columns'
  | 'import-too-many-cells'
  | 'import-too-many-strings'
  | 'import-too-much-text'
  | 'import-too-slow'
  | 'import-out-of-memory';

export type ImportRefusalCode = ImportLimitCode | 'import-unreadable' | 'import-busy';

/**
 * An import refused before it was read whole. `message` is zh-CN and names the limit and its value;
 * `limit` is the setting's name in ImportLimits.
 */
export class ImportRefused extends Error {
  constructor(
    readonly code: ImportRefusalCode,
    readonly userMessage: string,
    readonly limit?: { name: keyof ImportLimits; value: number },
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'ImportRefused';
  }
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Each limit's setting and how a refusal words its value. */
const REFUSALS: Record<ImportLimitCode, { limit: keyof ImportLimits; says: (value: number) => string }> = {
  'import-too-large': { limit: 'maxFileBytes', says: (v) => `文件超过 ${mb(v)}，未导入。` },
  'import-too-many-entries': { limit: 'maxEntries', says: (v) => `文件包内的部件超过 ${v} 个，未导入。` },
  'import-expands-too-much': { limit: 'maxExpandedBytes', says: (v) => `文件解压后超过 ${mb(v)}，未导入。` },
  'import-too-many-rows': { limit: 'maxRows', says: (v) => `表格超过 ${v} 行，未导入。` },
  'import-too-many-columns': { limit: 'maxColumns', says: (v) => `表格超过 ${v} 列，未导入。` },
  'import-too-many-cells': { limit: 'maxCells', says: (v) => `文件中有内容的单元格超过 ${v} 个，未导入。` },
  'import-too-many-strings': {
    limit: 'maxSharedStrings',
    says: (v) => `工作簿的共享字符串超过 ${v} 条，未导入。`,
  },
  'import-too-much-text': { limit: 'maxTextChars', says: (v) => `文件中的文字超过 ${v} 个字符，未导入。` },
  'import-too-slow': {
    limit: 'maxMillis',
    says: (v) => `读取文件超过 ${v / 1000} 秒仍未完成，已停止，未导入。`,
  },
  'import-out-of-memory': {
    limit: 'maxHeapMb',
    says: (v) => `读取文件所需内存超过 ${v} MB，已停止，未导入。`,
  },
};

export function limitRefusal(code: ImportLimitCode, limits: ImportLimits): ImportRefused {
  const { limit, says } = REFUSALS[code];
  const value = limits[limit];
  return new ImportRefused(code, says(value), { name: limit, value });
}
