import type { AchievementTier, BatchOutcome, StageRuleKind, SubmissionStatus } from './enums';
import type { ActualValueBody } from './facts';

/* Submissions (填报) and their review: content, stages, versions, the reviewer's 待办 and batch approval. */

export interface EvidenceView {
  evidenceId?: string;
  id?: string;
  fileName?: string;
  name?: string;
  mediaType?: string;
  size?: number;
  sha256?: string;
  [key: string]: unknown;
}

/** What the owner reports: kept exactly as submitted. */
export interface SubmissionContent {
  completion: string;
  effectiveDate: string;
  /** 建设成果及成效 */
  narrative: string;
  /** Actual values of indicators, each with the date it took effect. */
  indicatorValues?: {
    indicatorId: string;
    /** In the shape the indicator's rule asks for: a number, a judged band and score, or deductions. */
    actual: ActualValueBody;
    effectiveDate: string;
  }[];
  /** 标志性成果 claimed by this report. */
  achievements?: {
    levelId: string;
    title: string;
    tier: AchievementTier;
    attribution: string;
    awardedOn: string;
  }[];
}

export interface Stage {
  name: string;
  rule: { kind: Exclude<StageRuleKind, 'share'> } | { kind: 'share'; share: string };
  reviewers: string[];
}

export interface SubmissionView {
  submissionId: string;
  planId: string;
  taskId: string;
  status: SubmissionStatus;
  version: number;
  submitter: string;
  content: SubmissionContent;
  stages: Stage[];
  /** 1-based for people; the stage now waiting (or the last one, when decided). */
  stage: number;
  stageName: string;
  approvals: string[];
  waitingSince: string;
  submittedAt: string;
  lastReason: string | null;
  /** When it was last sent back, if it was. */
  rejectedAt: string | null;
  revision: number;
  waitingHours?: number;
  /** The submitter's name, and the name of everyone the submission mentions (ADR 0026). */
  submitterName?: string;
  names?: Record<string, string>;
}

export interface EvidenceRef {
  evidenceId: string;
  sha256: string;
  name: string;
}

export interface SubmissionVersion {
  version: number;
  submitter: string;
  submitterName?: string;
  submittedAt: string;
  content: SubmissionContent;
  evidence: EvidenceRef[];
  stages: Stage[];
}

/** A submission waiting for me, with what a reviewer sorts by. */
export interface InboxItem extends SubmissionView {
  submitterName: string;
  taskTitle: string;
  taskCode: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  dueDate: string;
  /** `submittedAt` as wall-clock time in the plan's time zone (`YYYY-MM-DD HH:mm`). */
  submittedAtLocal: string;
  waitingHours: number;
  /** The current stage's rule; only 或签 (`any`) stages can be approved in a batch. */
  stageRule: StageRuleKind;
}

/** One submission's fate in a batch approval; a refused one changed nothing. */
export interface BatchApprovalItem {
  submissionId: string;
  outcome: BatchOutcome;
  /** When approved: the submission's stream revision after it. */
  revision?: number;
  /** When refused: the Problem Details code, title and detail it would have answered alone. */
  code?: string;
  title?: string;
  detail?: string;
}

export interface BatchApprovalResult {
  /** Log position of the last approval written (absent when none was). */
  position?: number;
  approved: number;
  refused: number;
  items: BatchApprovalItem[];
}
