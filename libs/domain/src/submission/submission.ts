import Decimal from 'decimal.js';
import { eventTypesOf, assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireCompletion, requireText } from '../shared/values';
import { requireEffectiveDate, type FactDateBounds } from '../shared/effective-date';
import type { ActualValue } from '../scoring/scoring';
import type { AchievementTier } from '../plan/achievements';
import { isAuditor, mayWrite, type Standing } from '../user/standing';
import type { StageRule } from '../plan/approval-chain';
import { mayReviewStage, type ReviewScope, type StageEligibility } from './eligibility';

export type { StageRule } from '../plan/approval-chain';

export interface Stage {
  name: string;
  rule: StageRule;
  /** The reviewers asked, resolved when the version is submitted (and changed by transfers). */
  reviewers: string[];
  /**
   * Whom the stage names (roles for the task's scope, users by name): every review action and
   * every transfer target is checked against it with the user's grants at that moment.
   */
  eligible?: StageEligibility;
}

/** Refused attempts on one submission by one person write at most one event per this window. */
export const REFUSAL_RECORD_WINDOW_MS = 3_600_000;

export interface EvidenceRef {
  evidenceId: string;
  sha256: string;
  name: string;
}

/** What the owner reports: kept exactly as submitted. */
export interface SubmissionContent {
  completion: string;
  effectiveDate: string;
  /** 建设成果及成效 */
  narrative: string;
  /** Actual values of indicators, each with the date it took effect. */
  indicatorValues?: { indicatorId: string; actual: ActualValue; effectiveDate: string }[];
  /** 标志性成果 claimed by this report. */
  achievements?: {
    levelId: string;
    title: string;
    tier: AchievementTier;
    attribution: string;
    awardedOn: string;
  }[];
}

export type SubmissionCommand =
  | Message<
      'Submit',
      {
        submissionId: string;
        taskId: string;
        planId: string;
        projectId: string;
        submitter: string;
        content: SubmissionContent;
        evidence: EvidenceRef[];
        stages: Stage[];
        /** The submitter as their own stream says now. */
        standing: Standing;
        dates: FactDateBounds;
      }
    >
  /** `at`: the instant of the command (ISO); `standing`: the actor's grants at that instant. */
  | Message<
      'Approve',
      {
        submissionId: string;
        reviewer: string;
        comment?: string;
        standing: Standing;
        at: string;
        /**
         * One item of a batch approval: only a 或签 stage may be approved so, and a refusal writes
         * nothing (not even the record of a self-approval attempt, which a batch never offers).
         */
        batch?: boolean;
      }
    >
  | Message<
      'Reject',
      { submissionId: string; reviewer: string; reason: string; standing: Standing; at: string }
    >
  | Message<
      'Transfer',
      {
        submissionId: string;
        reviewer: string;
        to: string;
        reason: string;
        standing: Standing;
        target: Standing;
      }
    >
  | Message<'Withdraw', { submissionId: string; by: string; standing: Standing }>
  | Message<
      'ChangeEvidence',
      { submissionId: string; by: string; evidence: EvidenceRef[]; standing: Standing }
    >
  | Message<'Comment', { submissionId: string; author: string; text: string; standing: Standing }>;

export type SubmissionEvent =
  | Message<
      'Submitted',
      {
        submissionId: string;
        taskId: string;
        planId: string;
        /** Absent on submissions recorded before it was kept. */
        projectId?: string;
        version: number;
        submitter: string;
        content: SubmissionContent;
        evidence: EvidenceRef[];
        stages: Stage[];
      }
    >
  | Message<
      'StageApproved',
      { submissionId: string; version: number; stage: number; reviewer: string; comment?: string }
    >
  | Message<'StageCompleted', { submissionId: string; version: number; stage: number }>
  | Message<
      'SubmissionApproved',
      { submissionId: string; version: number; taskId: string; content: SubmissionContent }
    >
  | Message<
      'SubmissionRejected',
      { submissionId: string; version: number; stage: number; reviewer: string; reason: string }
    >
  | Message<
      'ReviewTransferred',
      { submissionId: string; version: number; stage: number; from: string; to: string; reason: string }
    >
  | Message<'SubmissionWithdrawn', { submissionId: string; version: number }>
  | Message<'EvidenceChanged', { submissionId: string; version: number; by: string; evidence: EvidenceRef[] }>
  | Message<'ApprovalsReset', { submissionId: string; version: number }>
  | Message<'CommentAdded', { submissionId: string; version: number; author: string; text: string }>
  /** A refused attempt to approve or reject one's own work, kept for the audit trail. */
  | Message<
      'ApprovalRefused',
      { submissionId: string; version: number; reviewer: string; reason: 'own-submission'; at?: string }
    >;

export type SubmissionStatus = 'none' | 'under-review' | 'rejected' | 'withdrawn' | 'approved';

