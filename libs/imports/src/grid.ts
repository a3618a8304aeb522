import type { Budget } from './budget';
import type { SourceCell } from './tables';

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Cells collected sparsely, then laid out as ragged rows (each row as long as its last cell) with
 * every cell a merge covers carrying the merge's value and its origin. Slots are counted as cells.
 */
export function layout(
  cells: Map<number, Map<number, string>>,
  merges: Merge[],
  refOf: (row: number, column: number) => string,
  budget: Budget,
): SourceCell[][] {
  const widths = new Map<number, number>();
  const widen = (row: number, column: number) => widths.set(row, Math.max(widths.get(row) ?? 0, column + 1));
  for (const [row, columns] of cells) for (const column of columns.keys()) widen(row, column);
  for (const merge of merges) {
    budget.row(merge.bottom + 1);
    budget.column(merge.right);
    for (let r = merge.top; r <= merge.bottom; r++) widen(r, merge.right);
  }
  let lastRow = -1;
  for (const row of widths.keys()) lastRow = Math.max(lastRow, row);
  const rows: SourceCell[][] = [];
  for (let r = 0; r <= lastRow; r++) {
    const width = widths.get(r) ?? 0;
    budget.cell(width);
    const values = cells.get(r);
    const row: SourceCell[] = [];
    for (let c = 0; c < width; c++) row.push({ text: values?.get(c) ?? '', ref: refOf(r, c) });
    rows.push(row);
  }
  for (const merge of merges) {
    const origin = rows[merge.top]?.[merge.left];
    if (!origin) continue;
    for (let r = merge.top; r <= merge.bottom; r++)
      for (let c = merge.left; c <= merge.right; c++) {
        if (r === merge.top && c === merge.left) continue;
        const cell = rows[r][c];
        cell.text = origin.text;
        cell.mergedFrom = origin.ref;
      }
  }
  return rows;
}
