import type { SourceCell, SourceTable } from '../tables';
import { FUND_SOURCES, type Budget, type BudgetLine, type Finding, type FundSource } from './model';
import { flat, textAt } from './segments';

const SOURCES = Object.entries(FUND_SOURCES) as [FundSource, string][];
type Column = FundSource | 'all';

/** Whether a table's header names the fund sources of 1-4 / 1-5. */
export function looksLikeBudget(table: SourceTable): boolean {
  const head = table.rows
    .slice(0, 3)
    .flat()
    .map((c) => flat(c.text));
  return SOURCES.filter(([, name]) => head.some((t) => t.includes(name))).length >= 3;
}

/** 万元 amounts are summed as integers of 1/10000 万元 so that sums are exact. */
const SCALE = 10_000;
function parseAmount(text: string): number | undefined {
  const bare = text.replace(/[,，\s]/g, '');
  if (bare === '' || bare === '-' || bare === '—') return 0;
  if (!/^-?\d+(\.\d{1,4})?$/.test(bare)) return undefined;
  return Math.round(Number(bare) * SCALE);
}
const format = (units: number) => {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / SCALE);
  const fraction = String(abs % SCALE)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
};

const emptyTotals = (): Record<Column, number> => ({
  all: 0,
  central: 0,
  local: 0,
  sponsor: 0,
  industry: 0,
  school: 0,
});
const formatTotals = (t: Record<Column, number>) =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, format(v)])) as Record<Column, string>;
const label = (column: Column) => (column === 'all' ? '小计' : FUND_SOURCES[column]);

/**
 * Reads 1-4 项目总预算 / 1-5 年度预算: per 建设任务 (一级 / 二级) the amount of each fund source in
 * 万元 (the 比例 columns are not read). Sums are checked against the printed 小计 column, each
 * 一级's 小计 row and the 合计 row; a mismatch is a finding, the lines are kept as printed.
 */
export function readBudget(
  table: SourceTable,
  kind: Budget['kind'],
  heading: string,
  year: number | undefined,
  findings: Finding[],
): Budget {
  const rows = table.rows;
  const width = Math.max(0, ...rows.map((r) => r.length));
  // The amount column of each source: the first column under its name whose header says 金额.
  const columns = new Map<Column, number>();
  let headerEnd = 0;
  for (let r = 0; r < Math.min(3, rows.length); r++) {
    const texts = rows[r].map((c) => flat(c.text));
    if (texts.some((t) => t.includes('金额') || SOURCES.some(([, n]) => t.includes(n)))) headerEnd = r + 1;
  }
  for (let c = 0; c < width; c++) {
    const head = rows.slice(0, headerEnd).map((r) => flat(textAt(r, c)));
    const isAmount = head.some((t) => t.includes('金额')) || !head.some((t) => t.includes('比例'));
    if (!isAmount) continue;
    const source = SOURCES.find(([, name]) => head.some((t) => t.includes(name)));
    const column: Column | undefined = source
      ? source[0]
      : head.some((t) => t === '小计')
        ? 'all'
        : undefined;
    if (column && !columns.has(column)) columns.set(column, c);
  }
  const firstAmount = Math.min(...columns.values());
  const level1Column = 0;
  const level2Column = Math.max(0, firstAmount - 1);

  const lines: BudgetLine[] = [];
  let group: { level1: string; units: Record<Column, number> } | undefined;
  const sums = emptyTotals();
  let printedTotal: Record<Column, string> | undefined;

  const amountsOf = (row: SourceCell[]) => {
    const units = emptyTotals();
    const texts = {} as Record<Column, string>;
    for (const [column, c] of columns) {
      const cell = row[c];
      const value = parseAmount(cell?.text ?? '');
      if (value === undefined) {
        findings.push({
          kind: 'unparsed-amount',
          message: `「${label(column)}」金额不是数字，按 0 计。`,
          ref: cell.ref,
          text: cell.text,
        });
      }
      units[column] = value ?? 0;
      texts[column] = format(value ?? 0);
    }
    return { units, texts };
  };
  const check = (
    what: string,
    ref: string,
    printed: Record<Column, number>,
    summed: Record<Column, number>,
  ) => {
    for (const column of columns.keys()) {
      if (printed[column] === summed[column]) continue;
      findings.push({
        kind: 'sum-mismatch',
        message: `${heading}：${what}「${label(column)}」印为 ${format(printed[column])} 万元，按明细相加为 ${format(summed[column])} 万元。`,
        ref,
      });
    }
  };
  const closeGroup = (row?: SourceCell[]) => {
    if (!group || !row) return;
    const { units } = amountsOf(row);
    check(`「${group.level1}」小计`, row[level2Column]?.ref ?? row[0].ref, units, group.units);
    group = undefined;
  };

  for (let r = headerEnd; r < rows.length; r++) {
    const row = rows[r];
    const level1 = textAt(row, level1Column);
    const level2 = textAt(row, level2Column);
    if (flat(level1) === '合计' || flat(level2) === '合计') {
      const { texts } = amountsOf(row);
      // Checked after all lines are read: the 合计 row comes first in the ministry's layout.
      printedTotal = texts;
      continue;
    }
    if (flat(level2) === '小计') {
      closeGroup(row);
      continue;
    }
    if (level2 === '' && row.every((c) => c.text === '')) continue;
    const { units, texts } = amountsOf(row);
    const summed = SOURCES.reduce((sum, [source]) => sum + units[source], 0);
    if (columns.has('all') && summed !== units.all)
      findings.push({
        kind: 'sum-mismatch',
        message: `${heading}：「${level2}」小计印为 ${format(units.all)} 万元，各来源相加为 ${format(summed)} 万元。`,
        ref: row[columns.get('all')!].ref,
      });
    if (!group || group.level1 !== level1) group = { level1, units: emptyTotals() };
    for (const [source] of SOURCES) {
      group.units[source] += units[source];
      sums[source] += units[source];
    }
    group.units.all += summed;
    sums.all += summed;
    const { all: printed, ...amounts } = texts;
    lines.push({ level1, level2, ref: row[level2Column]?.ref ?? row[0].ref, amounts, printedTotal: printed });
  }
  if (printedTotal) {
    const printed = Object.fromEntries(
      Object.entries(printedTotal).map(([k, v]) => [k, parseAmount(v) ?? 0]),
    ) as Record<Column, number>;
    const totalRow = rows.find((row) => row.some((c) => flat(c.text) === '合计'))!;
    check('合计', totalRow.find((c) => flat(c.text) === '合计')!.ref, printed, sums);
  }
  return {
    kind,
    year,
    heading,
    lines,
    totals: formatTotals(sums),
    printedTotal: printedTotal ? { ...emptyTotalsText(), ...printedTotal } : undefined,
  };
}

const emptyTotalsText = () => formatTotals(emptyTotals());
