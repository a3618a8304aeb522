import { assertNever, eventTypesOf, evolvers, type InPlaceDecider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { holds, mayWrite, type Standing } from '../user/standing';
import { requireDate, requireText } from '../shared/values';

/** 绩效自评 kinds: 年度 (one calendar year), 中期 (from the plan's start), 终期 (the whole plan). */
export const CAMPAIGN_KINDS = { annual: '年度', 'mid-term': '中期', final: '终期' } as const;
export type CampaignKind = keyof typeof CAMPAIGN_KINDS;

/** The four layers, lowest first: each writes after the one below it. */
export const CAMPAIGN_LAYERS = ['individual', 'unit', 'group', 'school'] as const;
export type CampaignLayer = (typeof CAMPAIGN_LAYERS)[number];
export const LAYER_NAMES: Record<CampaignLayer, string> = {
  individual: '个人自评',
  unit: '建设单位（部门）自评',
  group: '建设组自评',
  school: '学校自评总结',
};

/** The template's sections, in the order every layer's report has them. */
export const REPORT_SECTIONS = ['completion', 'outcomes', 'features', 'problems', 'plans'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export const SECTION_NAMES: Record<ReportSection, string> = {
  completion: '建设任务完成情况',
  outcomes: '建设成效（含标志性成果）',
  features: '特色与创新',
  problems: '存在问题及分析',
  plans: '下一步工作计划',
};

export interface LayerWindow {
  /** First day reports of the layer may be submitted (YYYY-MM-DD, the plan's calendar). */
  opens: string;
  /** Last day of the window; later submissions are accepted and marked late. */
  closes: string;
}

/** One report someone must write: worked out when the campaign opens. */
export interface Assignment {
  reportId: string;
  layer: CampaignLayer;
  /** `person:<userId>`, `project:<projectId>`, `level:<levelId>` or `plan:<planId>`. */
  scope: string;
  /** What the report covers, as the to-do names it. */
  title: string;
  authors: string[];
  /** Grants an author must still hold one of when writing (none: being named here is enough). */
  authorGrants: string[];
  signers: string[];
  /** Grants a signer must still hold one of when signing off or returning. */
  signerGrants: string[];
  /** Reports of the layer below that this one sums up (it may read and quote them). */
  below: string[];
}

export type Sections = Record<ReportSection, string>;

export interface CampaignSpec {
  campaignId: string;
  planId: string;
  kind: CampaignKind;
  title: string;
  periodStart: string;
  periodEnd: string;
  cutoff: string;
  windows: Record<CampaignLayer, LayerWindow>;
  roster: Assignment[];
}

export type ReportStatus = 'draft' | 'submitted' | 'signed-off' | 'returned';

export interface ReportState {
  assignment: Assignment;
  status: ReportStatus;
  /** Versions saved so far (0: nothing written). */
  version: number;
  sections: Sections;
  submittedOn: string | null;
  late: boolean;
  opinion: string | null;
  returnReason: string | null;
}

export interface TypicalCase {
  caseId: string;
  achievementId: string;
  title: string;
  html: string;
  /** Characters of text (tags and whitespace not counted). */
  characters: number;
  author: string;
  version: number;
}

export interface Publication {
  version: number;
  sha256: string;
  bytes: number;
  fileName: string;
  publishedOn: string;
}

export interface CampaignState {
  spec: CampaignSpec | null;
  reports: Map<string, ReportState>;
  cases: Map<string, TypicalCase>;
  publications: Publication[];
}

/** The figures an achievement's 典型案例 is checked against, loaded from its streams. */
export interface AchievementFacts {
  achievementId: string;
  planId: string;
  tier: 'national' | 'regional';
  /** Owners of the tasks it is linked to: the people who achieved it. */
  achievers: string[];
}

export type CampaignCommand =
  | Message<
      'OpenCampaign',
      CampaignSpec & { plan: { startYear: number; endYear: number }; today: string; actor: Standing }
    >
  | Message<
      'SaveLayerReport',
      { reportId: string; sections: Sections; actor: Standing; expectedVersion?: number }
    >
  | Message<'SubmitLayerReport', { reportId: string; actor: Standing; today: string }>
  | Message<'SignOffLayerReport', { reportId: string; opinion: string; actor: Standing }>
  | Message<'ReturnLayerReport', { reportId: string; reason: string; actor: Standing }>
  | Message<
      'SaveTypicalCase',
      {
        achievement: AchievementFacts;
        title: string;
        html: string;
        actor: Standing;
      }
    >
  | Message<
      'PublishCampaignReport',
      { sha256: string; bytes: number; fileName: string; actor: Standing; today: string }
    >;

export type CampaignEvent =
  | Message<'CampaignOpened', CampaignSpec>
  | Message<
      'LayerReportSaved',
      { campaignId: string; reportId: string; version: number; sections: Sections; author: string }
    >
  | Message<
      'LayerReportSubmitted',
      { campaignId: string; reportId: string; version: number; submittedOn: string; late: boolean }
    >
  | Message<
      'LayerReportSignedOff',
      { campaignId: string; reportId: string; version: number; opinion: string }
    >
  | Message<'LayerReportReturned', { campaignId: string; reportId: string; version: number; reason: string }>
  | Message<'TypicalCaseSaved', { campaignId: string } & TypicalCase>
  | Message<'CampaignReportPublished', { campaignId: string } & Publication>;

export const campaignStream = (campaignId: string): string => `campaign-${campaignId}`;

/** A typical case needs this many characters of text (不少于 1000 字). */
export const TYPICAL_CASE_MIN_CHARACTERS = 1000;
/** A layer's window is at most this many days long. */
export const MAX_WINDOW_DAYS = 92;
/** The last window closes at most this many days after the period ends. */
export const MAX_DAYS_AFTER_PERIOD = 366;
/** Each section holds at most this much HTML. */
export const MAX_SECTION_CHARACTERS = 100_000;

const invalid = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, details);
const conflict = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('conflict', code, message, details);
const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);

