import type { AchievementTier, TaskState, WarningGrade } from './enums';
import type { CompletionDisplay } from './plans';

/* The home pages: the office's 计划概况 and the 数据大屏 snapshot. */

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
