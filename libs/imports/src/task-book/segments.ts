import type { SourceCell, SourceDocument, SourceTable } from '../tables';

export interface Heading {
  text: string;
  ref: string;
}

/** A table with the headings printed before it (a document's paragraphs, a sheet's title rows or name). */
export interface Segment {
  headings: Heading[];
  table: SourceTable;
}

const TABLE_TITLE = /(概况|总目标|建设任务与进度|总预算|年度预算|绩效目标|建设任务书|承诺书?)\s*$/;

export const flat = (text: string) => text.replace(/\s+/g, '');
export const textAt = (row: SourceCell[] | undefined, column: number) => row?.[column]?.text ?? '';

/** The distinct non-empty texts of a row: one for a title merged across the row. */
function distinct(row: SourceCell[]): SourceCell[] {
  const seen = new Set<string>();
  return row.filter((cell) => {
    if (cell.text === '' || seen.has(cell.text)) return false;
    seen.add(cell.text);
    return true;
  });
}

/** Whether a row is a title line inside a sheet: one text, short, naming a part or a table. */
function titleOf(row: SourceCell[]): Heading | undefined {
  const texts = distinct(row);
  if (texts.length !== 1) return undefined;
  const text = texts[0].text.trim();
  if (text.length > 60 || !TABLE_TITLE.test(flat(text))) return undefined;
  return { text, ref: texts[0].mergedFrom ?? texts[0].ref };
}

/**
 * Cuts a document into tables with their headings. In a document the headings are the paragraphs
 * since the previous table; in a workbook they are the sheet's name and the title rows that
 * precede each table in the sheet (a sheet may hold several tables, each under its title).
 */
export function segmentsOf(document: SourceDocument): { segments: Segment[]; paragraphs: Heading[] } {
  const segments: Segment[] = [];
  const paragraphs: Heading[] = [];
  let pending: Heading[] = [];
  for (const block of document.blocks) {
    if (block.kind === 'paragraph') {
      const heading = { text: block.text, ref: block.ref };
      pending.push(heading);
      paragraphs.push(heading);
      continue;
    }
    if (document.format === 'docx') {
      segments.push({ headings: pending, table: block.table });
      pending = [];
      continue;
    }
    const { table } = block;
    let headings: Heading[] = [{ text: table.name, ref: `工作表「${table.name}」` }];
    let rows: SourceCell[][] = [];
    let start = 0;
    const flush = () => {
      while (rows.length > 0 && distinct(rows[rows.length - 1]).length === 0) rows.pop();
      if (rows.length > 0) segments.push({ headings, table: { name: `${table.name}!${start + 1}`, rows } });
      rows = [];
    };
    table.rows.forEach((row, r) => {
      const title = titleOf(row);
      if (title) {
        if (rows.length > 0) {
          flush();
          headings = [];
        }
        headings.push(title);
        paragraphs.push(title);
        return;
      }
      if (rows.length === 0 && distinct(row).length === 0) return;
      if (rows.length === 0) start = r;
      rows.push(row);
    });
    flush();
  }
  return { segments, paragraphs };
}
