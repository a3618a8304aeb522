import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  AssignFinding,
  CloseExpertReview,
  DecideRectification,
  InviteExpert,
  OpenExpertReview,
  RecordExpertScore,
  RecordFinding,
  stepOf,
  SubmitRectification,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import type { ExpertCandidates, ExpertComparison, ExpertComparisonRow } from '@sg/contracts';
import { expertReviewNotFound, findingNotFound, planNotFound } from '@sg/domain';
import {
  CompletionQueries,
  DirectoryQueries,
  ExpertReviewQueries,
  FindingQueries,
  NotificationQueries,
  ScoreQueries,
  UserQueries,
} from '@sg/read-models';
import Decimal from 'decimal.js';
import { NoQuery } from '../http/as-of';
import { IdParam } from '../http/ids';
import { localDate } from '../http/local-time';
import { Ctx } from '../http/request-context';
import { XLSX } from '../exports/exports.controller';
import { extractUpload, importInvalid, requireXlsxBody } from '../imports/import-refusal';
import {
  ApproveRectificationDto,
  AssignFindingDto,
  ExpertScoreDto,
  FindingFilterDto,
  InviteExpertDto,
  OpenExpertReviewDto,
  RecordFindingDto,
  ReturnRectificationDto,
  SubmitRectificationDto,
} from './rectification.dto';
import { readFindingsWorkbook } from './finding-import';
import { ReasonDto } from '../http/reason.dto';
import { GetCurrentRoute, GetRoute, PostRoute } from '../http/routes';