export interface SubmissionState {
  status: SubmissionStatus;
  submissionId: string;
  taskId: string;
  /** The task's scope, which stage roles are matched against. */
  scope: ReviewScope;
  version: number;
  submitter: string;
  /** Everyone who submitted or changed this version: none of them may approve it. */
  editors: string[];
  content: SubmissionContent | undefined;
  stages: Stage[];
  stage: number;
  /** Approvals of the current stage. */
  approvals: string[];
  /** When each person's last refused attempt was recorded (ISO instant). */
  refusalsRecorded: Record<string, string>;
}

export const submissionStream = (submissionId: string): string => `submission-${submissionId}`;

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
const invalid = (code: string, message: string, details: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);

const ROLE_LABELS: Record<StageEligibility['roles'][number], string> = {
  'project-lead': '项目负责人',
  reviewer: '审核人',
  office: '项目办',
  leadership: '领导小组',
};

function describeEligibility(stage: Stage): string {
  if (!stage.eligible) return '任一审核角色';
  const parts = stage.eligible.roles.map((role) => ROLE_LABELS[role]);
  if (stage.eligible.users.length > 0) parts.push('指定人员');
  return parts.join('、') || '无';
}

/** How many approvals a stage needs. */
export function approvalsNeeded(stage: Stage): number {
  switch (stage.rule.kind) {
    case 'any':
      return 1;
    case 'all':
      return stage.reviewers.length;
    case 'share':
      return Math.max(1, new Decimal(stage.rule.share).times(stage.reviewers.length).ceil().toNumber());
    default:
      return assertNever(stage.rule);
  }
}

function requireStages(stages: Stage[], submitter: string): Stage[] {
  if (stages.length === 0) throw conflict('no-approval-chain', '该任务尚未配置审核流程，请联系项目办。');
  return stages.map((stage, i) => {
    const reviewers = [...new Set(stage.reviewers)].filter((r) => r !== submitter);
    if (reviewers.length === 0) {
      throw conflict(
        'stage-without-reviewers',
        `审核流程第 ${i + 1} 级「${stage.name}」没有可用的审核人（提交人不能审核自己的提交）。`,
      );
    }
    if (stage.rule.kind === 'share') {
      const share = new Decimal(stage.rule.share);
      if (share.lte(0) || share.gt(1))
        throw new DomainError('invalid', 'invalid-share', '按比例会签的比例应大于 0 且不超过 1。');
    }
    return { ...stage, reviewers };
  });
}

function underReview(state: SubmissionState): void {
  if (state.status !== 'under-review') throw conflict('not-under-review', '该提交当前不在审核中。');
}

export const ownSubmissionRefused = () =>
  forbidden('own-submission', '不能审核自己提交或修改过的内容（该次尝试已记入审计记录）。');

/** The actor is asked to review the current stage and may still do so under today's grants. */
function requireCurrentReviewer(state: SubmissionState, reviewer: string, standing: Standing): Stage {
  const stage = state.stages[state.stage];
  if (!stage.reviewers.includes(reviewer)) {
    throw forbidden('not-a-reviewer', `您不是当前审核环节「${stage.name}」的审核人。`);
  }
  if (standing.userId !== reviewer || !mayReviewStage(stage, state.scope, standing)) {
    throw forbidden(
      'reviewer-no-longer-entitled',
      `您已不再具有审核环节「${stage.name}」所需的角色（角色已被撤销或账号已停用），不能再审核该提交。`,
    );
  }
  return stage;
}

/**
 * A batch approves each item as its reviewer would alone, and only where one approval decides the
 * stage (或签): a 会签 or 按比例 stage asks each reviewer to look for themselves.
 */
function requireBatchApprovable(state: SubmissionState, reviewer: string): void {
  if (state.editors.includes(reviewer)) {
    throw forbidden('own-submission', '不能审核自己提交或修改过的内容。');
  }
  const stage = state.stages[state.stage];
  if (stage.rule.kind !== 'any') {
    throw conflict(
      'batch-needs-any-stage',
      `审核环节「${stage.name}」不是或签环节，不能批量通过，请逐条审核。`,
    );
  }
}

/** The submitter acting on their own submission, with an account that may still write. */
function requireSubmitter(state: SubmissionState, by: string, standing: Standing, message: string): void {
  if (by !== state.submitter) throw forbidden('not-submitter', message);
  if (standing.userId !== by || !mayWrite(standing)) {
    throw forbidden('may-not-write', '您的账号当前不能修改数据（已停用，或持有只读的审计角色）。');
  }
}

