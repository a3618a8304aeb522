import { Body, Controller, Get, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ActOnSubmission,
  ApprovalChainQueries,
  ApproveInBatch,
  ConfigureApprovalChain,
  SubmitProgress,
  type CommandContext,
  type CommandResult,
  type ReviewAction,
} from '@sg/application';
import { reviewerScopes, STAGE_ROLES } from '@sg/domain';
import {
  AuditQueries,
  CompletionQueries,
  NotificationQueries,
  ReviewInboxQueries,
  SubmissionQueries,
  UserQueries,
  type SubmissionView,
  DirectoryQueries,
} from '@sg/read-models';
import type { BatchApprovalResult, InboxItem, Paged } from '@sg/contracts';
import { problemTitle } from '@sg/contracts';
import { ListQuery } from '../http/list-query';
import { localDateTime } from '../http/local-time';
import { STATUS_OF_KIND } from '../http/problem-details';
import type { Request } from 'express';
import { SignedIn } from '../auth/access';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { ReasonDto } from '../http/reason.dto';
import {
  ApprovalChainDto,
  ApproveDto,
  BatchApproveDto,
  ChangeEvidenceDto,
  InboxQueryDto,
  CommentDto,
  RejectDto,
  SubmitDto,
  TransferDto,
} from './submissions.dto';
import { GetRoute, PostRoute } from '../http/routes';

