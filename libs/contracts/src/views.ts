import type { TaskUnitsView } from './directory';
import type { IndicatorRule } from './facts';
import type {
  AchievementTier,
  BriefingStatus,
  CompletionBasis,
  BatchOutcome,
  DeliveryChannel,
  StageRuleKind,
  SubmissionStatus,
  TaskState,
  WarningBasis,
  WarningGrade,
} from './enums';

/*
 * The API's answers as the web reads them. Figures are exact decimals sent as text, each with its
 * display text. The server's own view types are checked against these (apps/api/src/http/contracts.spec.ts).
 */

// --- Accounts, plans, tasks ---------------------------------------------------------------------
export interface RoleGrant {
  role: string;
  scope: string;
}

export interface Me {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  /** Signed in with a password someone else chose: the API allows nothing but changing it. */
  mustChangePassword?: boolean;
}

export interface PlanSummary {
  planId: string;
  name: string;
  school: string;
  startYear: number;
  endYear: number;
}

export interface CompletionDisplay {
  total: string;
  completed: string;
  rate: string;
  remark: string;
}

export interface CompletionSummary {
  total: number;
  completed: string;
  rate: string;
  overCompleted: number;
  display: CompletionDisplay;
}

export interface PlanCompletion extends CompletionSummary {
  planId: string;
  /** Which tasks the figures count. */
  basis: CompletionBasis;
  /** The date `due` compares due dates with: the cut-off, or today without one. */
  dueBy?: string;
  levels: (CompletionSummary & {
    levelId: string;
    name: string;
    kind: string;
    projects: (CompletionSummary & { projectId: string; code: string; name: string })[];
  })[];
}

/** A task as the read model holds it (子项目 rolled up). */
export interface TaskFields {
  taskId: string;
  planId: string;
  projectId: string;
  title: string;
  /** null: 未分配 (imported from a 任务书, which names no owner). */
  ownerId: string | null;
  /** Where the task comes from in an imported 任务书 (ADR 0024); null otherwise. */
  sourceKey?: string | null;
  dueDate: string;
  /** The 任务书's year column, when the task was defined with one. */
  year: number | null;
  /** The 一级任务 and 二级任务 it belongs to, when given. */
  primaryTask: string | null;
  secondaryTask: string | null;
  completion: string;
  progressDate: string | null;
  /** Revision of the task's stream: the ETag a change must match. */
  revision: number;
}

/** A task as the API answers it. */
export interface TaskView extends TaskFields {
  completionPercent: string;
  /** The owner's name (ADR 0026: the web never shows an id). */
  ownerName?: string;
  /** 牵头单位 and 参与单位, by name. */
  units?: TaskUnitsView;
  projectCode?: string;
  projectName?: string;
  /** On `GET /api/me/tasks`: where the task's latest submission stands. */
  latestSubmission?: {
    submissionId: string;
    status: SubmissionStatus;
    stageName: string;
    lastReason: string | null;
  } | null;
}

export interface UserView {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  disabled?: boolean;
}

export interface CommandResult {
  id: string;
  [key: string]: unknown;
}

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

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPreferences {
  email: boolean;
  emailAddress: string | null;
  /** For @mentions in WeCom / DingTalk group messages. */
  mobile: string | null;
  wecom: boolean;
  dingtalk: boolean;
  /** 每日汇总: emails come as one message a day. */
  digest: boolean;
}

