/* Facts the office records through forms: funds, surveys, indicator values, reminder settings. */

/** The national template's five fund sources (a plan may configure its own). */
export const FUND_SOURCES = ['中央财政', '地方财政', '举办方', '行业企业', '学校自筹'] as const;

/** Who a 满意度 survey asked. */
export const RESPONDENTS = ['在校生', '毕业生', '教职工', '用人单位', '家长'] as const;
export type Respondents = (typeof RESPONDENTS)[number];

/** `POST /api/plans/:planId/funds`: 万元 as exact decimal strings. */
export interface RecordFundsBody {
  levelId: string;
  source: string;
  year: number;
  /** 万元, exact decimal strings. */
  budget: string;
  arrived: string;
  spent: string;
  effectiveDate: string;
}

/** `POST /api/plans/:planId/surveys`. */
export interface RecordSurveyBody {
  levelId: string;
  respondents: Respondents;
  /** 有效问卷数 */
  sampleSize: number;
  /** 满意度, percent, exact decimal string (91.82). */
  satisfaction: string;
  effectiveDate: string;
}

/** An indicator's scoring rule; a qualitative one names its bands, each a share of the points. */
export type IndicatorRule =
  | { kind: 'proportional' }
  | { kind: 'manual' }
  | { kind: 'execution-rate' }
  | { kind: 'threshold'; partialFraction?: string }
  | { kind: 'banded'; bands: { minRatio: string; fraction: string }[] }
  | { kind: 'qualitative'; bands: { label: string; minFraction: string; maxFraction: string }[] };

/** An indicator's actual value as recorded: a number, a judged band and score, or deductions. */
export type ActualValueBody =
  | { kind: 'numeric'; value: string }
  | { kind: 'qualitative'; band: string; score: string }
  | { kind: 'manual'; deductions: { points: string; reason: string }[] };

/** `POST /api/plans/:planId/indicators/:indicatorId/values`. */
export interface RecordIndicatorValueBody {
  actual: ActualValueBody;
  effectiveDate: string;
  explanation?: string;
}

/** When each reminder rule fires; every figure is in days. */
export interface ReminderThresholdsView {
  /** Remind a task's owner this many days before its due date. */
  dueSoonDays: number;
  /** An overdue task is reminded again every this many days. */
  overdueRepeatDays: number;
  /** A rejected submission not resubmitted after this many days is reminded. */
  rejectedAfterDays: number;
  /** A review waiting this many days is chased (催办) with its reviewers… */
  reviewWaitDays: number;
  /** …this many days later with the project lead… */
  escalateToLeadDays: number;
  /** …and this many days after that with the project office. */
  escalateToOfficeDays: number;
}

/** `GET` / `PUT /api/plans/:planId/notification-settings`. */
export interface NotificationSettingsView {
  reminderCron: string;
  briefingCron: string;
  timezone: string;
  thresholds: ReminderThresholdsView;
  channels: { wecom: boolean; dingtalk: boolean };
}

/** One 满意度调查 result on `GET /api/plans/:planId/surveys`. */
export interface SurveyView {
  levelId: string;
  levelName: string;
  respondents: string;
  sampleSize: number;
  /** Percent, as an exact decimal string. */
  satisfaction: string;
  effectiveDate: string;
  recordedAt: string;
  /** The latest result for its 层面 and 调查对象: the one its indicators score from. */
  standing: boolean;
}

/** `GET /api/plans/:planId/surveys`: latest effective date first, as of the query's bounds. */
export interface SurveyListView {
  planId: string;
  surveys: SurveyView[];
}

/** Funds against a budget: 到位率 = arrived / budget, 执行率 = spent / budget (null and 「—」 without a budget). */
export interface LineFundsView {
  budget: string;
  arrived: string;
  spent: string;
  arrivalRate: string | null;
  executionRate: string | null;
  display: { arrivalRate: string; executionRate: string };
}

/** `GET /api/plans/:planId/budgets`: the 任务书's budgets per level, with funds per 建设任务 line. */
export interface BudgetsView {
  planId: string;
  levels: {
    levelId: string;
    budget: string;
    tasks: {
      sourceKey: string;
      primaryTask: string;
      secondaryTask: string;
      budget: string;
      funds: LineFundsView & { bySource: (LineFundsView & { source: string })[] };
    }[];
  }[];
}
