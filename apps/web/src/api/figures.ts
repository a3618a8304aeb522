/** Shapes of the plan's computed figures, as the API answers them (exact values + display text). */

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
  rule: { kind: string };
  actual: { kind: string; value?: string; text?: string; label?: string } | null;
  effectiveDate: string | null;
  explanation: string | null;
  assessment: { score: string; met: boolean; overCompleted: boolean; needsExplanation: boolean } | null;
}

export interface ScoreRow {
  code: string;
  name: string;
  count: number;
  completed: string;
  rate: string;
  score: string;
  points: string;
  overCompleted: number;
  remark: string;
  indicators: IndicatorScore[];
  display: ScoreSummaryDisplay;
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
      subcategories: {
        subcategory: string;
        name: string;
        count: number;
        completed: string;
        rate: string;
        score: string;
        points: string;
        overCompleted: number;
        rows: ScoreRow[];
        display: ScoreSummaryDisplay;
      }[];
    }[];
  }[];
}

export interface Warning {
  scope: 'project' | 'task';
  level: string;
  projectCode: string;
  projectName: string;
  taskId?: string;
  title?: string;
  ownerId?: string;
  expected: string;
  actual: string;
  gap: string;
  grade: '轻度' | '中度' | '严重';
  basis: string;
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
      tier: 'national' | 'regional';
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

export function targetText(target: IndicatorScore['target']): string {
  switch (target.kind) {
    case 'numeric':
      return `${target.comparator.replace('>=', '≥').replace('<=', '≤')} ${target.value}${target.unit}`;
    case 'range':
      return `${target.min}–${target.max}${target.unit}`;
    case 'qualitative':
      return target.text;
  }
}

export function actualText(actual: IndicatorScore['actual']): string {
  if (!actual) return '—';
  return actual.value ?? actual.label ?? actual.text ?? '—';
}