export const campaignNotFound = (campaignId: string) =>
  new DomainError('not-found', 'campaign-not-found', '自评工作不存在。', { campaignId });
export const reportNotFound = (reportId: string) =>
  new DomainError('not-found', 'layer-report-not-found', '自评报告不存在。', { reportId });

const DAY_MS = 86_400_000;
const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export const emptySections = (): Sections => ({
  completion: '',
  outcomes: '',
  features: '',
  problems: '',
  plans: '',
});

/** The period each kind must cover, within the plan's years. */
function requirePeriod(spec: CampaignSpec, plan: { startYear: number; endYear: number }): void {
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
function requireWindows(spec: CampaignSpec): void {
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

function requireRoster(spec: CampaignSpec): void {
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
function requireAuthor(report: ReportState, actor: Standing): void {
  const a = report.assignment;
  if (
    !mayWrite(actor) ||
    !a.authors.includes(actor.userId) ||
    (a.authorGrants.length > 0 && !a.authorGrants.some((g) => actor.grants.includes(g)))
  )
    throw forbidden('not-report-author', `您不是「${a.title}」的撰写人，或已不再担任相应职务。`);
}

function requireSigner(report: ReportState, actor: Standing): void {
  const a = report.assignment;
  if (
    !mayWrite(actor) ||
    !a.signers.includes(actor.userId) ||
    !a.signerGrants.some((g) => actor.grants.includes(g))
  )
    throw forbidden('not-report-signer', `您不是「${a.title}」的签署负责人，或已不再担任相应职务。`);
}

function requireReport(state: CampaignState, reportId: string): ReportState {
  const report = state.reports.get(reportId);
  if (!report) throw reportNotFound(reportId);
  return report;
}

function requireOffice(planId: string, actor: Standing): void {
  if (!mayWrite(actor) || !(holds(actor, 'office', `plan:${planId}`) || holds(actor, 'office', '*')))
    throw forbidden('not-office', '只有项目办可以进行此操作。');
}

const copy = (state: CampaignState): CampaignState => ({
  spec: state.spec,
  reports: new Map([...state.reports].map(([id, r]) => [id, { ...r }])),
  cases: new Map(state.cases),
  publications: [...state.publications],
});

function step(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignOpened':
      state.spec = event.data;
      for (const assignment of event.data.roster)
        state.reports.set(assignment.reportId, {
          assignment,
          status: 'draft',
          version: 0,
          sections: emptySections(),
          submittedOn: null,
          late: false,
          opinion: null,
          returnReason: null,
        });
      return state;
    case 'LayerReportSaved': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        version: event.data.version,
        sections: event.data.sections,
      });
      return state;
    }
    case 'LayerReportSubmitted': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        status: 'submitted',
        submittedOn: event.data.submittedOn,
        late: event.data.late,
        returnReason: null,
      });
      return state;
    }
    case 'LayerReportSignedOff': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        status: 'signed-off',
        opinion: event.data.opinion,
      });
      return state;
    }
    case 'LayerReportReturned': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        status: 'returned',
        returnReason: event.data.reason,
        opinion: null,
      });
      return state;
    }
    case 'TypicalCaseSaved': {
      const { campaignId: _campaignId, ...typicalCase } = event.data;
      state.cases.set(typicalCase.achievementId, typicalCase);
      return state;
    }
    case 'CampaignReportPublished': {
      const { campaignId: _campaignId, ...publication } = event.data;
      state.publications.push(publication);
      return state;
    }
    default:
      return assertNever(event);
  }
}

