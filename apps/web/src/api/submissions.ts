/** Submissions and their review, as the API answers them. */

export interface SubmissionContent {
  completion: string;
  effectiveDate: string;
  narrative: string;
  indicatorValues?: {
    indicatorId: string;
    actual: { kind: string; value?: string };
    effectiveDate: string;
  }[];
  achievements?: {
    levelId: string;
    title: string;
    tier: 'national' | 'regional';
    attribution: string;
    awardedOn: string;
  }[];
}

export interface Stage {
  name: string;
  rule: { kind: 'any' } | { kind: 'all' } | { kind: 'share'; share: string };
  reviewers: string[];
}

export interface SubmissionView {
  submissionId: string;
  planId: string;
  taskId: string;
  status: 'none' | 'under-review' | 'approved' | 'rejected' | 'withdrawn';
  version: number;
  submitter: string;
  content: SubmissionContent;
  stages: Stage[];
  stage: number;
  stageName: string;
  approvals: string[];
  waitingSince: string;
  submittedAt: string;
  lastReason: string | null;
  revision: number;
  waitingHours?: number;
}

export interface EvidenceRef {
  evidenceId: string;
  sha256: string;
  name: string;
}

export interface SubmissionVersion {
  version: number;
  submitter: string;
  submittedAt: string;
  content: SubmissionContent;
  evidence: EvidenceRef[];
  stages: Stage[];
}

export const RULE_NAMES: Record<string, string> = { any: '或签', all: '会签', share: '按比例' };

/** Evidence types the API accepts (it decides from the bytes; this is the early, friendly check). */
export const EVIDENCE_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt'];
export const EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;

/** A percentage typed by a person ("39.5") as the API's completion fraction ("0.395"). */
export function percentToFraction(percent: number): string {
  return (Math.round(percent * 100) / 10000).toFixed(4).replace(/\.?0+$/, '');
}

export function fractionToPercent(fraction: string): number {
  return Math.round(Number(fraction) * 10000) / 100;
}