@ApiTags('进展提交与审核')
@Controller()
export class SubmissionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly submissions: SubmissionQueries,
    private readonly audit: AuditQueries,
    private readonly approvalChains: ApprovalChainQueries,
    private readonly completion: CompletionQueries,
    private readonly users: UserQueries,
    private readonly directory: DirectoryQueries,
    private readonly inboxes: ReviewInboxQueries,
    private readonly notifications: NotificationQueries,
  ) {}

  @PostRoute('plans/:planId/approval-chains', 'plan.manage', '配置审核流程（全方案，或按层面、项目覆盖）')
  configure(
    @IdParam('planId') planId: string,
    @Body() body: ApprovalChainDto,
    @Ctx() context: CommandContext,
  ) {
    return this.commands.execute(new ConfigureApprovalChain(planId, body.scope, body.stages, context));
  }

  @GetRoute(
    'plans/:planId/approval-chains',
    'plan.read',
    '已配置的审核流程：全方案，及按层面、项目的覆盖（范围最小者生效）',
  )
  async chains(@IdParam('planId') planId: string) {
    return { items: await this.approvalChains.ofPlan(planId) };
  }

  @PostRoute(
    'tasks/:taskId/submissions',
    'task.report',
    '提交进展（完成度、建设成果及成效、佐证材料），进入审核流程',
  )
  submit(
    @Param('taskId') taskId: string,
    @Body() body: SubmitDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { evidenceIds, reason: _reason, ...content } = body;
    return this.commands.execute(new SubmitProgress(taskId, content, evidenceIds, context));
  }

  @GetRoute('tasks/:taskId/submissions', 'task.read', '某任务的各次提交：所处环节、状态及退回原因')
  ofTask(@Param('taskId') taskId: string): SubmissionView[] {
    return this.submissions.ofTask(taskId).map((s) => this.named(s));
  }

  /** With the names of everyone it mentions: the web shows names, never ids (ADR 0026). */
  private named<T extends SubmissionView>(
    s: T,
  ): T & { submitterName: string; names: Record<string, string> } {
    const names = this.directory.namesOf([
      s.submitter,
      ...s.approvals,
      ...s.stages.flatMap((st) => st.reviewers),
    ]);
    return { ...s, submitterName: names[s.submitter] ?? '', names };
  }

  @GetRoute('reviews/inbox', 'signed-in', '待办审核：等待我审核的提交，等待最久的在前')
  inbox(@Req() req: Request) {
    const now = Date.now();
    return this.submissions.inbox(req.principal!.userId).map((s) => ({
      ...this.named(s),
      waitingHours: Math.floor((now - Date.parse(s.waitingSince)) / 3_600_000),
    }));
  }

  @Get('reviews/queue')
  @SignedIn()
  @ApiOperation({
    summary:
      '待办审核（列表）：等待我审核的提交，含提交人、项目、任务、截止日期、提交时间（方案所在时区）；可筛选、排序、分页',
    description: '不接受未列出的查询参数（给出则 400）。',
  })
  queue(@ListQuery(InboxQueryDto) query: InboxQueryDto, @Req() req: Request): Paged<InboxItem> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = this.inboxes.page(
      req.principal!.userId,
      {
        text: query.q?.trim() || undefined,
        projectId: query.projectId,
        batchOnly: query.batchable === 'true',
      },
      { sort: query.sort ?? 'waiting', order: query.order ?? 'asc', page, pageSize },
    );
    const now = Date.now();
    const zones = new Map<string, string>();
    const zoneOf = (planId: string) => {
      if (!zones.has(planId)) zones.set(planId, this.notifications.settings(planId).settings.timezone);
      return zones.get(planId)!;
    };
    return {
      total,
      page,
      pageSize,
      items: items.map(({ projectSeq: _seq, ...item }) => ({
        ...item,
        submittedAtLocal: localDateTime(item.submittedAt, zoneOf(item.planId)).slice(0, 16),
        waitingHours: Math.floor((now - Date.parse(item.waitingSince)) / 3_600_000),
        stageRule: item.stages[item.stage - 1]?.rule.kind ?? 'any',
      })),
    };
  }

  @PostRoute(
    'reviews/batch-approve',
    'submission.batch-review',
    '批量通过（仅限或签环节）：同一理由逐条审核，每条按本人当前的角色重新核验；逐条列出结果，被拒的一条不影响其他各条，也不写入任何内容',
  )
  @HttpCode(200)
  async batchApprove(
    @Body() body: BatchApproveDto,
    @Ctx() context: CommandContext,
  ): Promise<BatchApprovalResult> {
    // An id no submission has is refused as not found, like the single approval's route would.
    const known = body.submissionIds.filter((id) => this.submissions.byId(id) !== undefined);
    const outcomes = await this.commands.execute(new ApproveInBatch(known, body.reason.trim(), context));
    const byId = new Map(outcomes.map((o) => [o.submissionId, o]));
    const items = body.submissionIds.map((submissionId) => {
      const outcome = byId.get(submissionId);
      if (!outcome) {
        return {
          submissionId,
          outcome: 'refused' as const,
          code: 'submission-not-found',
          title: problemTitle(404),
          detail: `提交不存在：${submissionId}`,
        };
      }
      if (outcome.outcome === 'approved')
        return { submissionId, outcome: 'approved' as const, revision: outcome.revision };
      const status = STATUS_OF_KIND[outcome.error.kind];
      return {
        submissionId,
        outcome: 'refused' as const,
        code: outcome.error.code,
        title: problemTitle(status, outcome.error.code),
        detail: outcome.error.userMessage,
      };
    });
    const positions = outcomes.flatMap((o) => (o.outcome === 'approved' ? [o.position] : []));
    return {
      // The answer waits for the read models to show the last approval (read-your-writes).
      ...(positions.length > 0 ? { position: Math.max(...positions) } : {}),
      approved: items.filter((i) => i.outcome === 'approved').length,
      refused: items.filter((i) => i.outcome === 'refused').length,
      items,
    };
  }

  @GetRoute(
    'submissions/:submissionId',
    'submission.read',
    '查看一次提交（提交时的内容与佐证材料，原样保存）',
  )
  get(@Param('submissionId') submissionId: string): SubmissionView {
    return this.named(this.submissions.byId(submissionId)!);
  }

  @GetRoute(
    'submissions/:submissionId/versions',
    'submission.read',
    '一次提交的各个版本，每版都是提交时的原样（内容与佐证材料）',
  )
  versions(@Param('submissionId') submissionId: string) {
    return this.submissions
      .versions(submissionId)
      .map((v) => ({ ...v, submitterName: this.directory.nameOf(v.submitter) ?? '' }));
  }

  @GetRoute(
    'submissions/:submissionId/history',
    'submission.read',
    '一次提交的经过：每次提交、通过、退回（含原因）、转办、撤回，谁在何时所为（提交人与审核人可见）',
  )
  async history(@Param('submissionId') submissionId: string) {
    const { items } = await this.audit.list({ entity: `submission:${submissionId}`, limit: 500 });
    return {
      items: items.map(({ position, time, actor, type, summary, reason }) => ({
        position,
        time,
        actor,
        type,
        summary,
        reason,
      })),
    };
  }

  @GetRoute(
    'submissions/:submissionId/transfer-candidates',
    'submission.review',
    '可转办的审核人：当前环节可指定的角色（按任务所在方案、项目）或指定人员中，账号有效且尚未在本环节的人',
  )
  transferCandidates(@Param('submissionId') submissionId: string) {
    // A suggestion list from the views; the transfer itself is decided from the users' streams.
    const submission = this.submissions.byId(submissionId)!;
    const stage = submission.stages[submission.stage - 1];
    if (submission.status !== 'under-review' || !stage) return { items: [] };
    const projectId = this.completion.task(submission.taskId)?.projectId;
    const scope = { planId: submission.planId, ...(projectId ? { projectId } : {}) };
    const eligible = stage.eligible ?? { roles: [...STAGE_ROLES], users: [] };
    const ids = new Set([
      ...eligible.roles.flatMap((role) => this.users.withRole(role, reviewerScopes(role, scope))),
      ...eligible.users,
    ]);
    const items = [...ids]
      .filter((id) => !stage.reviewers.includes(id) && id !== submission.submitter)
      .map((id) => this.users.byId(id))
      .filter((u) => u !== undefined && !u.disabled && !u.roles.some((g) => g.role === 'auditor'))
      // Names and departments, no usernames: a reviewer need not manage users (ADR 0026).
      .map((u) => ({
        userId: u!.userId,
        displayName: u!.displayName,
        department: this.directory.departmentOf(u!.userId),
      }))
      .sort(
        (a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN') || a.userId.localeCompare(b.userId),
      );
    return { items };
  }

  @PostRoute(
    'submissions/:submissionId/resubmit',
    'submission.revise',
    '退回或撤回后修改并重新提交（新版本，从第 1 级重新审核）',
  )
  resubmit(
    @Param('submissionId') submissionId: string,
    @Body() body: SubmitDto,
    @Ctx() context: CommandContext,
  ) {
    const { evidenceIds, reason: _reason, ...content } = body;
    const taskId = this.submissions.byId(submissionId)!.taskId;
    return this.commands.execute(new SubmitProgress(taskId, content, evidenceIds, context, submissionId));
  }

  @PostRoute('submissions/:submissionId/approve', 'submission.review', '审核通过（本环节）')
  approve(@Param('submissionId') id: string, @Body() body: ApproveDto, @Ctx() context: CommandContext) {
    return this.act(id, { type: 'Approve', comment: body.comment }, context);
  }

  @PostRoute('submissions/:submissionId/reject', 'submission.review', '退回（须写明原因）')
  reject(@Param('submissionId') id: string, @Body() body: RejectDto, @Ctx() context: CommandContext) {
    return this.act(id, { type: 'Reject', reason: body.reason }, context);
  }

  @PostRoute('submissions/:submissionId/transfer', 'submission.review', '转办给其他审核人')
  transfer(@Param('submissionId') id: string, @Body() body: TransferDto, @Ctx() context: CommandContext) {
    return this.act(id, { type: 'Transfer', to: body.to, reason: body.reason }, context);
  }

  @PostRoute('submissions/:submissionId/withdraw', 'submission.revise', '撤回（下一环节审核之前）')
  withdraw(@Param('submissionId') id: string, @Body() _body: ReasonDto, @Ctx() context: CommandContext) {
    return this.act(id, { type: 'Withdraw' }, context);
  }

  @PostRoute(
    'submissions/:submissionId/evidence',
    'submission.revise',
    '更换审核中的佐证材料（已有的审核意见作废，从第 1 级重新审核）',
  )
  changeEvidence(
    @Param('submissionId') id: string,
    @Body() body: ChangeEvidenceDto,
    @Ctx() context: CommandContext,
  ) {
    return this.act(id, { type: 'ChangeEvidence', evidenceIds: body.evidenceIds }, context);
  }

  @PostRoute('submissions/:submissionId/comments', 'submission.comment', '发表评论（发表后不可修改）')
  comment(@Param('submissionId') id: string, @Body() body: CommentDto, @Ctx() context: CommandContext) {
    return this.act(id, { type: 'Comment', text: body.text }, context);
  }

  private act(submissionId: string, action: ReviewAction, context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ActOnSubmission(submissionId, action, context));
  }
}