@ApiTags('整改与专家评审')
@Controller()
export class RectificationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly findings: FindingQueries,
    private readonly reviews: ExpertReviewQueries,
    private readonly notifications: NotificationQueries,
    private readonly completion: CompletionQueries,
    private readonly scores: ScoreQueries,
    private readonly directory: DirectoryQueries,
    private readonly users: UserQueries,
  ) {}

  /** Today in the plan's calendar: what "overdue" is measured against. */
  private today(planId: string): string {
    return localDate(new Date(), this.notifications.settings(planId).settings.timezone);
  }

  @PostRoute('plans/:planId/findings', 'plan.manage', '登记整改问题（来源、严重程度、涉及的指标或任务）')
  record(
    @IdParam('planId') planId: string,
    @Body() { reason: _reason, ...input }: RecordFindingDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new RecordFinding(planId, input, context));
  }

  @PostRoute(
    'plans/:planId/findings/import',
    'plan.manage',
    '从 XLSX 导入问题清单：先检查所有单元格，任何一处有误则整份不导入，并列出每个有误的单元格',
  )
  @ApiConsumes(XLSX)
  @ApiBody({
    description:
      '问题清单（XLSX 文件本身作为请求体）：来源、严重程度、指标编号或任务名称、标题、描述、责任人用户名、责任部门、整改期限',
  })
  async import(
    @IdParam('planId') planId: string,
    @Body() body: unknown,
    @Ctx() context: CommandContext,
  ): Promise<{ imported: number; ids: string[] }> {
    requireXlsxBody(body);
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const document = await extractUpload(body);
    const indicators = new Map(
      this.scores
        .report(planId)
        .levels.flatMap((l) =>
          l.categories.flatMap((c) => c.subcategories.flatMap((s) => s.rows.flatMap((r) => r.indicators))),
        )
        .map((i) => [i.code, i.indicatorId]),
    );
    const tasks = new Map<string, string[]>();
    for (const task of this.completion.tasksOfPlan(planId))
      tasks.set(task.title, [...(tasks.get(task.title) ?? []), task.taskId]);
    const read = readFindingsWorkbook(document, {
      indicator: (code) => indicators.get(code),
      task: (title) => {
        const ids = tasks.get(title) ?? [];
        return ids.length === 1 ? ids[0] : undefined;
      },
      user: (username) => {
        const user = this.users.byUsername(username);
        return user && !user.disabled ? user.userId : undefined;
      },
      department: (name) => this.directory.departments().find((d) => d.name === name.trim())?.departmentId,
    });
    if (!read.ok) throw importInvalid(read.errors);
    const ids: string[] = [];
    for (const [i, row] of read.rows.entries()) {
      const { id } = await this.commands.execute(
        new RecordFinding(planId, row.finding, stepOf(context, `finding-${i}`)),
      );
      ids.push(id);
      if (row.assignment)
        await this.commands.execute(new AssignFinding(id, row.assignment, stepOf(context, `assign-${i}`)));
    }
    return { imported: ids.length, ids };
  }

  @GetRoute(
    'plans/:planId/findings',
    'plan.read',
    '整改问题清单（可按状态、来源、严重程度、责任人、是否逾期筛选）',
  )
  list(@IdParam('planId') planId: string, @Query() filter: FindingFilterDto) {
    if (!this.completion.plan(planId)) throw planNotFound(planId);
    return { items: this.findings.list(planId, this.today(planId), filter) };
  }

  @GetCurrentRoute(
    'plans/:planId/rectification-progress',
    'plan.read',
    '整改进展：各状态的问题数、逾期数与销号率',
  )
  progress(@IdParam('planId') planId: string, @NoQuery() _: void) {
    if (!this.completion.plan(planId)) throw planNotFound(planId);
    return this.findings.progress(planId, this.today(planId));
  }

  @GetCurrentRoute('findings/:findingId', 'finding.read', '整改问题详情：分派、历次整改情况与审核')
  finding(@IdParam('findingId') findingId: string, @NoQuery() _: void) {
    const planId = this.findings.planOf(findingId);
    const view = planId && this.findings.byId(findingId, this.today(planId));
    if (!view) throw findingNotFound(findingId);
    return view;
  }

  @PostRoute('findings/:findingId/assign', 'finding.manage', '分派整改责任人（可填责任部门）与整改期限')
  assign(
    @IdParam('findingId') findingId: string,
    @Body() { reason: _reason, ...assignment }: AssignFindingDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new AssignFinding(findingId, assignment, context));
  }

  @PostRoute(
    'findings/:findingId/rectifications',
    'finding.rectify',
    '提交整改情况与佐证材料（整改责任人），提交后待项目办审核',
  )
  rectify(
    @IdParam('findingId') findingId: string,
    @Body() body: SubmitRectificationDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new SubmitRectification(findingId, body.narrative, body.evidenceIds, context),
    );
  }

  @PostRoute(
    'findings/:findingId/approve',
    'finding.review',
    '审核通过整改情况（按整改审核流程逐级审核，最后一级通过即销号）',
  )
  approve(
    @IdParam('findingId') findingId: string,
    @Body() body: ApproveRectificationDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new DecideRectification(findingId, { type: 'Approve', comment: body.comment }, context),
    );
  }

  @PostRoute('findings/:findingId/return', 'finding.review', '退回整改情况（须说明原因），由责任人重新提交')
  returnAction(
    @IdParam('findingId') findingId: string,
    @Body() body: ReturnRectificationDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new DecideRectification(findingId, { type: 'Return', reason: body.reason }, context),
    );
  }

  @PostRoute('plans/:planId/expert-reviews', 'plan.manage', '发起专家评审：评审期间与专家账号有效期')
  openReview(
    @IdParam('planId') planId: string,
    @Body() body: OpenExpertReviewDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new OpenExpertReview(
        planId,
        {
          title: body.title,
          period: { from: body.periodFrom, to: body.periodTo },
          accessUntil: body.accessUntil,
        },
        context,
      ),
    );
  }

  @GetCurrentRoute('plans/:planId/expert-reviews', 'plan.audit', '本方案的专家评审及受邀专家')
  listReviews(@IdParam('planId') planId: string, @NoQuery() _: void) {
    if (!this.completion.plan(planId)) throw planNotFound(planId);
    return { items: this.reviews.ofPlan(planId, new Date()) };
  }

  @GetCurrentRoute('me/expert-reviews', 'signed-in', '我受邀参加、且仍在有效期内的专家评审')
  myReviews(@Ctx() context: CommandContext, @NoQuery() _: void) {
    return { items: this.reviews.activeFor(context.actor, new Date()) };
  }

  @GetCurrentRoute('expert-reviews/:reviewId', 'expert-review.read', '专家评审详情；专家本人看到自己的评分')
  review(@IdParam('reviewId') reviewId: string, @Ctx() context: CommandContext, @NoQuery() _: void) {
    const review = this.reviews.byId(reviewId, new Date());
    if (!review) throw expertReviewNotFound(reviewId);
    return { ...review, myScores: this.reviews.scores(reviewId, context.actor) };
  }

  @GetCurrentRoute(
    'expert-reviews/:reviewId/candidates',
    'expert-review.manage',
    '可邀请的专家账号：持有本方案「评审专家（校外）」角色、未停用、尚未受邀',
  )
  candidates(@IdParam('reviewId') reviewId: string, @NoQuery() _: void): ExpertCandidates {
    const review = this.reviews.byId(reviewId, new Date());
    if (!review) throw expertReviewNotFound(reviewId);
    const invited = new Set(review.experts.map((e) => e.userId));
    const items = this.users.withRole('expert', [`plan:${review.planId}`]).filter((id) => !invited.has(id));
    return {
      items: items.map((userId) => ({ userId, name: this.users.byId(userId)?.displayName ?? userId })),
    };
  }

  @PostRoute(
    'expert-reviews/:reviewId/experts',
    'expert-review.manage',
    '邀请专家（账号须持有本方案的「评审专家（校外）」角色）',
  )
  invite(
    @IdParam('reviewId') reviewId: string,
    @Body() body: InviteExpertDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new InviteExpert(reviewId, body.expertId, context));
  }

  @PostRoute('expert-reviews/:reviewId/close', 'expert-review.manage', '结束专家评审：专家账号即刻不能再访问')
  close(
    @IdParam('reviewId') reviewId: string,
    @Body() _body: ReasonDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new CloseExpertReview(reviewId, context));
  }

  @PostRoute(
    'expert-reviews/:reviewId/scores',
    'expert-review.score',
    '专家按指标评分并填写意见（再次评分取代本人之前的评分）',
  )
  score(
    @IdParam('reviewId') reviewId: string,
    @Body() body: ExpertScoreDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RecordExpertScore(reviewId, body.indicatorId, body.score, body.comment, context),
    );
  }

  @GetCurrentRoute(
    'expert-reviews/:reviewId/comparison',
    'expert-review.audit',
    '自评分与专家评分对照：每个指标的自评分（截至评审期间末）、各专家评分与差值',
  )
  comparison(@IdParam('reviewId') reviewId: string, @NoQuery() _: void): ExpertComparison {
    const review = this.reviews.byId(reviewId, new Date());
    if (!review) throw expertReviewNotFound(reviewId);
    const report = this.scores.report(review.planId, { cutoff: review.period.to });
    const scores = this.reviews.scores(reviewId);
    const names = new Map(review.experts.map((e) => [e.userId, e.name]));
    const rows: ExpertComparisonRow[] = report.levels.flatMap((level) =>
      level.categories.flatMap((c) =>
        c.subcategories.flatMap((s) =>
          s.rows.flatMap((row) =>
            row.indicators.map((indicator): ExpertComparisonRow => {
              const self = new Decimal(indicator.assessment.score);
              const experts = scores
                .filter((x) => x.indicatorId === indicator.indicatorId)
                .map((x) => ({
                  expertId: x.expertId,
                  name: names.get(x.expertId) ?? x.expertId,
                  score: x.score,
                  comment: x.comment,
                  difference: new Decimal(x.score).minus(self).toString(),
                }));
              const mean =
                experts.length === 0
                  ? null
                  : experts
                      .reduce((sum, x) => sum.plus(x.score), new Decimal(0))
                      .div(experts.length)
                      .toDecimalPlaces(2);
              return {
                indicatorId: indicator.indicatorId,
                code: indicator.code,
                name: indicator.name,
                points: indicator.points,
                selfScore: self.toString(),
                experts,
                expertMean: mean?.toString() ?? null,
                meanDifference: mean ? mean.minus(self).toString() : null,
              };
            }),
          ),
        ),
      ),
    );
    return { review, asOf: review.period.to, rows };
  }
}
