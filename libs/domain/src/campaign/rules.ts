import { DomainError } from '../shared/domain-error';
import { holds, mayWrite, type Standing } from '../user/standing';
import { assertNever } from '../shared/decider';
import { requireDate } from '../shared/values';
import {
  CAMPAIGN_LAYERS,
  LAYER_NAMES,
  MAX_DAYS_AFTER_PERIOD,
  MAX_WINDOW_DAYS,
  type CampaignSpec,
  type CampaignState,
  type LayerWindow,
  type ReportState,
  type Sections,
} from './messages';

export const invalid = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, details);
export const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);

export const campaignNotFound = (campaignId: string) =>
  new DomainError('not-found', 'campaign-not-found', '自评工作不存在。', { campaignId });
export const reportNotFound = (reportId: string) =>
  new DomainError('not-found', 'layer-report-not-found', '自评报告不存在。', { reportId });

export const DAY_MS = 86_400_000;
export const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export const emptySections = (): Sections => ({
  completion: '',
  outcomes: '',
  features: '',
  problems: '',
  plans: '',
});

/** The period each kind must cover, within the plan's years. */
export function requirePeriod(spec: CampaignSpec, plan: { startYear: number; endYear: number }): void {
  const start = requireDate(spec.periodStart, '自评期间开始日期');
  const end = requireDate(spec.periodEnd, '自评期间结束日期');
  const planStart = `${plan.startYear}-01-01`;
  const planEnd = `${plan.endYear}-12-31`;
  if (start > end) throw invalid('period-reversed', '自评期间的开始日期不能晚于结束日期。');
  if (start < planStart || end > planEnd) {
    throw invalid('period-outside-plan', `自评期间应在建设方案的 ${plan.startYear}–${plan.endYear} 年之内。`);
  }
  const endsYear = end.endsWith('-12-31');
  switch (spec.kind) {
    case 'annual':
      if (!start.endsWith('-01-01') || !endsYear || start.slice(0, 4) !== end.slice(0, 4))
        throw invalid('period-not-a-year', '年度自评的期间应为一个自然年（1 月 1 日至 12 月 31 日）。');
      return;
    case 'mid-term':
      if (start !== planStart || !endsYear || end >= `${plan.endYear}-01-01`)
        throw invalid(
          'period-not-mid-term',
          `中期自评的期间应从建设期开始（${planStart}）到建设期结束前某年的 12 月 31 日。`,
        );
      return;
    case 'final':
      if (start !== planStart || end !== planEnd)
        throw invalid('period-not-final', `终期自评的期间应为整个建设期（${planStart} 至 ${planEnd}）。`);
      return;
    default:
      return assertNever(spec.kind);
  }
}

/** Windows in layer order, each after the one below it closes, and within sensible bounds. */
export function requireWindows(spec: CampaignSpec): void {
  let previous: LayerWindow | null = null;
  for (const layer of CAMPAIGN_LAYERS) {
    const window = spec.windows[layer];
    if (!window) throw invalid('window-missing', `请为「${LAYER_NAMES[layer]}」设置起止日期。`, { layer });
    requireDate(window.opens, `${LAYER_NAMES[layer]}开始日期`);
    requireDate(window.closes, `${LAYER_NAMES[layer]}截止日期`);
    if (window.opens > window.closes)
      throw invalid('window-reversed', `「${LAYER_NAMES[layer]}」的开始日期不能晚于截止日期。`, { layer });
    if (days(window.opens, window.closes) > MAX_WINDOW_DAYS)
      throw invalid(
        'window-too-long',
        `「${LAYER_NAMES[layer]}」的时间窗口不能超过 ${MAX_WINDOW_DAYS} 天。`,
        {
          layer,
        },
      );
    if (window.opens < spec.periodStart)
      throw invalid('window-before-period', `「${LAYER_NAMES[layer]}」不能早于自评期间开始。`, { layer });
    if (days(spec.periodEnd, window.closes) > MAX_DAYS_AFTER_PERIOD)
      throw invalid(
        'window-too-late',
        `「${LAYER_NAMES[layer]}」应在自评期间结束后 ${MAX_DAYS_AFTER_PERIOD} 天内截止。`,
        { layer },
      );
    if (previous && window.opens <= previous.closes)
      throw invalid(
        'windows-out-of-order',
        `各层自评须依次进行：「${LAYER_NAMES[layer]}」应在下一层截止（${previous.closes}）之后开始。`,
        { layer },
      );
    previous = window;
  }
}

export function requireRoster(spec: CampaignSpec): void {
  const ids = new Set<string>();
  for (const a of spec.roster) {
    if (ids.has(a.reportId)) throw invalid('roster-duplicate', '自评任务重复。', { reportId: a.reportId });
    ids.add(a.reportId);
    if (!CAMPAIGN_LAYERS.includes(a.layer)) throw invalid('invalid-layer', '自评层级不正确。');
    if (a.authors.length === 0)
      throw invalid('report-without-author', `「${a.title}」没有撰写人：请先为其指定负责人。`, {
        reportId: a.reportId,
      });
    if (a.signers.length === 0)
      throw invalid('report-without-signer', `「${a.title}」没有签署意见的负责人。`, {
        reportId: a.reportId,
      });
  }
  for (const a of spec.roster) {
    const below = CAMPAIGN_LAYERS[CAMPAIGN_LAYERS.indexOf(a.layer) - 1];
    for (const id of a.below) {
      const lower = spec.roster.find((r) => r.reportId === id);
      if (!lower || lower.layer !== below)
        throw invalid('roster-below-invalid', '下级报告的对应关系不正确。');
    }
  }
  if (spec.roster.filter((a) => a.layer === 'school').length !== 1)
    throw invalid('roster-without-school', '自评须有一份学校自评总结。');
}

/** The author may write: named on the report, active, and still holding the grant that named them. */
export function requireAuthor(report: ReportState, actor: Standing): void {
  const a = report.assignment;
  if (
    !mayWrite(actor) ||
    !a.authors.includes(actor.userId) ||
    (a.authorGrants.length > 0 && !a.authorGrants.some((g) => actor.grants.includes(g)))
  )
    throw forbidden('not-report-author', `您不是「${a.title}」的撰写人，或已不再担任相应职务。`);
}

export function requireSigner(report: ReportState, actor: Standing): void {
  const a = report.assignment;
  if (
    !mayWrite(actor) ||
    !a.signers.includes(actor.userId) ||
    !a.signerGrants.some((g) => actor.grants.includes(g))
  )
    throw forbidden('not-report-signer', `您不是「${a.title}」的签署负责人，或已不再担任相应职务。`);
}

export function requireReport(state: CampaignState, reportId: string): ReportState {
  const report = state.reports.get(reportId);
  if (!report) throw reportNotFound(reportId);
  return report;
}

export function requireOffice(planId: string, actor: Standing): void {
  if (!mayWrite(actor) || !(holds(actor, 'office', `plan:${planId}`) || holds(actor, 'office', '*')))
    throw forbidden('not-office', '只有项目办可以进行此操作。');
}