export interface BriefingSummary {
  id: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  title: string;
  status: BriefingStatus;
  contentHash: string;
  position: number;
  generatedAt: string;
  generatedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface Briefing extends BriefingSummary {
  html: string;
  markdown: string;
  /** The office's own sections (工作动态 `work-news`, 典型案例 `typical-cases`) beside the figures. */
  sections: { kind: 'work-news' | 'typical-cases'; text: string; photoIds: string[] }[];
  photos: { photoId: string; sha256: string; name: string; mediaType: string; size: number }[];
}

export interface FailedDelivery {
  id: string;
  channel: DeliveryChannel;
  recipient: string;
  /** The person's name, or 群机器人 for a group message. */
  recipientName: string;
  title: string;
  attempts: number;
  lastError: string;
  failedAt: string;
}

// --- Figures -------------------------------------------------------------------------------------
export interface ScoreSummaryDisplay {
  count: string;
  completed: string;
  rate: string;
  score: string;
}

export interface IndicatorScore {
  indicatorId: string;
  kind: 'indicator' | 'achievement';
  code: string;
  name: string;
  points: string;
  target:
    | { kind: 'numeric'; comparator: string; value: string; unit: string }
    | { kind: 'range'; min: string; max: string; unit: string }
    | { kind: 'qualitative'; text: string };
  rule: IndicatorRule;
  actual: { kind: string; value?: string; text?: string; label?: string } | null;
  effectiveDate: string | null;
  explanation: string | null;
  assessment: { score: string; met: boolean; overCompleted: boolean; needsExplanation: boolean } | null;
}

/** A row or a 二级指标 of the report's tables: 指标数, 完成数, 完成率, 得分 of its points. */
export interface ScoreSummary {
  name: string;
  count: number;
  completed: string;
  rate: string;
  score: string;
  points: string;
  overCompleted: number;
  display: ScoreSummaryDisplay;
}

export interface ScoreRow extends ScoreSummary {
  code: string;
  remark: string;
  indicators: IndicatorScore[];
}

export interface ScoreReport {
  planId: string;
  total: string;
  grade: string;
  display: { total: string };
  levels: {
    levelId: string;
    name: string;
    kind: string;
    weight: string;
    total: string;
    grade: string;
    display: { total: string; weight: string };
    categories: {
      category: string;
      name: string;
      points: string;
      score: string;
      display: { points: string; score: string };
      subcategories: (ScoreSummary & { subcategory: string; rows: ScoreRow[] })[];
    }[];
  }[];
}

/** 预警 as the read model computes it (exact fractions). */
export interface EarlyWarning {
  scope: 'project' | 'task';
  level: string;
  projectCode: string;
  projectName: string;
  taskId?: string;
  title?: string;
  ownerId?: string | null;
  expected: string;
  actual: string;
  gap: string;
  grade: WarningGrade;
  basis: WarningBasis;
}

/** 预警 as the API answers it: with display text. */
export interface Warning extends EarlyWarning {
  display: { expected: string; actual: string; gap: string };
}

export interface WarningsView {
  counts: Record<string, number>;
  warnings: Warning[];
}

interface FundTotals {
  budget: string;
  arrived: string;
  spent: string;
  arrivalRate: string;
  executionRate: string;
}

export interface FundsView extends FundTotals {
  display: { arrivalRate: string; executionRate: string };
  bySource: (FundTotals & { source: string; display: { arrivalRate: string; executionRate: string } })[];
  byLevel: (FundTotals & { levelId: string; display: { arrivalRate: string; executionRate: string } })[];
  byYear: (FundTotals & { year: number })[];
}

export interface AchievementsView {
  total: number;
  national: number;
  levels: {
    levelId: string;
    national: number;
    regional: number;
    total: number;
    achievements: {
      achievementId: string;
      title: string;
      tier: AchievementTier;
      attribution: string;
      awardedOn: string;
    }[];
  }[];
}

export interface ReconciliationReport {
  report: string;
  cutoff: string;
  declaredAt: string;
  mismatches: number;
  figures: {
    measure: string;
    value: string;
    source: string;
    status: string;
    computed: string | null;
    exact: string | null;
    message: string;
  }[];
}

// --- Submissions and review ----------------------------------------------------------------------
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

// --- Audit ---------------------------------------------------------------------------------------
/** One change in the audit trail: who, when, what (a zh-CN summary), why, and the raw event. */
/** One thing an audit entry concerns, by name: `task:<id>` → the task's title. */
export interface AuditSubject {
  entity: string;
  /** plan, level, project, task, indicator, evidence, user … */
  kind: string;
  /** zh-CN label of the kind: 任务、项目 … */
  kindName: string;
  name: string;
}

/** One field an event changed, in words: 负责人 张三 → 李四; `null` is "none" (a role newly granted). */
export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface AuditEntry {
  position: number;
  time: string;
  actor: { userId: string; name: string };
  type: string;
  entity: string;
  summary: string;
  reason: string | null;
  /** The plan, project, task, users … the event concerns, named from the read models. */
  subjects: AuditSubject[];
  /** What changed, before → after (empty for an event that changes no standing value). */
  changes: AuditChange[];
  /** System bookkeeping (username reservations, deliveries …): listed only when asked for. */
  internal: boolean;
  event: { id: string; stream: string; revision: number; type: string; data: unknown; metadata: unknown };
}

/** A page of the trail: `nextBefore` pages on newest first, `nextAfter` oldest first; absent on the last page. */
export interface AuditPage {
  items: AuditEntry[];
  nextBefore?: number;
  nextAfter?: number;
}

/** A plan, project, task or user the 对象 picker offers. */
export type AuditObject = AuditSubject & { detail?: string };

// --- Amendments (任务调整) ------------------------------------------------------------------------
/** A revised 任务书 against the plan: POST /api/plans/:id/amendments/preview. */
export interface AmendmentPreview {
  summary: Record<
    'tasks' | 'indicators',
    { added: number; removed: number; changed: number; unchanged: number }
  >;
  tasks: {
    added: { title: string; year: number; secondaryTask: string; ref: string }[];
    removed: { taskId: string; title: string; year: number | null; secondaryTask: string | null }[];
    changed: {
      taskId: string;
      changedText: string;
      before: { title: string; year: number | null };
      after: { title: string; year: number };
      ref: string;
    }[];
  };
  indicators: {
    added: { code: string; name: string; target: string; ref: string }[];
    removed: { indicatorId: string; code: string; name: string; target: string }[];
    changed: {
      indicatorId: string;
      code: string;
      changedText: string;
      before: { name: string; target: string };
      after: { name: string; target: string };
      ref: string;
    }[];
  };
}

/** GET /api/plans/:id/amendments: newest first. */
export interface AmendmentHistoryItem {
  amendmentId: string;
  status: 'proposed' | 'approved' | 'rejected';
  statusText: string;
  reason: string;
  fileName: string;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  effectiveDate: string | null;
  rejection: string | null;
  counts: { tasks: number; indicators: number };
  changes: string[];
}

// ---------------------------------------------------------------------------------------------
// 绩效自评 campaigns (ADR 0029).

/** A live figure block: computed figures of a report's scope and the date they stand at. */
export interface CampaignFigureTable {
  title: string;
  headers: string[];
  rows: string[][];
  asOf: string;
}

export type CampaignFigureBlock = 'tasks' | 'indicators' | 'achievements' | 'funds';

export interface CampaignPerson {
  userId: string;
  name: string;
}

export interface CampaignReportSummary {
  reportId: string;
  layer: 'individual' | 'unit' | 'group' | 'school';
  layerName: string;
  scope: string;
  title: string;
  authors: CampaignPerson[];
  signers: CampaignPerson[];
  status: 'draft' | 'submitted' | 'signed-off' | 'returned';
  statusName: string;
  version: number;
  closes: string;
  submittedOn: string | null;
  late: boolean;
  opinion: string | null;
  returnReason: string | null;
}

export interface CampaignSummaryView {
  campaignId: string;
  planId: string;
  kind: string;
  kindName: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  cutoff: string;
}

export interface TypicalCaseView {
  achievementId: string;
  achievement: string;
  tier: string;
  awardedOn: string;
  achievers: CampaignPerson[];
  written: boolean;
  title: string | null;
  html: string | null;
  characters: number;
  version: number;
  author: string | null;
}

export interface CampaignOverview extends CampaignSummaryView {
  today: string;
  layers: {
    layer: string;
    name: string;
    opens: string;
    closes: string;
    total: number;
    submitted: number;
    signedOff: number;
    reports: CampaignReportSummary[];
  }[];
  typicalCases: TypicalCaseView[];
  publications: { version: number; sha256: string; bytes: number; fileName: string; publishedOn: string }[];
}

export interface CampaignTodo {
  campaignId: string;
  title: string;
  cutoff: string;
  today: string;
  write: (CampaignReportSummary & { figures: Record<CampaignFigureBlock, CampaignFigureTable> })[];
  sign: CampaignReportSummary[];
  typicalCases: TypicalCaseView[];
}

export interface CampaignReportSection {
  key: 'completion' | 'outcomes' | 'features' | 'problems' | 'plans';
  name: string;
  html: string;
}

export interface CampaignReportView extends CampaignReportSummary {
  campaignTitle: string;
  cutoff: string;
  window: { opens: string; closes: string };
  sections: CampaignReportSection[];
  figures: Record<CampaignFigureBlock, CampaignFigureTable>;
  mayWrite: boolean;
  maySign: boolean;
  below: (CampaignReportSummary & { sections: CampaignReportSection[] })[];
}

// --- Home pages, task search, the 待办 list ------------------------------------------------------
/** One page of a longer list: `total` counts every item the filters match. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A task as the search finds it. */
export interface TaskSearchHit {
  taskId: string;
  planId: string;
  projectId: string;
  projectCode: string;
  projectName: string;
  /** `<project code>.<n>` in the order the project's tasks were defined; a 子项目 adds `.<m>`. */
  code: string;
  title: string;
  parentTaskId: string | null;
  ownerId: string;
  ownerName: string;
  dueDate: string;
  year: number | null;
  completion: string;
  completionPercent: string;
  state: TaskState;
  latestSubmission: { submissionId: string; status: SubmissionStatus; lastReason: string | null } | null;
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

/** The office's home: how the plan stands and who is late. */
export interface PlanHealth {
  planId: string;
  /** Today in the plan's time zone: what "late" compares with. */
  today: string;
  completion: { total: number; completed: string; rate: string; display: { rate: string } };
  states: Record<TaskState, number>;
  warnings: Record<WarningGrade, number>;
  reviews: { waiting: number; oldestWaitingHours: number | null; sentBack: number };
  /** Owners with tasks past due and not done, most overdue tasks first. */
  late: { ownerId: string; ownerName: string; overdue: number; oldestDue: string }[];
}

/** 数据大屏: everything the meeting-room display shows, as one snapshot (figures already printed). */
export interface LiveScreen {
  planId: string;
  school: string;
  planName: string;
  /** The log position the snapshot reflects: the stream's event id. */
  position: number;
  /** When it was composed (ISO instant) and the plan's calendar date then. */
  composedAt: string;
  today: string;
  /** The plan's time zone: the display's clock runs in it. */
  timezone: string;
  completion: {
    total: number;
    rate: string;
    display: CompletionDisplay;
    levels: {
      levelId: string;
      name: string;
      rate: string;
      display: CompletionDisplay;
      projects: { projectId: string; code: string; name: string; rate: string; display: CompletionDisplay }[];
    }[];
  };
  score: {
    total: string;
    grade: string;
    levels: { levelId: string; name: string; total: string; grade: string }[];
  };
  warnings: {
    counts: { 严重: number; 中度: number; 轻度: number };
    /** The worst few. */
    top: { grade: WarningGrade; project: string; title: string; gap: string }[];
  };
  funds: { budget: string; arrived: string; spent: string; arrivalRate: string; executionRate: string };
  achievements: {
    total: number;
    national: number;
    /** The most recent few, newest first. */
    recent: {
      achievementId: string;
      title: string;
      tier: AchievementTier;
      level: string;
      awardedOn: string;
    }[];
  };
  approvals: {
    /** The plan's calendar month, YYYY-MM. */
    month: string;
    count: number;
    /** The most recent few, newest first (times in the plan's time zone). */
    recent: { submissionId: string; task: string; project: string; approvedAt: string }[];
  };
}
