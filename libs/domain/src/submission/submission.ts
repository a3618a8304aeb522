import Decimal from 'decimal.js';
import { eventTypesOf, assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireCompletion, requireDate, requireText } from '../shared/values';
import type { ActualValue } from '../scoring/scoring';
import type { AchievementTier } from '../plan/achievements';

/** 或签: any one reviewer; 会签: all of them; or a share of them (e.g. 0.5). */
export type StageRule = { kind: 'any' } | { kind: 'all' } | { kind: 'share'; share: string };

export interface Stage {
  name: string;
  rule: StageRule;
  /** The eligible reviewers, resolved when the version is submitted. */
  reviewers: string[];
}

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
        submitter: string;
        content: SubmissionContent;
        evidence: EvidenceRef[];
        stages: Stage[];
      }
    >
  | Message<'Approve', { submissionId: string; reviewer: string; comment?: string }>
  | Message<'Reject', { submissionId: string; reviewer: string; reason: string }>
  | Message<'Transfer', { submissionId: string; reviewer: string; to: string; reason: string }>
  | Message<'Withdraw', { submissionId: string; by: string }>
  | Message<'ChangeEvidence', { submissionId: string; by: string; evidence: EvidenceRef[] }>
  | Message<'Comment', { submissionId: string; author: string; text: string }>;

export type SubmissionEvent =
  | Message<
      'Submitted',
      {
        submissionId: string;
        taskId: string;
        planId: string;
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
      { submissionId: string; version: number; reviewer: string; reason: 'own-submission' }
    >;

export type SubmissionStatus = 'none' | 'under-review' | 'rejected' | 'withdrawn' | 'approved';

export interface SubmissionState {
  status: SubmissionStatus;
  submissionId: string;
  taskId: string;
  version: number;
  submitter: string;
  /** Everyone who submitted or changed this version: none of them may approve it. */
  editors: string[];
  content: SubmissionContent | undefined;
  stages: Stage[];
  stage: number;
  /** Approvals of the current stage. */
  approvals: string[];
}

export const submissionStream = (submissionId: string): string => `submission-${submissionId}`;

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
const conflict = (code: string, message: string) => new DomainError('conflict', code, message);

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
      return [
        {
          type: 'Submitted',
          data: {
            submissionId,
            taskId: d.taskId,
            planId: d.planId,
            version: state.version + 1,
            submitter: d.submitter,
            content: {
              ...d.content,
              completion: requireCompletion(d.content.completion, '完成度'),
              effectiveDate: requireDate(d.content.effectiveDate, '进展日期'),
              narrative: requireText(d.content.narrative, '建设成果及成效', 10_000),
              ...(d.content.indicatorValues?.length
                ? {
                    indicatorValues: d.content.indicatorValues.map((v) => ({
                      ...v,
                      effectiveDate: requireDate(v.effectiveDate, '指标值生效日期'),
                    })),
                  }
                : { indicatorValues: undefined }),
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
      const reviewer = command.data.reviewer;
      if (state.editors.includes(reviewer)) {
        return [
          {
            type: 'ApprovalRefused',
            data: { submissionId, version: state.version, reviewer, reason: 'own-submission' },
          },
        ];
      }
      const stage = state.stages[state.stage];
      if (!stage.reviewers.includes(reviewer)) {
        throw forbidden('not-a-reviewer', `您不是当前审核环节「${stage.name}」的审核人。`);
      }
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
      const { reviewer, to } = command.data;
      const stage = state.stages[state.stage];
      if (!stage.reviewers.includes(reviewer))
        throw forbidden('not-a-reviewer', `您不是当前审核环节「${stage.name}」的审核人。`);
      if (state.approvals.includes(reviewer))
        throw conflict('already-approved', '您已审核通过，不能再转办。');
      if (stage.reviewers.includes(to)) throw conflict('already-a-reviewer', '对方已是本环节的审核人。');
      if (state.editors.includes(to))
        throw forbidden('own-submission', '不能转给提交人或修改过该提交的人审核。');
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
      if (command.data.by !== state.submitter) throw forbidden('not-submitter', '只有提交人可以撤回。');
      if (state.approvals.length > 0) {
        throw conflict('stage-has-acted', '当前审核环节已有人审核，不能再撤回。');
      }
      return [{ type: 'SubmissionWithdrawn', data: { submissionId, version: state.version } }];
    }
    case 'ChangeEvidence': {
      underReview(state);
      const { by, evidence } = command.data;
      if (by !== state.submitter) throw forbidden('not-submitter', '只有提交人可以更换佐证材料。');
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
    case 'CommentAdded':
    case 'ApprovalRefused':
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
    version: 0,
    submitter: '',
    editors: [],
    content: undefined,
    stages: [],
    stage: 0,
    approvals: [],
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
