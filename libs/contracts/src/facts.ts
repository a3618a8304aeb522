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
  budget: string;
  arrived: string;
  spent: string;
  effectiveDate: string;
}

/** `POST /api/plans/:planId/surveys`. */
export interface RecordSurveyBody {
  levelId: string;
  respondents: Respondents;
  sampleSize: number;
  /** Percent, as an exact decimal string. */
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

export interface ReminderThresholdsView {
  dueSoonDays: number;
  overdueRepeatDays: number;
  rejectedAfterDays: number;
  reviewWaitDays: number;
  escalateToLeadDays: number;
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
