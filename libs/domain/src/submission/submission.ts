import { eventTypesOf, assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireCompletion, requireText } from '../shared/values';
import { requireEffectiveDate } from '../shared/effective-date';
import { isAuditor, mayWrite, type Standing } from '../user/standing';
import { mayReviewStage } from './eligibility';
import { requireFitsPlan } from './content';
import type { SubmissionCommand, SubmissionEvent, SubmissionState } from './messages';
import { approvalsNeeded, describeEligibility, requireStages } from './stages';
import type { Stage } from './messages';

export * from './messages';
export { approvalsNeeded } from './stages';

/** Refused attempts on one submission by one person write at most one event per this window. */
export const REFUSAL_RECORD_WINDOW_MS = 3_600_000;

export const submissionStream = (submissionId: string): string => `submission-${submissionId}`;

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
const invalid = (code: string, message: string, details: Record<string, unknown>) =>
  new DomainError('invalid', code, message, details);

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
      requireFitsPlan(d.content, d.plan);
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
