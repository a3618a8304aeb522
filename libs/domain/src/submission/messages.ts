import type { Message } from '../shared/decider';
import type { FactDateBounds } from '../shared/effective-date';
import type { SubmissionContent } from '@sg/contracts';
import type { IndicatorDefinition } from '../plan/plan';
import type { Standing } from '../user/standing';
import type { StageRule } from '../plan/approval-chain';
import type { ReviewScope, StageEligibility } from './eligibility';

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

export interface EvidenceRef {
  evidenceId: string;
  sha256: string;
  name: string;
}

export type { SubmissionContent };

/** What the reported facts must fit: the plan as its stream says at the moment of submitting. */
export interface PlanFit {
  /** The task's 层面: indicators reported must be of it. */
  levelId: string;
  /** Every 层面 of the plan: an achievement names one. */
  levelIds: readonly string[];
  indicators: ReadonlyMap<string, IndicatorDefinition>;
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
        /** Where the task sits in the plan as the plan's stream says now. */
        plan: PlanFit;
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