function decide(command: SubmissionCommand, state: SubmissionState): SubmissionEvent[] {
  const { submissionId } = command.data;
  switch (command.type) {
    case 'Submit': {
      const d = command.data;
      if (state.status === 'under-review')
        throw conflict('already-under-review', '该提交正在审核中，可先撤回再修改。');
      if (state.status === 'approved')
        throw conflict('already-approved', '该提交已审核通过，如有新进展请新建一次提交。');
      if (state.status !== 'none' && d.submitter !== state.submitter) {
        throw forbidden('not-submitter', '只有原提交人可以修改后重新提交。');
      }
      if (d.standing.userId !== d.submitter || !mayWrite(d.standing)) {
        throw forbidden('may-not-write', '您的账号当前不能修改数据（已停用，或持有只读的审计角色）。');
      }
      return [
        {
          type: 'Submitted',
          data: {
            submissionId,
            taskId: d.taskId,
            planId: d.planId,
            projectId: d.projectId,
            version: state.version + 1,
            submitter: d.submitter,
            content: {
              ...d.content,
              completion: requireCompletion(d.content.completion, '完成度'),
              effectiveDate: requireEffectiveDate(d.content.effectiveDate, '进展日期', d.dates),
              narrative: requireText(d.content.narrative, '建设成果及成效', 10_000),
              ...(d.content.indicatorValues?.length
                ? {
                    indicatorValues: d.content.indicatorValues.map((v) => ({
                      ...v,
                      effectiveDate: requireEffectiveDate(v.effectiveDate, '指标值生效日期', d.dates),
                    })),
                  }
                : { indicatorValues: undefined }),
              ...(d.content.achievements?.length
                ? {
                    achievements: d.content.achievements.map((a) => ({
                      ...a,
                      awardedOn: requireEffectiveDate(a.awardedOn, '成果获得日期', d.dates),
                    })),
                  }
                : {}),
            },
            evidence: d.evidence,
            stages: requireStages(d.stages, d.submitter),
          },
        },
      ];
    }
    case 'Approve':
    case 'Reject': {
      underReview(state);
      const { reviewer, standing, at } = command.data;
      if (command.type === 'Approve' && command.data.batch) requireBatchApprovable(state, reviewer);
      if (state.editors.includes(reviewer)) {
        // Kept for the audit trail, but a repeated attempt must not let anyone flood the log.
        const last = state.refusalsRecorded[reviewer];
        if (last !== undefined && Date.parse(at) - Date.parse(last) < REFUSAL_RECORD_WINDOW_MS) {
          throw ownSubmissionRefused();
        }
        return [
          {
            type: 'ApprovalRefused',
            data: { submissionId, version: state.version, reviewer, reason: 'own-submission', at },
          },
        ];
      }
      const stage = requireCurrentReviewer(state, reviewer, standing);
      if (state.approvals.includes(reviewer))
        throw conflict('already-approved', '您已在本环节审核通过，无需重复操作。');
      if (command.type === 'Reject') {
        return [
          {
            type: 'SubmissionRejected',
            data: {
              submissionId,
              version: state.version,
              stage: state.stage,
              reviewer,
              reason: requireText(command.data.reason, '退回原因', 2000),
            },
          },
        ];
      }
      const comment = command.data.comment?.trim();
      const events: SubmissionEvent[] = [
        {
          type: 'StageApproved',
          data: {
            submissionId,
            version: state.version,
            stage: state.stage,
            reviewer,
            ...(comment ? { comment } : {}),
          },
        },
      ];
      if (state.approvals.length + 1 >= approvalsNeeded(stage)) {
        events.push({
          type: 'StageCompleted',
          data: { submissionId, version: state.version, stage: state.stage },
        });
        if (state.stage === state.stages.length - 1) {
          events.push({
            type: 'SubmissionApproved',
            data: { submissionId, version: state.version, taskId: state.taskId, content: state.content! },
          });
        }
      }
      return events;
    }
    case 'Transfer': {
      underReview(state);
      const { reviewer, to, standing, target } = command.data;
      const stage = requireCurrentReviewer(state, reviewer, standing);
      if (state.approvals.includes(reviewer))
        throw conflict('already-approved', '您已审核通过，不能再转办。');
      if (target.userId !== to || !target.exists) {
        throw invalid('transfer-target-not-found', `转办对象不存在：${to}`, { to });
      }
      if (!target.active)
        throw invalid('transfer-target-disabled', '转办对象的账号已停用，不能转给他审核。', { to });
      if (stage.reviewers.includes(to)) throw conflict('already-a-reviewer', '对方已是本环节的审核人。');
      if (state.editors.includes(to))
        throw forbidden('own-submission', '不能转给提交人或修改过该提交的人审核。');
      if (isAuditor(target)) {
        throw invalid('transfer-target-not-eligible', '审计 / 评价专家只读不写，不能转给其审核。', { to });
      }
      if (!mayReviewStage(stage, state.scope, target)) {
        throw invalid(
          'transfer-target-not-eligible',
          `对方当前不具有审核环节「${stage.name}」可指定的角色（${describeEligibility(stage)}），不能转给他审核。`,
          { to },
        );
      }
      return [
        {
          type: 'ReviewTransferred',
          data: {
            submissionId,
            version: state.version,
            stage: state.stage,
            from: reviewer,
            to,
            reason: requireText(command.data.reason, '转办原因', 2000),
          },
        },
      ];
    }
    case 'Withdraw': {
      underReview(state);
      requireSubmitter(state, command.data.by, command.data.standing, '只有提交人可以撤回。');
      if (state.approvals.length > 0) {
        throw conflict('stage-has-acted', '当前审核环节已有人审核，不能再撤回。');
      }
      return [{ type: 'SubmissionWithdrawn', data: { submissionId, version: state.version } }];
    }
    case 'ChangeEvidence': {
      underReview(state);
      const { by, evidence } = command.data;
      requireSubmitter(state, by, command.data.standing, '只有提交人可以更换佐证材料。');
      const events: SubmissionEvent[] = [
        { type: 'EvidenceChanged', data: { submissionId, version: state.version, by, evidence } },
      ];
      // What was approved was the evidence as it was: approvals of the old evidence do not carry over.
      if (state.stage > 0 || state.approvals.length > 0) {
        events.push({ type: 'ApprovalsReset', data: { submissionId, version: state.version } });
      }
      return events;
    }
    case 'Comment': {
      if (state.status === 'none') throw conflict('not-submitted', '尚未提交，不能评论。');
      const { author, standing } = command.data;
      const entitled =
        standing.userId === author &&
        mayWrite(standing) &&
        (state.editors.includes(author) ||
          state.stages.some((stage) => mayReviewStage(stage, state.scope, standing)));
      if (!entitled) {
        throw forbidden(
          'may-not-comment',
          '只有提交人和当前有权审核该提交的人可以发表评论（审计 / 评价专家只读不写）。',
        );
      }
      return [
        {
          type: 'CommentAdded',
          data: {
            submissionId,
            version: state.version,
            author: command.data.author,
            text: requireText(command.data.text, '评论', 2000),
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: SubmissionState, event: SubmissionEvent): SubmissionState {
  switch (event.type) {
    case 'Submitted':
      return {
        ...state,
        status: 'under-review',
        submissionId: event.data.submissionId,
        taskId: event.data.taskId,
        scope: {
          planId: event.data.planId,
          ...(event.data.projectId ? { projectId: event.data.projectId } : {}),
        },
        version: event.data.version,
        submitter: event.data.submitter,
        editors: [event.data.submitter],
        content: event.data.content,
        stages: event.data.stages,
        stage: 0,
        approvals: [],
      };
    case 'StageApproved':
      return { ...state, approvals: [...state.approvals, event.data.reviewer] };
    case 'StageCompleted':
      return { ...state, stage: state.stage + 1, approvals: [] };
    case 'SubmissionApproved':
      return { ...state, status: 'approved', stage: state.stages.length - 1 };
    case 'SubmissionRejected':
      return { ...state, status: 'rejected' };
    case 'ReviewTransferred':
      return {
        ...state,
        stages: state.stages.map((stage, i) =>
          i === event.data.stage
            ? { ...stage, reviewers: stage.reviewers.map((r) => (r === event.data.from ? event.data.to : r)) }
            : stage,
        ),
      };
    case 'SubmissionWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'EvidenceChanged':
      return { ...state, editors: [...new Set([...state.editors, event.data.by])] };
    case 'ApprovalsReset':
      return { ...state, stage: 0, approvals: [] };
    case 'ApprovalRefused':
      return event.data.at
        ? { ...state, refusalsRecorded: { ...state.refusalsRecorded, [event.data.reviewer]: event.data.at } }
        : state;
    case 'CommentAdded':
      return state;
    default:
      return assertNever(event);
  }
}

/**
 * A submission of progress and its review through an approval chain. Versions: a rejected or
 * withdrawn submission is revised and submitted again as the next version, starting over.
 */
export const submissionDecider: Decider<SubmissionState, SubmissionCommand, SubmissionEvent> = {
  initialState: () => ({
    status: 'none',
    submissionId: '',
    taskId: '',
    scope: { planId: '' },
    version: 0,
    submitter: '',
    editors: [],
    content: undefined,
    stages: [],
    stage: 0,
    approvals: [],
    refusalsRecorded: {},
  }),
  evolve,
  decide,
  eventTypes: eventTypesOf<SubmissionEvent>({
    Submitted: true,
    StageApproved: true,
    StageCompleted: true,
    SubmissionApproved: true,
    SubmissionRejected: true,
    ReviewTransferred: true,
    SubmissionWithdrawn: true,
    EvidenceChanged: true,
    ApprovalsReset: true,
    CommentAdded: true,
    ApprovalRefused: true,
  }),
};
