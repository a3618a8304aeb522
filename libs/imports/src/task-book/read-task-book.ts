import type { SourceDocument, SourceTable } from '../tables';
import { looksLikeBudget, readBudget } from './budgets';
import { looksLikeIndicators, readIndicators } from './indicators';
import type { Finding, PartKind, TableKind, TaskBook, TaskBookPart } from './model';
import { flat, segmentsOf, type Heading } from './segments';
import { looksLikeTasks, readTasks } from './tasks';

/** A file that is not a 建设任务书: zh-CN message for the user. */
export class NotATaskBook extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
    this.name = 'NotATaskBook';
  }
}

// "2．专业群一建设任务书", "1.项目学校建设任务书"
const PART_HEADING = /^(\d+)\s*[．.、]?\s*(.*?)建设任务书$/;
// "2-3 专业群一建设任务与进度", "1-5 项目2020年度预算"
const TABLE_HEADING = /^(\d+)\s*[-－—]\s*(\d+)\s*(.*)$/;
const TABLE_NAMES: [RegExp, TableKind][] = [
  [/概况$/, 'overview'],
  [/总目标$/, 'goal'],
  [/建设任务与进度$/, 'tasks'],
  [/年度预算$/, 'budget-annual'],
  [/总预算$/, 'budget-total'],
  [/绩效目标$/, 'indicators'],
];

const partKindOf = (title: string): PartKind => (title.includes('专业群') ? 'group' : 'school');

/** The part's own name in a heading: "专业群一建设任务与进度" → "专业群一", "学校概况" → "学校". */
function titleFromTableHeading(rest: string): string {
  let title = flat(rest);
  for (const [pattern] of TABLE_NAMES) title = title.replace(pattern, '');
  title = title.replace(/\d{4}年?$/, '').replace(/^项目/, '');
  return title.replace(/建设$/, '');
}

/**
 * Reads the ministry's 建设任务书 from a document's tables: the 学校 part and each 专业群 part are
 * found by their headings ("1．项目学校建设任务书", "2-3 专业群一建设任务与进度", or a sheet's name
 * and title rows), each table's kind by its header cells, whatever the sheet or paragraph names.
 * Throws NotATaskBook when no 建设任务与进度 nor 绩效目标 table is found.
 */
