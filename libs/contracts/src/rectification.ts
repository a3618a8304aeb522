/** 整改 and 专家评审: the shapes the API answers and the web reads. */

export const FINDING_STATUSES = ['entered', 'assigned', 'in-review', 'returned', 'closed'] as const;
export type FindingStatusName = (typeof FINDING_STATUSES)[number];

export const FINDING_STATUS_LABELS: Record<FindingStatusName, string> = {
  entered: '待分派',
  assigned: '整改中',
  'in-review': '待审核',
  returned: '已退回',
  closed: '已销号',
};

/** Where a finding (问题) came from. */
export const FINDING_SOURCES = ['expert', 'ministry', 'province', 'self-check', 'audit', 'other'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

export const FINDING_SOURCE_NAMES: Record<FindingSource, string> = {
  expert: '专家评审',
  ministry: '教育部',
  province: '省教育厅',
  'self-check': '学校自查',
  audit: '审计',
  other: '其他',
};

/** The names by any string a view carries: an unknown source is shown as it is. */
export const FINDING_SOURCE_LABELS: Record<string, string> = FINDING_SOURCE_NAMES;

export const FINDING_SEVERITY_LABELS: Record<string, string> = { high: '严重', medium: '一般', low: '轻微' };

export interface RectificationActionView {
  version: number;
  submittedBy: string;
  narrative: string;
  evidence: { evidenceId: string; sha256: string; name: string }[];
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  /** The stages of the approval chain the action goes through, by name. */
  stages: string[];
  /** Approvals so far, stage by stage (0-based stage index). */
  approvals: { stage: number; reviewer: string; reviewerName: string; comment: string | null; at: string }[];
  reviewer: string | null;
  note: string | null;
  decidedAt: string | null;
}

export interface FindingView {
  findingId: string;
  planId: string;
  source: string;
  severity: string;
  subject: { kind: 'indicator' | 'task'; id: string; name: string };
  title: string;
  description: string;
  status: FindingStatusName;
  assignee: { userId: string; name: string } | null;
  /** An id of the departments registry; on findings assigned before it existed, the unit's text. */
  departmentId: string | null;
  /** The department's current name (or the text of an old assignment, as it was entered). */
  departmentName: string | null;
  /** While in review: the name of the stage the action waits on. */
  reviewStage: string | null;
  deadline: string | null;
  /** Past its deadline (in the plan's calendar) and not closed. */
  overdue: boolean;
  recordedAt: string;
  closedAt: string | null;
  /** Stream revision: the ETag of the finding. */
  revision?: number;
  actions?: RectificationActionView[];
}

/** 整改 progress of a plan: counts by state and how many are overdue. */
export interface RectificationProgress {
  total: number;
  byStatus: Record<FindingStatusName, number>;
  overdue: number;
  /** Closed over all, as a decimal string (0 when there are none). */
  closedRate: string;
}

export interface ExpertReviewView {
  reviewId: string;
  planId: string;
  title: string;
  period: { from: string; to: string };
  accessUntil: string;
  status: 'open' | 'closed';
  /** Open and its access end not passed. */
  active: boolean;
  experts: { userId: string; name: string }[];
}

/** Accounts the office may invite to a review: this plan's enabled experts, not yet invited. */
export interface ExpertCandidates {
  items: { userId: string; name: string }[];
}

export interface ExpertScoreView {
  indicatorId: string;
  score: string;
  comment: string;
  recordedAt: string;
}

/** Self-score beside each expert's score, per indicator, with the difference (expert − self). */
export interface ExpertComparisonRow {
  indicatorId: string;
  code: string;
  name: string;
  points: string;
  selfScore: string;
  experts: { expertId: string; name: string; score: string; comment: string; difference: string }[];
  /** Mean of the experts' scores, or null when none scored it. */
  expertMean: string | null;
  meanDifference: string | null;
}

export interface ExpertComparison {
  review: ExpertReviewView;
  asOf: string;
  rows: ExpertComparisonRow[];
}
