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

export function limitRefusal(code: ImportLimitCode, limits: ImportLimits): ImportRefused {
  switch (code) {
    case 'import-too-large':
      return new ImportRefused(code, `文件超过 ${mb(limits.maxFileBytes)}，未导入。`, {
        name: 'maxFileBytes',
        value: limits.maxFileBytes,
      });
    case 'import-too-many-entries':
      return new ImportRefused(code, `文件包内的部件超过 ${limits.maxEntries} 个，未导入。`, {
        name: 'maxEntries',
        value: limits.maxEntries,
      });
    case 'import-expands-too-much':
      return new ImportRefused(code, `文件解压后超过 ${mb(limits.maxExpandedBytes)}，未导入。`, {
        name: 'maxExpandedBytes',
        value: limits.maxExpandedBytes,
      });
    case 'import-too-many-rows':
      return new ImportRefused(code, `表格超过 ${limits.maxRows} 行，未导入。`, {
        name: 'maxRows',
        value: limits.maxRows,
      });
    case 'import-too-many-columns':
      return new ImportRefused(code, `表格超过 ${limits.maxColumns} 列，未导入。`, {
        name: 'maxColumns',
        value: limits.maxColumns,
      });
    case 'import-too-many-cells':
      return new ImportRefused(code, `文件中有内容的单元格超过 ${limits.maxCells} 个，未导入。`, {
        name: 'maxCells',
        value: limits.maxCells,
      });
    case 'import-too-many-strings':
      return new ImportRefused(code, `工作簿的共享字符串超过 ${limits.maxSharedStrings} 条，未导入。`, {
        name: 'maxSharedStrings',
        value: limits.maxSharedStrings,
      });
    case 'import-too-much-text':
      return new ImportRefused(code, `文件中的文字超过 ${limits.maxTextChars} 个字符，未导入。`, {
        name: 'maxTextChars',
        value: limits.maxTextChars,
      });
    case 'import-too-slow':
      return new ImportRefused(code, `读取文件超过 ${limits.maxMillis / 1000} 秒仍未完成，已停止，未导入。`, {
        name: 'maxMillis',
        value: limits.maxMillis,
      });
    case 'import-out-of-memory':
      return new ImportRefused(code, `读取文件所需内存超过 ${limits.maxHeapMb} MB，已停止，未导入。`, {
        name: 'maxHeapMb',
        value: limits.maxHeapMb,
      });
    default: {
      const unreachable: never = code;
      throw new Error(`unknown limit ${String(unreachable)}`);
    }
  }
}
