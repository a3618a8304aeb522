import type { AuditChange } from '@sg/contracts';
import { percentForDisplay, pointsForDisplay, ROLE_NAMES, type ActualValue } from '@sg/domain';
import type { RecordedEvent } from '@sg/event-store';
import type { NameOf } from './names';

/** Events that change something whose earlier value lives in earlier events of the same stream. */
export const NEEDS_EARLIER = new Set(['TaskProgressRecorded', 'IndicatorValueRecorded', 'FundsRecorded']);

/** `0.4` → `40%`, `0.333` → `33.3%`: the percentage as the report prints it, without trailing zeros. */
export function percent(fraction: string): string {
  return `${percentForDisplay(fraction).replace(/\.?0+$/, '')}%`;
}

export function actualText(actual: ActualValue): string {
  switch (actual.kind) {
    case 'numeric':
      return actual.value;
    case 'qualitative':
      return `${actual.band}（${pointsForDisplay(actual.score)} 分）`;
    case 'manual':
      return actual.deductions.length === 0
        ? '不扣分'
        : `扣 ${actual.deductions.reduce((sum, d) => sum + Number(d.points), 0)} 分`;
  }
}

const SCOPE_KINDS: Record<string, string> = { plan: '方案', level: '层面', project: '项目' };

/** A role or chain scope in words, by name where the read models know it: `project:<id>` → 项目「名称」. */
export function scopeText(scope: string, nameOf: NameOf): string {
  if (scope === '*') return '全部';
  const colon = scope.indexOf(':');
  const kind = SCOPE_KINDS[scope.slice(0, colon)];
  if (!kind) return scope;
  const name = nameOf(scope);
  return name ? `${kind}「${name}」` : `${kind} ${scope.slice(colon + 1)}`;
}

/** A user by name where known, else by id. */
export const userText = (userId: string, nameOf: NameOf) => nameOf(`user:${userId}`) ?? userId;

/** The report that stands among these: the latest effective date, a later one winning a tie. */
function standing<T extends { effectiveDate: string }>(reports: T[]): T | undefined {
  let best: T | undefined;
  for (const report of reports) if (!best || report.effectiveDate >= best.effectiveDate) best = report;
  return best;
}

/** How one more report moves the standing one (`text` words a report's value). */
function standingChange<T extends { effectiveDate: string }>(
  field: string,
  earlier: T[],
  report: T,
  text: (report: T) => string,
): AuditChange {
  const worded = (r: T) => `${text(r)}（截至 ${r.effectiveDate}）`;
  const before = standing(earlier);
  return change(field, before ? worded(before) : null, worded(standing([...earlier, report])!));
}

const change = (field: string, before: string | null, after: string | null): AuditChange => ({
  field,
  before,
  after,
});

type Data = Record<string, unknown>;

/**
 * What an event changed, before → after, in words. `earlier` are the events of its stream before
 * it (only read for the types in NEEDS_EARLIER). A standing value (a task's completion, an
 * indicator's value) is the one with the latest effective date: a back-dated report can leave it
 * as it was, and then says so.
 */
export function changesOf(event: RecordedEvent, earlier: RecordedEvent[], nameOf: NameOf): AuditChange[] {
  const d = event.data as Data;
  const ofType = (type: string) => earlier.filter((e) => e.type === type).map((e) => e.data as Data);
  switch (event.type) {
    case 'TaskDefined':
      return [
        change('负责人', null, typeof d.ownerId === 'string' ? userText(d.ownerId, nameOf) : '未分配'),
        change('完成期限', null, String(d.dueDate)),
      ];
    case 'TaskOwnerAssigned':
      return [
        change(
          '负责人',
          typeof d.previousOwnerId === 'string' ? userText(d.previousOwnerId, nameOf) : '未分配',
          userText(String(d.ownerId), nameOf),
        ),
      ];
    case 'TaskProgressRecorded': {
      type Report = { completion: string; effectiveDate: string };
      const reports = ofType('TaskProgressRecorded') as Report[];
      return [standingChange('完成度', reports, d as Report, (r) => percent(r.completion))];
    }
    case 'IndicatorValueRecorded': {
      type Value = { actual: ActualValue; effectiveDate: string };
      const values = ofType('IndicatorValueRecorded') as Value[];
      return [standingChange('指标值', values, d as Value, (v) => actualText(v.actual))];
    }
    case 'FundsRecorded': {
      type Funds = { year: number; source: string; budget: string; arrived: string; spent: string };
      const f = d as Funds;
      const previous = (ofType('FundsRecorded') as Funds[])
        .filter((p) => p.year === f.year && p.source === f.source)
        .pop();
      const label = `${f.year} 年${f.source}`;
      return (['budget', 'arrived', 'spent'] as const)
        .filter((k) => previous?.[k] !== f[k])
        .map((k) =>
          change(
            `${label}${{ budget: '预算', arrived: '到位', spent: '支出' }[k]}（万元）`,
            previous ? previous[k] : null,
            f[k],
          ),
        );
    }
    case 'RoleGranted':
    case 'RoleRevoked': {
      const role = `${ROLE_NAMES[d.role as keyof typeof ROLE_NAMES] ?? String(d.role)}（${scopeText(String(d.scope), nameOf)}）`;
      return event.type === 'RoleGranted' ? [change('角色', null, role)] : [change('角色', role, null)];
    }
    case 'ReviewTransferred':
      return [
        change(
          `第 ${Number(d.stage) + 1} 级审核人`,
          userText(String(d.from), nameOf),
          userText(String(d.to), nameOf),
        ),
      ];
    case 'SubmissionApproved':
      return [
        change('审核状态', '审核中', '已通过'),
        change('计入统计的完成度', null, percent(String((d.content as { completion: string }).completion))),
      ];
    case 'SubmissionRejected':
      return [change('审核状态', '审核中', '已退回')];
    case 'SubmissionWithdrawn':
      return [change('审核状态', '审核中', '已撤回')];
    case 'UserDisabled':
      return [change('账号状态', '启用', '停用')];
    case 'UserEnabled':
      return [change('账号状态', '停用', '启用')];
    case 'UserRegistered':
      return [change('姓名', null, String(d.displayName))];
    default:
      return [];
  }
}
