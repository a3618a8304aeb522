import { Body, Controller, Inject, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { ActOnCampaign, OpenCampaign, type CommandContext, type CommandResult } from '@sg/application';
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_LAYERS,
  campaignNotFound,
  DomainError,
  LAYER_NAMES,
  planNotFound,
  REPORT_SECTIONS,
  reportNotFound,
  SECTION_NAMES,
  TYPICAL_CASE_MIN_CHARACTERS,
  type CampaignState,
  type ReportState,
} from '@sg/domain';
import {
  AchievementQueries,
  CampaignQueries,
  CompletionQueries,
  EvidenceQueries,
  FundsQueries,
  NotificationQueries,
  ReconciliationQueries,
  ScoreQueries,
  UserQueries,
} from '@sg/read-models';
import type { ContentStore } from '@sg/evidence';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { CONTENT_STORE } from '../evidence/evidence.tokens';
import { NoQuery } from '../http/as-of';
import { IdParam } from '../http/ids';
import { localDate } from '../http/local-time';
import { Ctx } from '../http/request-context';
import { attachment, DOCX } from '../exports/exports.controller';
import { selfEvaluationDocument } from '../exports/self-evaluation.document';
import { OpenCampaignDto, OpinionDto, ReturnDto, SaveReportDto, TypicalCaseDto } from './campaigns.dto';
import { scopeFigures, type ScopeFigures } from './scope-figures';
import { campaignNarratives } from './campaign-document';
import type { Principal } from '../auth/principal';
import { GetCurrentRoute, PostRoute, PutRoute } from '../http/routes';

const STATUS_NAMES = {
  draft: '未提交',
  submitted: '已提交，待签署',
  'signed-off': '已签署',
  returned: '退回修改',
} as const;