/**
 * A 绩效自评 campaign: its layers and windows, every layer report and 典型案例 written in it,
 * the sign-offs and returns, and the school report's publications. One stream per campaign.
 */
export const campaignDecider: InPlaceDecider<CampaignState, CampaignCommand, CampaignEvent> = {
  initialState: () => ({ spec: null, reports: new Map(), cases: new Map(), publications: [] }),
  ...evolvers(copy, step),
  decide(command, state) {
    if (command.type === 'OpenCampaign') {
      if (state.spec)
        throw conflict(
          'campaign-exists',
          `该建设方案已有同一期间的${CAMPAIGN_KINDS[state.spec.kind]}自评工作。`,
        );
      const { plan, today: _today, actor, ...spec } = command.data;
      requireOffice(spec.planId, actor);
      if (!(spec.kind in CAMPAIGN_KINDS))
        throw invalid('invalid-campaign-kind', '自评类型应为年度、中期或终期。');
      requirePeriod(spec, plan);
      requireDate(spec.cutoff, '统计截止日期');
      if (spec.cutoff < spec.periodStart || spec.cutoff > spec.periodEnd)
        throw invalid('cutoff-outside-period', '统计截止日期应在自评期间之内。');
      requireWindows(spec);
      requireRoster(spec);
      return [{ type: 'CampaignOpened', data: { ...spec, title: requireText(spec.title, '自评名称', 100) } }];
    }
    if (!state.spec) throw campaignNotFound('');
    const campaignId = state.spec.campaignId;
    switch (command.type) {
      case 'SaveLayerReport': {
        const report = requireReport(state, command.data.reportId);
        requireAuthor(report, command.data.actor);
        if (report.status === 'submitted' || report.status === 'signed-off')
          throw conflict('report-not-editable', '报告已提交，退回修改后才能再编辑。');
        if (command.data.expectedVersion !== undefined && command.data.expectedVersion !== report.version)
          throw new DomainError(
            'precondition-failed',
            'report-version-stale',
            `报告已被他人修改（当前第 ${report.version} 版），请刷新后再保存。`,
          );
        for (const section of REPORT_SECTIONS) {
          const html = command.data.sections[section];
          if (typeof html !== 'string')
            throw invalid('section-missing', `缺少「${SECTION_NAMES[section]}」。`);
          if (html.length > MAX_SECTION_CHARACTERS)
            throw invalid(
              'section-too-long',
              `「${SECTION_NAMES[section]}」过长（不超过 ${MAX_SECTION_CHARACTERS} 字符）。`,
            );
        }
        const sections = Object.fromEntries(
          REPORT_SECTIONS.map((s) => [s, command.data.sections[s]]),
        ) as Sections;
        if (REPORT_SECTIONS.every((s) => sections[s] === report.sections[s])) return [];
        return [
          {
            type: 'LayerReportSaved',
            data: {
              campaignId,
              reportId: report.assignment.reportId,
              version: report.version + 1,
              sections,
              author: command.data.actor.userId,
            },
          },
        ];
      }
      case 'SubmitLayerReport': {
        const report = requireReport(state, command.data.reportId);
        requireAuthor(report, command.data.actor);
        if (report.status === 'submitted' || report.status === 'signed-off')
          throw conflict('report-already-submitted', '报告已提交。');
        const window = state.spec.windows[report.assignment.layer];
        const today = requireDate(command.data.today, '今天');
        if (today < window.opens)
          throw conflict(
            'layer-not-open',
            `「${LAYER_NAMES[report.assignment.layer]}」自 ${window.opens} 开始，须在下一层自评结束后提交。`,
          );
        const empty = REPORT_SECTIONS.filter((s) => plainLength(report.sections[s]) === 0);
        if (empty.length > 0)
          throw invalid('report-incomplete', `请先填写：${empty.map((s) => SECTION_NAMES[s]).join('、')}。`, {
            sections: empty,
          });
        return [
          {
            type: 'LayerReportSubmitted',
            data: {
              campaignId,
              reportId: report.assignment.reportId,
              version: report.version,
              submittedOn: today,
              late: today > window.closes,
            },
          },
        ];
      }
      case 'SignOffLayerReport': {
        const report = requireReport(state, command.data.reportId);
        requireSigner(report, command.data.actor);
        if (report.status !== 'submitted')
          throw conflict('report-not-submitted', '报告尚未提交，不能签署意见。');
        return [
          {
            type: 'LayerReportSignedOff',
            data: {
              campaignId,
              reportId: report.assignment.reportId,
              version: report.version,
              opinion: requireText(command.data.opinion, '签署意见', 2000),
            },
          },
        ];
      }
      case 'ReturnLayerReport': {
        const report = requireReport(state, command.data.reportId);
        const { actor } = command.data;
        // The signer returns what was submitted to them; the office may also return a signed report.
        const office = (() => {
          try {
            requireOffice(state.spec.planId, actor);
            return true;
          } catch {
            return false;
          }
        })();
        if (!office) requireSigner(report, actor);
        if (report.status === 'draft' || report.status === 'returned')
          throw conflict('report-not-submitted', '报告尚未提交，无需退回。');
        if (report.status === 'signed-off' && !office)
          throw conflict('report-signed-off', '报告已签署，只有项目办可以退回。');
        return [
          {
            type: 'LayerReportReturned',
            data: {
              campaignId,
              reportId: report.assignment.reportId,
              version: report.version,
              reason: requireText(command.data.reason, '退回原因', 2000),
            },
          },
        ];
      }
      case 'SaveTypicalCase': {
        const { achievement, actor } = command.data;
        if (achievement.planId !== state.spec.planId)
          throw new DomainError('not-found', 'achievement-not-found', '标志性成果不存在。');
        if (achievement.tier !== 'national' && achievement.tier !== 'regional')
          throw invalid('case-needs-provincial', '典型案例须对应省级及以上标志性成果。');
        if (!mayWrite(actor) || !achievement.achievers.includes(actor.userId))
          throw forbidden('not-achiever', '典型案例由取得该标志性成果的任务负责人撰写。');
        const characters = plainLength(command.data.html);
        if (characters < TYPICAL_CASE_MIN_CHARACTERS)
          throw invalid(
            'case-too-short',
            `典型案例不少于 ${TYPICAL_CASE_MIN_CHARACTERS} 字（现有 ${characters} 字）。`,
            { characters },
          );
        if (command.data.html.length > MAX_SECTION_CHARACTERS)
          throw invalid('section-too-long', `典型案例过长（不超过 ${MAX_SECTION_CHARACTERS} 字符）。`);
        const previous = state.cases.get(achievement.achievementId);
        const title = requireText(command.data.title, '案例标题', 100);
        if (previous && previous.html === command.data.html && previous.title === title) return [];
        return [
          {
            type: 'TypicalCaseSaved',
            data: {
              campaignId,
              caseId: `${campaignId}:${achievement.achievementId}`,
              achievementId: achievement.achievementId,
              title,
              html: command.data.html,
              characters,
              author: actor.userId,
              version: (previous?.version ?? 0) + 1,
            },
          },
        ];
      }
      case 'PublishCampaignReport': {
        requireOffice(state.spec.planId, command.data.actor);
        const school = [...state.reports.values()].find((r) => r.assignment.layer === 'school')!;
        if (school.status !== 'signed-off')
          throw conflict('school-report-not-signed', '学校自评总结签署意见后才能发布。');
        if (!/^[0-9a-f]{64}$/.test(command.data.sha256))
          throw invalid('invalid-hash', '报告文件的哈希值无效。');
        const last = state.publications[state.publications.length - 1];
        if (last?.sha256 === command.data.sha256) return [];
        return [
          {
            type: 'CampaignReportPublished',
            data: {
              campaignId,
              version: state.publications.length + 1,
              sha256: command.data.sha256,
              bytes: command.data.bytes,
              fileName: command.data.fileName,
              publishedOn: requireDate(command.data.today, '今天'),
            },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },
  eventTypes: eventTypesOf<CampaignEvent>({
    CampaignOpened: true,
    LayerReportSaved: true,
    LayerReportSubmitted: true,
    LayerReportSignedOff: true,
    LayerReportReturned: true,
    TypicalCaseSaved: true,
    CampaignReportPublished: true,
  }),
};

/** Characters of text in stored HTML: tags, entities' markup and whitespace not counted. */
export function plainLength(html: string): number {
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi, 'x')
    .replace(/\s+/g, '');
  return [...text].length;
}
