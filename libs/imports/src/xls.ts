import * as XLSX from '@e965/xlsx';
import type { Budget } from './budget';
import { layout, type Merge } from './grid';
import { ImportRefused } from './limits';
import { columnLetters, type SourceBlock } from './tables';
import { UNREADABLE } from './zip';

/**
 * Reads a legacy BIFF workbook (.xls) with SheetJS. Only ever called inside the extraction worker,
 * whose heap and wall-clock limits bound what SheetJS can take; rows past the limit are not parsed.
 */
export function readXls(bytes: Buffer, budget: Budget): SourceBlock[] {
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      cellDates: true,
      bookVBA: false,
      sheetRows: budget.limits.maxRows + 1,
    });
  } catch {
    throw new ImportRefused('import-unreadable', UNREADABLE);
  }
  if (book.bookType !== undefined && book.bookType !== 'xls' && book.bookType !== 'biff8')
    throw new ImportRefused('import-unreadable', UNREADABLE);
  const blocks: SourceBlock[] = [];
  for (const name of book.SheetNames) {
    const sheet = book.Sheets[name] as XLSX.DenseWorkSheet | undefined;
    if (!sheet) continue;
    const fullRef = (sheet['!fullref'] as string | undefined) ?? sheet['!ref'] ?? 'A1';
    const range = XLSX.utils.decode_range(fullRef);
    budget.row(range.e.r + 1);
    budget.column(range.e.c);
    const cells = new Map<number, Map<number, string>>();
    (sheet['!data'] ?? []).forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell) return;
        let text: string;
        if (cell.v instanceof Date) text = cell.v.toISOString().slice(0, 10);
        else if (cell.t === 'n') text = String(cell.v);
        else text = String(cell.w ?? cell.v ?? '');
        text = text.trim();
        if (text === '') return;
        budget.column(c);
        budget.cell();
        budget.text(text.length);
        let values = cells.get(r);
        if (!values) cells.set(r, (values = new Map<number, string>()));
        values.set(c, text);
      });
    });
    const merges: Merge[] = ((sheet['!merges'] as XLSX.Range[] | undefined) ?? []).map((m) => ({
      top: m.s.r,
      left: m.s.c,
      bottom: m.e.r,
      right: m.e.c,
    }));
    const rows = layout(cells, merges, (r, c) => `${name}!${columnLetters(c)}${r + 1}`, budget);
    blocks.push({ kind: 'table', table: { name, rows } });
  }
  return blocks;
}
