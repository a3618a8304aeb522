import { assertNever, eventTypesOf, evolvers, type InPlaceDecider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate, requireText } from '../shared/values';
import { mayWrite } from '../user/standing';
import {
  CAMPAIGN_KINDS,
  LAYER_NAMES,
  MAX_SECTION_CHARACTERS,
  REPORT_SECTIONS,
  SECTION_NAMES,
  TYPICAL_CASE_MIN_CHARACTERS,
  type CampaignCommand,
  type CampaignEvent,
  type CampaignState,
  type Sections,
} from './messages';
import {
  campaignNotFound,
  conflict,
  forbidden,
  invalid,
  requireAuthor,
  requireOffice,
  requirePeriod,
  requireReport,
  requireRoster,
  requireSigner,
  requireWindows,
} from './rules';
import { copy, step } from './state';

export * from './messages';
export { campaignNotFound, emptySections, reportNotFound } from './rules';

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
