import type { AchievementTier, WarningBasis, WarningGrade } from './enums';
import type { IndicatorRule } from './facts';

/* Figures: 得分 by indicator, 预警, 资金, 标志性成果 and the reconciliation of declared figures. */

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

/** The figures of a set of indicators (a table row, a 二级指标, a plan). */
export interface GroupFigures {
  /** 指标数 */
  count: number;
  /** 完成数: the sum of completions (may be fractional: 22.3). */
  completed: string;
  /** 完成率 */
  rate: string;
  /** 得分 */
  score: string;
  /** 分值 */
  points: string;
  /** 超额完成 N 个 */
  overCompleted: number;
}

/** A row or a 二级指标 of the report's tables: 指标数, 完成数, 完成率, 得分 of its points. */
export interface ScoreSummary extends GroupFigures {
  name: string;
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
