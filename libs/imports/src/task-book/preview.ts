import type { TaskBookPreviewView } from '@sg/contracts';
import type { SourceFormat } from '../tables';
import type { FindingKind, TableKind, TaskBook } from './model';

export const TABLE_LABELS: Record<TableKind, string> = {
  overview: '概况',
  goal: '建设总目标',
  tasks: '建设任务与进度',
  'budget-total': '项目总预算',
  'budget-annual': '年度预算',
  indicators: '项目支出绩效目标',
};

export const FINDING_LABELS: Record<FindingKind, string> = {
  'sum-mismatch': '合计与明细不符（已按明细读取）',
  'unrecognised-table': '未识别的表格（未读取）',
  'unrecognised-row': '未识别的行（未读取）',
  'unparsed-amount': '金额不是数字（按 0 计）',
  'merged-across-years': '跨年度合并的单元格（只计入第一个年度）',
  'missing-table': '缺少的表',
};

/** How many examples of each kind of finding the preview shows before the list is asked for. */
export const FINDING_EXAMPLES = 3;

/** The preview's shape is the contract the web reads, with this library's own unions. */
export type TaskBookPreview = TaskBookPreviewView<SourceFormat, TableKind, FindingKind>;

/** The full list of one kind of finding, a page at a time. */
export type FindingsPage = NonNullable<TaskBookPreview['findings']>;

function countBy<T>(items: T[], key: (item: T) => string, make: (item: T) => Record<string, unknown>) {
  const counts = new Map<string, Record<string, unknown> & { count: number }>();
  for (const item of items) {
    const k = key(item);
    const entry = counts.get(k) ?? { ...make(item), count: 0 };
    entry.count += 1;
    counts.set(k, entry);
  }
  return [...counts.values()];
}

/** A summary of a 任务书 as read, for the office to check before anything is written. */
export function previewOf(
  format: SourceFormat,
  book: TaskBook,
  page?: { kind: FindingKind; offset: number; limit: number },
): TaskBookPreview {
  const parts = book.parts.map((part) => {
    const items = part.tasks.flatMap((t) => t.items);
    return {
      ...(part.number ? { number: part.number } : {}),
      kind: part.kind,
      title: part.title,
      ...(part.name ? { name: part.name } : {}),
      tables: part.tables.map((t) => ({ ...t, label: TABLE_LABELS[t.kind] })),
      tasks: {
        level1: new Set(part.tasks.map((t) => t.level1)).size,
        level2: part.tasks.length,
        yearly: items.length,
        byYear: countBy(
          items,
          (i) => i.label,
          (i) => ({ label: i.label, year: i.year }),
        ) as { label: string; year: number; count: number }[],
      },
      budgets: part.budgets.map((b) => ({
        kind: b.kind,
        ...(b.year ? { year: b.year } : {}),
        heading: b.heading,
        lines: b.lines.length,
        totals: b.totals,
        ...(b.printedTotal ? { printedTotal: b.printedTotal } : {}),
      })),
      indicators: {
        total: part.indicators.length,
        byLevel1: countBy(
          part.indicators,
          (i) => i.level1.code + i.level1.name,
          (i) => ({ ...i.level1 }),
        ) as { code: string; name: string; count: number }[],
        byLevel2: countBy(
          part.indicators,
          (i) => `${i.level1.code}/${i.level2.code}${i.level2.name}`,
          (i) => ({ ...i.level2 }),
        ) as { code: string; name: string; count: number }[],
        byTarget: {
          numeric: part.indicators.filter((i) => i.target.kind === 'numeric').length,
          range: part.indicators.filter((i) => i.target.kind === 'range').length,
          qualitative: part.indicators.filter((i) => i.target.kind === 'qualitative').length,
        },
      },
    };
  });
  const kinds = (Object.keys(FINDING_LABELS) as FindingKind[])
    .map((kind) => {
      const all = book.findings.filter((f) => f.kind === kind);
      return {
        kind,
        label: FINDING_LABELS[kind],
        count: all.length,
        examples: all.slice(0, FINDING_EXAMPLES),
      };
    })
    .filter((k) => k.count > 0);
  const preview: TaskBookPreview = {
    format,
    ...(book.school ? { school: book.school } : {}),
    recognised: {
      parts: parts.length,
      tables: parts.reduce((n, p) => n + p.tables.length, 0),
      tasks: parts.reduce((n, p) => n + p.tasks.level2, 0),
      yearlyTasks: parts.reduce((n, p) => n + p.tasks.yearly, 0),
      budgetLines: book.parts.reduce((n, p) => n + p.budgets.reduce((m, b) => m + b.lines.length, 0), 0),
      indicators: parts.reduce((n, p) => n + p.indicators.total, 0),
    },
    parts,
    notRecognised: { total: book.findings.length, kinds },
  };
  if (page) {
    const all = book.findings.filter((f) => f.kind === page.kind);
    preview.findings = {
      ...page,
      total: all.length,
      items: all.slice(page.offset, page.offset + page.limit),
    };
  }
  return preview;
}
