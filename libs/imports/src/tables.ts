/** What an extraction hands back: plain text in cells, never formulas, styles or objects. */
export interface SourceCell {
  text: string;
  /** Where the value is printed in the file: "Sheet1!B7" in a workbook, "表3 行5 列2" in a document. */
  ref: string;
  /** For a cell covered by a merge: the reference of the merge's top-left cell, whose value it carries. */
  mergedFrom?: string;
}

export interface SourceTable {
  /** Sheet name, or "表N" for the Nth table of a document. */
  name: string;
  /** Rows of cells, each row as wide as the table's widest row; merges resolved. */
  rows: SourceCell[][];
}

export type SourceBlock =
  { kind: 'paragraph'; text: string; ref: string } | { kind: 'table'; table: SourceTable };

export type SourceFormat = 'xlsx' | 'xls' | 'docx';

/** A file's content in reading order: a document's paragraphs and tables, or a workbook's sheets. */
export interface SourceDocument {
  format: SourceFormat;
  blocks: SourceBlock[];
}

/** A1-style column letters of a 0-based column index. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 0-based column index of A1-style letters. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