export function readTaskBook(document: SourceDocument): TaskBook {
  const { segments, paragraphs } = segmentsOf(document);
  const findings: Finding[] = [];
  const parts: TaskBookPart[] = [];
  const partsByKey = new Map<string, TaskBookPart>();
  let current: TaskBookPart | undefined;

  const partFor = (key: string, title: string, number?: string) => {
    let part = partsByKey.get(key);
    if (!part) {
      part = { kind: partKindOf(title), number, title, tables: [], tasks: [], budgets: [], indicators: [] };
      partsByKey.set(key, part);
      parts.push(part);
    }
    return part;
  };

  let school: string | undefined;
  for (const p of paragraphs) {
    const cover = /^申\s*报\s*学\s*校\s*[：:]\s*(.+)$/.exec(p.text);
    if (cover) school = cover[1].trim();
  }

  for (const { headings, table } of segments) {
    let kind: TableKind | undefined;
    let headingText = '';
    let headingRef = table.rows[0]?.[0]?.ref ?? table.name;
    for (const heading of headings) {
      const text = flat(heading.text);
      const part = PART_HEADING.exec(text);
      if (part) {
        current = partFor(part[1], part[2] || '学校', part[1]);
        continue;
      }
      const numbered = TABLE_HEADING.exec(text);
      const named = TABLE_NAMES.find(([pattern]) => pattern.test(text));
      if (!named) continue;
      if (numbered) {
        const title = titleFromTableHeading(numbered[3]);
        const existing = partsByKey.get(numbered[1]);
        current = existing ?? partFor(numbered[1], title || '学校', numbered[1]);
      } else if (!current || partKey(text) !== undefined) {
        const key = partKey(text) ?? '学校';
        current = partsByKey.get(key) ?? partFor(key, key);
      }
      kind = named[1];
      headingText = heading.text;
      headingRef = heading.ref;
    }
    // The header decides when the heading does not, or says otherwise.
    const byHeader: TableKind | undefined = looksLikeTasks(table)
      ? 'tasks'
      : looksLikeIndicators(table)
        ? 'indicators'
        : looksLikeBudget(table)
          ? kind === 'budget-annual' || kind === 'budget-total'
            ? kind
            : 'budget-total'
          : undefined;
    if (byHeader) kind = byHeader;
    else if (kind === 'tasks' || kind === 'indicators' || kind === 'budget-total' || kind === 'budget-annual')
      kind = undefined;
    if (!kind) {
      findings.push(notRead(table, headings));
      continue;
    }
    current ??= partFor('学校', '学校');
    const part = current;
    part.tables.push({ kind, heading: headingText || table.name, ref: headingRef });
    switch (kind) {
      case 'overview':
        part.name ??= nameInOverview(table);
        if (part.kind === 'school') school ??= part.name;
        break;
      case 'goal':
        part.goal = table.rows
          .flat()
          .map((c) => (c.mergedFrom ? '' : c.text))
          .filter((t) => t !== '')
          .join('\n');
        break;
      case 'tasks':
        part.tasks.push(...readTasks(table, findings));
        break;
      case 'budget-total':
      case 'budget-annual': {
        const annual = kind === 'budget-annual' || part.budgets.some((b) => b.kind === 'total');
        const year = /(\d{4})\s*年度/.exec(headingText)?.[1];
        part.budgets.push(
          readBudget(
            table,
            annual ? 'annual' : 'total',
            flat(headingText) || table.name,
            year ? Number(year) : undefined,
            findings,
          ),
        );
        break;
      }
      case 'indicators':
        part.indicators.push(...readIndicators(table, findings));
        break;
      default: {
        const unreachable: never = kind;
        throw new Error(`unknown table kind ${String(unreachable)}`);
      }
    }
  }

  const readable = parts.filter((p) => p.tasks.length > 0 || p.indicators.length > 0);
  if (readable.length === 0)
    throw new NotATaskBook(
      '文件中没有找到建设任务书的“建设任务与进度”表或“项目支出绩效目标”表（按标题和表头识别），不像是双高计划建设任务书，未导入。',
    );
  for (const part of readable)
    for (const [kind, name] of [
      ['tasks', '建设任务与进度'],
      ['budget-total', '项目总预算'],
      ['indicators', '项目支出绩效目标'],
    ] as const)
      if (!part.tables.some((t) => t.kind === kind))
        findings.push({
          kind: 'missing-table',
          message: `「${part.title}」中没有找到“${name}”表。`,
          ref: part.tables[0]?.ref ?? '-',
        });
  return { ...(school ? { school } : {}), parts: readable, findings };
}

/** The key of a part named in an unnumbered heading: "专业群一…" → "专业群一". */
function partKey(text: string): string | undefined {
  const match = /(专业群[一二三四五六七八九十\d]*)/.exec(text);
  if (match) return match[1];
  return /学校/.test(text) ? '学校' : undefined;
}

function nameInOverview(table: SourceTable): string | undefined {
  for (const row of table.rows)
    for (let c = 0; c < row.length; c++) {
      const label = flat(row[c].text);
      if (/^(学校名称|专业群.{0,3}名称)$/.test(label)) {
        const value = row.slice(c + 1).find((cell) => cell.text !== '' && flat(cell.text) !== label);
        if (value) return value.text;
      }
    }
  return undefined;
}

function notRead(table: SourceTable, headings: Heading[]): Finding {
  const first = table.rows.flat().find((c) => c.text !== '');
  const heading = headings[headings.length - 1];
  return {
    kind: 'unrecognised-table',
    message: heading
      ? `「${heading.text}」下的表格不是任务书需要读取的表（概况、总目标、建设任务与进度、预算、绩效目标），未读取。`
      : '这张表格不是任务书需要读取的表（概况、总目标、建设任务与进度、预算、绩效目标），未读取。',
    ref: first?.ref ?? table.name,
    text: first?.text.slice(0, 80),
  };
}
