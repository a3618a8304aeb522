import type { SourceCell, SourceTable } from '../tables';
import type { BuildTask, Finding, YearColumn, YearlyItem } from './model';
import { flat, textAt } from './segments';

const YEAR = /(\d{4})\s*年/g;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const ITEM_START = new RegExp(`[${CIRCLED}]`, 'g');

/** Whether a table's header reads like 1-3 建设任务与进度: a 建设任务 column and year columns. */
export function looksLikeTasks(table: SourceTable): boolean {
  const head = table.rows.slice(0, 4).flat();
  return head.some((c) => flat(c.text).includes('建设任务')) && head.some((c) => /\d{4}\s*年度/.test(c.text));
}

/** Splits a year cell into its ①②③ items, each kept whole; text before the first marker is an item too. */
export function splitItems(text: string): { marker: string; text: string }[] {
  const starts = [...text.matchAll(ITEM_START)].map((m) => m.index);
  if (starts.length === 0) return text.trim() === '' ? [] : [{ marker: '', text: text.trim() }];
  const items: { marker: string; text: string }[] = [];
  const lead = text.slice(0, starts[0]).trim();
  if (lead !== '') items.push({ marker: '', text: lead });
  starts.forEach((start, i) => {
    const body = text.slice(start + 1, starts[i + 1] ?? text.length).trim();
    items.push({ marker: text[start], text: body });
  });
  return items;
}

/**
 * Reads 1-3 建设任务与进度: header rows (one to three, "2020年度" / "（含2019年度）" in one cell or
 * stacked) give the year columns; the columns before them are 序号, 一级 and 二级 建设任务.
 */
export function readTasks(table: SourceTable, findings: Finding[]): BuildTask[] {
  const rows = table.rows;
  const width = Math.max(0, ...rows.map((r) => r.length));
  // Header rows end at the first row whose year columns hold no year label.
  let headerEnd = 0;
  while (headerEnd < Math.min(rows.length, 4)) {
    const row = rows[headerEnd];
    const isHeader =
      !/^\d+$/.test(textAt(row, 0)) &&
      row.some((c) => /年度|建设任务|序号/.test(c.text) && c.text.length <= 30);
    if (!isHeader) break;
    headerEnd += 1;
  }
  const years = new Map<number, YearColumn>();
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (let r = 0; r < headerEnd; r++) {
      const text = flat(textAt(rows[r], c));
      if (text !== '' && !parts.includes(text) && /\d{4}|含/.test(text)) parts.push(text);
    }
    const label = parts.join('');
    const found = [...label.matchAll(YEAR)].map((m) => Number(m[1]));
    if (found.length === 0) continue;
    years.set(c, { label, year: found[0], includes: found.slice(1) });
  }
  const yearColumns = [...years.keys()];
  const firstYear = Math.min(...yearColumns);
  let numberColumn = -1;
  for (let c = 0; c < firstYear; c++)
    if (rows.slice(0, headerEnd).some((r) => flat(textAt(r, c)) === '序号')) numberColumn = c;
  const taskColumns: number[] = [];
  for (let c = numberColumn + 1; c < firstYear; c++) taskColumns.push(c);
  const level1Column = taskColumns[0] ?? 0;
  const level2Column = taskColumns[taskColumns.length - 1] ?? level1Column;

  const tasks: BuildTask[] = [];
  const byKey = new Map<string, BuildTask>();
  for (let r = headerEnd; r < rows.length; r++) {
    const row = rows[r];
    const level1 = textAt(row, level1Column);
    const level2 = textAt(row, level2Column);
    const yearCells = yearColumns.map((c) => row[c]).filter((c): c is SourceCell => c !== undefined);
    const hasYearText = yearCells.some((c) => c.text !== '' && !c.mergedFrom);
    if (level2 === '' && level1 === '') {
      if (hasYearText)
        findings.push({
          kind: 'unrecognised-row',
          message: '这一行有分年度任务，但没有建设任务名称，未读取。',
          ref: row.find((c) => c.text !== '')!.ref,
          text: row.find((c) => c.text !== '')!.text,
        });
      continue;
    }
    const key = `${level1}\u0000${level2}`;
    let task = byKey.get(key);
    if (!task) {
      task = {
        number: numberColumn >= 0 ? textAt(row, numberColumn) : '',
        level1,
        level2,
        ref: row[level2Column]?.mergedFrom ?? row[level2Column]?.ref ?? '',
        years: yearColumns.map((c) => years.get(c)!),
        items: [],
      };
      byKey.set(key, task);
      tasks.push(task);
    }
    for (const c of yearColumns) {
      const cell = row[c];
      if (!cell || cell.text === '') continue;
      const column = years.get(c)!;
      if (cell.mergedFrom) {
        // A vertical merge repeats a cell already read in the row above; a horizontal one spans years.
        if (sameRow(cell.ref, cell.mergedFrom))
          findings.push({
            kind: 'merged-across-years',
            message: `单元格跨多个年度合并，其内容只计入第一个年度，未计入「${column.label}」。`,
            ref: cell.ref,
            text: cell.text,
          });
        continue;
      }
      const items: YearlyItem[] = splitItems(cell.text).map((item) => ({
        year: column.year,
        label: column.label,
        marker: item.marker,
        text: item.text,
        ref: cell.ref,
      }));
      task.items.push(...items);
    }
  }
  return tasks;
}

/** Whether two references of one table are in the same row ("表3 行5 列2", "Sheet!B5"). */
function sameRow(a: string, b: string): boolean {
  const rowOf = (ref: string) => /行(\d+)/.exec(ref)?.[1] ?? /[A-Z]+(\d+)$/.exec(ref)?.[1];
  return rowOf(a) === rowOf(b);
}
