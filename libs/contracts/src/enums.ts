/** Closed sets the API answers and the web shows: one definition for both. */

export const SUBMISSION_STATUSES = ['none', 'under-review', 'approved', 'rejected', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const WARNING_GRADES = ['轻度', '中度', '严重'] as const;
export type WarningGrade = (typeof WARNING_GRADES)[number];

/** What a 预警 was measured against: the task's yearly milestone or the time elapsed. */
export const WARNING_BASES = ['里程碑', '时间进度'] as const;
export type WarningBasis = (typeof WARNING_BASES)[number];

/**
 * Which tasks a completion figure counts: `all` the plan's tasks (today's figure), or only those
 * `due` by the cut-off, i.e. due date on or before it (the mid-term figure).
 */
export const COMPLETION_BASES = ['all', 'due'] as const;
export type CompletionBasis = (typeof COMPLETION_BASES)[number];
export const COMPLETION_BASIS_LABELS: Record<CompletionBasis, string> = {
  all: '全部任务',
  due: '截至当期应完成任务',
};

export const ACHIEVEMENT_TIERS = ['national', 'regional'] as const;
export type AchievementTier = (typeof ACHIEVEMENT_TIERS)[number];

export const BRIEFING_STATUSES = ['draft', 'approved', 'published'] as const;
export type BriefingStatus = (typeof BRIEFING_STATUSES)[number];

export const DELIVERY_CHANNELS = ['email', 'wecom', 'dingtalk'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** 或签 (any one), 会签 (all), 按比例 (a share of the reviewers). */
export const STAGE_RULE_KINDS = ['any', 'all', 'share'] as const;
export type StageRuleKind = (typeof STAGE_RULE_KINDS)[number];

/**
 * Where a task stands, one word per task, in this order of precedence: its latest submission sent
 * back (已退回) or waiting (审核中), then done (已完成), past due (已逾期), started (进行中), not started.
 */
export const TASK_STATES = [
  'rejected',
  'under-review',
  'completed',
  'overdue',
  'in-progress',
  'not-started',
] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  rejected: '已退回',
  'under-review': '审核中',
  completed: '已完成',
  overdue: '已逾期',
  'in-progress': '进行中',
  'not-started': '未开始',
};

/** How the task search may order its hits. */
export const TASK_SEARCH_SORTS = ['code', 'due', 'title', 'completion'] as const;
export type TaskSearchSort = (typeof TASK_SEARCH_SORTS)[number];

/** How the 待办 list may order its items. */
export const INBOX_SORTS = ['waiting', 'due', 'submitted', 'project'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** What happened to one submission of a batch approval. */
export const BATCH_OUTCOMES = ['approved', 'refused'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

/**
 * A task's state from what a task row carries, by the precedence of `TASK_STATES` (the search
 * computes the same in SQL): `today` is the plan's calendar day.
 */
export function taskStateOf(
  task: { completion: string; dueDate: string; latestStatus?: SubmissionStatus | null },
  today: string,
): TaskState {
  if (task.latestStatus === 'rejected') return 'rejected';
  if (task.latestStatus === 'under-review') return 'under-review';
  const done = Number(task.completion);
  if (done >= 1) return 'completed';
  if (task.dueDate < today) return 'overdue';
  return done > 0 ? 'in-progress' : 'not-started';
}
