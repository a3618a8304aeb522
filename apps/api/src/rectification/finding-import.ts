import {
  FINDING_SEVERITY_NAMES,
  FINDING_SOURCE_NAMES,
  type FindingSeverity,
  type FindingSource,
} from '@sg/domain';
import type { FindingInput } from '@sg/application';
import type { SourceDocument, SourceTable } from '@sg/imports';
import type { CellError } from '../imports/plan-import';

/** The columns of a 问题清单, by their header text. */
export const FINDING_COLUMNS = [
  '来源',
  '严重程度',
  '指标编号',
  '任务名称',
  '问题标题',
  '问题描述',
  '整改责任人',
  '责任部门',
  '整改期限',
] as const;
type Column = (typeof FINDING_COLUMNS)[number];

export interface FindingRow {
  row: number;
  finding: FindingInput;
  assignment?: { assignee: string; departmentId?: string; deadline: string };
}

export interface FindingLookups {
  indicator(code: string): string | undefined;
  task(title: string): string | undefined;
  user(username: string): string | undefined;
  /** A department of the registry by its name. */
  department(name: string): string | undefined;
}

const invert = <K extends string>(names: Record<K, string>) =>
  new Map(Object.entries(names).map(([key, name]) => [name as string, key as K]));
const SOURCES = invert<FindingSource>(FINDING_SOURCE_NAMES);
const SEVERITIES = invert<FindingSeverity>(FINDING_SEVERITY_NAMES);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the first sheet whose header row names the 问题清单 columns, checking every cell and
 * collecting every problem, so nothing is imported from a file with an error anywhere.
 */
export function readFindingsWorkbook(
  document: SourceDocument,
  lookups: FindingLookups,
): { ok: true; rows: FindingRow[] } | { ok: false; errors: CellError[] } {
  const tables = document.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
  const found = tables
    .map((table) => ({ table, header: headerOf(table) }))
    .find((t) => t.header !== undefined);
  if (!found || !found.header) {
    return {
      ok: false,
      errors: [
        {
          sheet: tables[0]?.name ?? '',
          cell: 'A1',
          message: `未找到问题清单的表头（应含：${FINDING_COLUMNS.join('、')}）。`,
        },
      ],
    };
  }
  const { table, header } = found;
  const errors: CellError[] = [];
  const rows: FindingRow[] = [];
  for (let r = header.row + 1; r < table.rows.length; r++) {
    const cells = table.rows[r];
    const cell = (column: Column) => cells[header.columns[column]] ?? { text: '', ref: '' };
    const text = (column: Column) => cell(column).text.trim();
    if (FINDING_COLUMNS.every((c) => text(c) === '')) continue;
    const fail = (column: Column, message: string) =>
      errors.push({ sheet: table.name, cell: cell(column).ref.split('!').pop() ?? '', message });
    const source = SOURCES.get(text('来源'));
    if (!source) fail('来源', `来源应为：${[...SOURCES.keys()].join('、')}`);
    const severity = SEVERITIES.get(text('严重程度'));
    if (!severity) fail('严重程度', `严重程度应为：${[...SEVERITIES.keys()].join('、')}`);
    let subject: FindingInput['subject'] | undefined;
    if (text('指标编号') && text('任务名称')) fail('指标编号', '指标编号与任务名称只填一项。');
    else if (text('指标编号')) {
      const id = lookups.indicator(text('指标编号'));
      if (id) subject = { kind: 'indicator', id };
      else fail('指标编号', `本方案没有编号为「${text('指标编号')}」的指标。`);
    } else if (text('任务名称')) {
      const id = lookups.task(text('任务名称'));
      if (id) subject = { kind: 'task', id };
      else fail('任务名称', `本方案没有（唯一）名为「${text('任务名称')}」的任务。`);
    } else fail('指标编号', '请填写问题涉及的指标编号或任务名称。');
    if (!text('问题标题') || text('问题标题').length > 200)
      fail('问题标题', '问题标题不能为空，且不超过 200 字。');
    if (!text('问题描述') || text('问题描述').length > 5000)
      fail('问题描述', '问题描述不能为空，且不超过 5000 字。');
    let assignment: FindingRow['assignment'];
    if (text('整改责任人') || text('整改期限')) {
      const assignee = lookups.user(text('整改责任人'));
      if (!assignee) fail('整改责任人', `没有用户名为「${text('整改责任人')}」的在用账号。`);
      if (!DATE.test(text('整改期限'))) fail('整改期限', '整改期限应为日期（YYYY-MM-DD）。');
      const departmentId = text('责任部门') ? lookups.department(text('责任部门')) : undefined;
      if (text('责任部门') && !departmentId)
        fail('责任部门', `没有名为「${text('责任部门')}」的部门，请先在部门管理中添加。`);
      if (assignee)
        assignment = {
          assignee,
          ...(departmentId ? { departmentId } : {}),
          deadline: text('整改期限'),
        };
    }
    if (source && severity && subject) {
      rows.push({
        row: r + 1,
        finding: { source, severity, subject, title: text('问题标题'), description: text('问题描述') },
        ...(assignment ? { assignment } : {}),
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0)
    return { ok: false, errors: [{ sheet: table.name, cell: 'A2', message: '问题清单中没有任何问题。' }] };
  return { ok: true, rows };
}

function headerOf(table: SourceTable): { row: number; columns: Record<Column, number> } | undefined {
  for (let r = 0; r < Math.min(table.rows.length, 5); r++) {
    const texts = table.rows[r].map((c) => c.text.trim());
    if (FINDING_COLUMNS.every((c) => texts.includes(c))) {
      return {
        row: r,
        columns: Object.fromEntries(FINDING_COLUMNS.map((c) => [c, texts.indexOf(c)])) as Record<
          Column,
          number
        >,
      };
    }
  }
  return undefined;
}