@ApiTags('绩效自评')
@Controller()
export class CampaignsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly campaigns: CampaignQueries,
    private readonly completion: CompletionQueries,
    private readonly scores: ScoreQueries,
    private readonly funds: FundsQueries,
    private readonly achievements: AchievementQueries,
    private readonly users: UserQueries,
    private readonly notifications: NotificationQueries,
    private readonly reconciliation: ReconciliationQueries,
    private readonly evidence: EvidenceQueries,
    @Inject(CONTENT_STORE) private readonly store: ContentStore,
  ) {}

  @PostRoute(
    'plans/:planId/campaigns',
    'plan.manage',
    '开展绩效自评（年度 / 中期 / 终期）：期间、统计截止日期、四个层级（个人 → 建设单位 → 建设组 → 学校）各自的起止日期；按任务负责人与项目自动确定各层报告的撰写人与签署人',
  )
  open(
    @IdParam('planId') planId: string,
    @Body() body: OpenCampaignDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new OpenCampaign(planId, body, context));
  }

  @GetCurrentRoute('plans/:planId/campaigns', 'plan.read', '建设方案的绩效自评列表')
  list(@IdParam('planId') planId: string, @NoQuery() _query: void) {
    return this.campaigns.ofPlan(planId).map((c) => ({ ...c, kindName: CAMPAIGN_KINDS[c.kind] }));
  }

  @GetCurrentRoute(
    'campaigns/:campaignId',
    'campaign.read',
    '绩效自评总览：各层报告的撰写人、状态（未提交 / 已提交 / 已签署 / 退回）、是否逾期、典型案例与已发布版本',
  )
  async overview(@IdParam('campaignId') campaignId: string, @NoQuery() _query: void) {
    const state = await this.load(campaignId);
    const spec = state.spec!;
    const name = this.names();
    const today = this.today(spec.planId);
    const reports = [...state.reports.values()];
    return {
      campaignId,
      planId: spec.planId,
      kind: spec.kind,
      kindName: CAMPAIGN_KINDS[spec.kind],
      title: spec.title,
      periodStart: spec.periodStart,
      periodEnd: spec.periodEnd,
      cutoff: spec.cutoff,
      today,
      layers: CAMPAIGN_LAYERS.map((layer) => {
        const of = reports.filter((r) => r.assignment.layer === layer);
        const window = spec.windows[layer];
        return {
          layer,
          name: LAYER_NAMES[layer],
          ...window,
          total: of.length,
          submitted: of.filter((r) => r.status === 'submitted' || r.status === 'signed-off').length,
          signedOff: of.filter((r) => r.status === 'signed-off').length,
          reports: of.map((r) => this.reportSummary(r, window.closes, today, name)),
        };
      }),
      typicalCases: this.caseList(state, name),
      publications: state.publications,
    };
  }

  @GetCurrentRoute(
    'campaigns/:campaignId/todo',
    'campaign.read',
    '我的绩效自评待办：要撰写、要签署的报告与要写的典型案例，附本人范围截至统计截止日期的数据',
  )
  async todo(@IdParam('campaignId') campaignId: string, @NoQuery() _query: void, @Req() req: Request) {
    const state = await this.load(campaignId);
    const spec = state.spec!;
    const me = req.principal!.userId;
    const name = this.names();
    const today = this.today(spec.planId);
    const reports = [...state.reports.values()];
    const write = reports.filter((r) => r.assignment.authors.includes(me));
    const sign = reports.filter((r) => r.assignment.signers.includes(me) && r.status === 'submitted');
    return {
      campaignId,
      title: spec.title,
      cutoff: spec.cutoff,
      today,
      write: write.map((r) => ({
        ...this.reportSummary(r, spec.windows[r.assignment.layer].closes, today, name),
        figures: this.figures(spec.planId, r.assignment.scope, spec.cutoff),
      })),
      sign: sign.map((r) => this.reportSummary(r, spec.windows[r.assignment.layer].closes, today, name)),
      typicalCases: this.caseList(state, name).filter((c) => c.achievers.some((a) => a.userId === me)),
    };
  }

  @GetCurrentRoute(
    'campaigns/:campaignId/reports/:reportId',
    'campaign.read',
    '自评报告：各部分内容、版本、签署意见或退回原因、本范围截至统计截止日期的数据，以及下一层的报告（可引用）',
  )
  async report(
    @IdParam('campaignId') campaignId: string,
    @IdParam('reportId') reportId: string,
    @NoQuery() _query: void,
    @Req() req: Request,
  ) {
    const state = await this.load(campaignId);
    const report = this.readable(state, reportId, req.principal!);
    const spec = state.spec!;
    const name = this.names();
    const today = this.today(spec.planId);
    const me = req.principal!.userId;
    return {
      ...this.reportSummary(report, spec.windows[report.assignment.layer].closes, today, name),
      campaignTitle: spec.title,
      cutoff: spec.cutoff,
      window: spec.windows[report.assignment.layer],
      sections: REPORT_SECTIONS.map((s) => ({ key: s, name: SECTION_NAMES[s], html: report.sections[s] })),
      figures: this.figures(spec.planId, report.assignment.scope, spec.cutoff),
      mayWrite:
        report.assignment.authors.includes(me) && (report.status === 'draft' || report.status === 'returned'),
      maySign: report.assignment.signers.includes(me) && report.status === 'submitted',
      below: report.assignment.below
        .map((id) => state.reports.get(id)!)
        .map((r) => ({
          ...this.reportSummary(r, spec.windows[r.assignment.layer].closes, today, name),
          sections: REPORT_SECTIONS.map((s) => ({ key: s, name: SECTION_NAMES[s], html: r.sections[s] })),
        })),
    };
  }

  @GetCurrentRoute(
    'campaigns/:campaignId/reports/:reportId/versions',
    'campaign.read',
    '自评报告的历次版本（保存时间、撰写人与内容）',
  )
  async versions(
    @IdParam('campaignId') campaignId: string,
    @IdParam('reportId') reportId: string,
    @NoQuery() _query: void,
    @Req() req: Request,
  ) {
    this.readable(await this.load(campaignId), reportId, req.principal!);
    const name = this.names();
    return (await this.campaigns.versions(campaignId, reportId)).map((v) => ({
      ...v,
      authorName: name(v.author),
    }));
  }

  @PutRoute(
    'campaigns/:campaignId/reports/:reportId',
    'campaign.write',
    '保存自评报告（每次保存为一个新版本）：五个部分为富文本，只保留标题、段落、列表、表格、佐证材料图片与数据块；可带 expectedVersion 防止覆盖他人的修改',
  )
  save(
    @IdParam('campaignId') campaignId: string,
    @IdParam('reportId') reportId: string,
    @Body() body: SaveReportDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ActOnCampaign(
        campaignId,
        { kind: 'save', reportId, sections: body.sections, expectedVersion: body.expectedVersion },
        context,
      ),
    );
  }

  @PostRoute(
    'campaigns/:campaignId/reports/:reportId/submit',
    'campaign.write',
    '提交自评报告，请负责人签署意见（本层开始之前不能提交；截止后提交记为逾期）',
  )
  submit(
    @IdParam('campaignId') campaignId: string,
    @IdParam('reportId') reportId: string,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new ActOnCampaign(campaignId, { kind: 'submit', reportId }, context));
  }

  @PostRoute('campaigns/:campaignId/reports/:reportId/sign-off', 'campaign.write', '负责人签署意见')
  signOff(
    @IdParam('campaignId') campaignId: string,
    @IdParam('reportId') reportId: string,
    @Body() body: OpinionDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ActOnCampaign(campaignId, { kind: 'sign-off', reportId, opinion: body.opinion }, context),
    );
  }

  @PostRoute(
    'campaigns/:campaignId/reports/:reportId/return',
    'campaign.write',
    '退回自评报告修改（须说明原因）',
  )
  returnReport(
    @IdParam('campaignId') campaignId: string,
    @IdParam('reportId') reportId: string,
    @Body() body: ReturnDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ActOnCampaign(campaignId, { kind: 'return', reportId, reason: body.reason }, context),
    );
  }

  @PutRoute(
    'campaigns/:campaignId/typical-cases/:achievementId',
    'campaign.write',
    `撰写省级及以上标志性成果的典型案例（不少于 ${TYPICAL_CASE_MIN_CHARACTERS} 字，由取得该成果的任务负责人撰写）`,
  )
  typicalCase(
    @IdParam('campaignId') campaignId: string,
    @IdParam('achievementId') achievementId: string,
    @Body() body: TypicalCaseDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ActOnCampaign(
        campaignId,
        { kind: 'typical-case', achievementId, title: body.title, html: body.html },
        context,
      ),
    );
  }

  @GetCurrentRoute(
    'campaigns/:campaignId/report.docx',
    'campaign.read',
    '学校绩效自评报告（Word）：学校自评总结各部分与典型案例，加上截至本次自评统计截止日期的各项表格；同一内容重复生成字节相同',
  )
  @ApiProduces(DOCX)
  async document(@IdParam('campaignId') campaignId: string, @NoQuery() _query: void) {
    const { buffer, fileName } = await this.build(await this.load(campaignId));
    return new StreamableFile(buffer, {
      type: DOCX,
      disposition: attachment(fileName),
      length: buffer.length,
    });
  }

  @PostRoute(
    'campaigns/:campaignId/publish',
    'campaign.manage',
    '发布学校绩效自评报告：生成 Word 文档，存档并记录其 SHA-256（学校自评总结须已签署）',
  )
  async publish(
    @IdParam('campaignId') campaignId: string,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult & { sha256: string }> {
    const { buffer, fileName } = await this.build(await this.load(campaignId));
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    // The decider refuses before anything is stored: a refused publication leaves no file.
    const result = await this.commands.execute(
      new ActOnCampaign(campaignId, { kind: 'publish', sha256, bytes: buffer.length, fileName }, context),
    );
    this.store.put(buffer);
    return { ...result, sha256 };
  }

  @GetCurrentRoute(
    'campaigns/:campaignId/publications/:version',
    'campaign.read',
    '下载已发布（存档）的绩效自评报告',
  )
  @ApiProduces(DOCX)
  async publication(
    @IdParam('campaignId') campaignId: string,
    @Param('version') version: string,
    @NoQuery() _query: void,
    @Res({ passthrough: true }) res: Response,
  ) {
    const state = await this.load(campaignId);
    const publication = state.publications.find((p) => String(p.version) === version);
    if (!publication || !this.store.has(publication.sha256))
      throw new DomainError('not-found', 'publication-not-found', '该版本的报告不存在。', { version });
    res.setHeader('ETag', `"${publication.sha256}"`);
    const { createReadStream } = await import('node:fs');
    return new StreamableFile(createReadStream(this.store.pathOf(publication.sha256)), {
      type: DOCX,
      disposition: attachment(publication.fileName),
      length: publication.bytes,
    });
  }

  private async build(state: CampaignState): Promise<{ buffer: Buffer; fileName: string }> {
    const spec = state.spec!;
    const plan = this.completion.plan(spec.planId);
    if (!plan) throw planNotFound(spec.planId);
    const asOf = { cutoff: spec.cutoff };
    const buffer = await selfEvaluationDocument({
      plan,
      scores: this.scores.report(spec.planId, asOf),
      completion: this.completion.planCompletionView(spec.planId, asOf),
      funds: this.funds.funds(spec.planId, asOf),
      achievements: this.achievements.byLevel(spec.planId, asOf),
      cutoff: spec.cutoff,
      asOfDate: spec.cutoff,
      // The report's own figures that the log does not bear out, beside the computed ones.
      reconciliation: this.reconciliation.reconcile(spec.planId),
      narratives: campaignNarratives(
        state,
        this.names(),
        this.achievements.byLevel(spec.planId, asOf),
        this.figures(spec.planId, `plan:${spec.planId}`, spec.cutoff),
        { evidence: this.evidence, store: this.store },
      ),
      campaignTitle: spec.title,
    });
    return { buffer, fileName: `${plan.school}-${spec.title}报告-${spec.cutoff}.docx` };
  }

  private figures(planId: string, scope: string, cutoff: string): ScopeFigures {
    const { completion, scores, funds, achievements } = this;
    return scopeFigures({ completion, scores, funds, achievements }, planId, scope, cutoff);
  }

  private async load(campaignId: string): Promise<CampaignState> {
    const state = await this.campaigns.state(campaignId);
    if (!state.spec) throw campaignNotFound(campaignId);
    return state;
  }

  /**
   * Who reads a report: its authors and signers, the office and readers of everything, and the
   * authors and signers of the reports above it (a higher layer sees the reports below it).
   */
  private readable(state: CampaignState, reportId: string, p: Principal): ReportState {
    const report = state.reports.get(reportId);
    if (!report) throw reportNotFound(reportId);
    const planId = state.spec!.planId;
    const office = p.isAdministrator || p.has('office', `plan:${planId}`);
    const above = (id: string): boolean =>
      [...state.reports.values()].some(
        (r) =>
          r.assignment.below.includes(id) &&
          (r.assignment.authors.includes(p.userId) ||
            r.assignment.signers.includes(p.userId) ||
            above(r.assignment.reportId)),
      );
    const a = report.assignment;
    if (
      p.readsEverything ||
      office ||
      a.authors.includes(p.userId) ||
      a.signers.includes(p.userId) ||
      above(reportId)
    )
      return report;
    throw new DomainError('forbidden', 'report-not-readable', '您无权查看这份自评报告。');
  }

  private reportSummary(r: ReportState, closes: string, today: string, name: (id: string) => string) {
    const a = r.assignment;
    return {
      reportId: a.reportId,
      layer: a.layer,
      layerName: LAYER_NAMES[a.layer],
      scope: a.scope,
      title: a.title,
      authors: a.authors.map((id) => ({ userId: id, name: name(id) })),
      signers: a.signers.map((id) => ({ userId: id, name: name(id) })),
      status: r.status,
      statusName: STATUS_NAMES[r.status],
      version: r.version,
      closes,
      submittedOn: r.submittedOn,
      late: r.late || ((r.status === 'draft' || r.status === 'returned') && today > closes),
      opinion: r.opinion,
      returnReason: r.returnReason,
    };
  }

  /** Every 省级及以上 标志性成果 as of the cut-off, with its case (or none yet) and who achieved it. */
  private caseList(state: CampaignState, name: (id: string) => string) {
    const spec = state.spec!;
    const tasks = new Map(this.completion.tasksOfPlan(spec.planId).map((t) => [t.taskId, t]));
    return this.achievements
      .byLevel(spec.planId, { cutoff: spec.cutoff })
      .levels.flatMap((l) => l.achievements)
      .map((a) => {
        const c = state.cases.get(a.achievementId);
        const achievers = [
          ...new Set(a.taskIds.map((t) => tasks.get(t)?.ownerId).filter((x): x is string => !!x)),
        ];
        return {
          achievementId: a.achievementId,
          achievement: a.title,
          tier: a.tier,
          awardedOn: a.awardedOn,
          achievers: achievers.map((id) => ({ userId: id, name: name(id) })),
          written: !!c,
          title: c?.title ?? null,
          html: c?.html ?? null,
          characters: c?.characters ?? 0,
          version: c?.version ?? 0,
          author: c ? name(c.author) : null,
        };
      });
  }

  private names(): (id: string) => string {
    const map = new Map(this.users.list().map((u) => [u.userId, u.displayName]));
    return (id) => map.get(id) ?? id;
  }

  private today(planId: string): string {
    return localDate(new Date(), this.notifications.settings(planId).settings.timezone);
  }
}
