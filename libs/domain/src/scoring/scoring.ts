import type { ActualValueBody, GroupFigures } from '@sg/contracts';
import Decimal from 'decimal.js';
import { DomainError } from '../shared/domain-error';

/** Exact decimal arithmetic for figures: 40 significant digits, half-up when rounding is asked for. */
export const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Exact = InstanceType<typeof Exact>;

export type Comparator = '>=' | '>' | '<=' | '<' | '=';

/** 目标值: numeric with a comparator and unit (≥ 2 项, > 95 %, ≤ 5 %), a range, or text. */
export type Target =
  | { kind: 'numeric'; comparator: Comparator; value: string; unit: string }
  | { kind: 'range'; min: string; max: string; unit: string }
  | { kind: 'qualitative'; text: string };

export type ScoringRule =
  /** points × min(actual / target, 1); for lower-is-better targets, target / actual. */
  | { kind: 'proportional' }
  /** Full points when the target is met, else points × partialFraction (default 0). */
  | { kind: 'threshold'; partialFraction?: string }
  /** The fraction of the highest band whose minRatio the completion ratio reaches. */
  | { kind: 'banded'; bands: { minRatio: string; fraction: string }[] }
  /** A reviewer picks a band (达成 / 部分达成 / 未达成) and a score within its range of the points. */
  | { kind: 'qualitative'; bands: { label: string; minFraction: string; maxFraction: string }[] }
  /** A reviewer deducts points, each deduction with its reason. */
  | { kind: 'manual' }
  /**
   * 成本指标 as 执行率: the actual is the amount spent (万元) against the target's budget (万元);
   * points × min(spent / budget, 1). Met at 100 %; spending past the budget needs an explanation.
   */
  | { kind: 'execution-rate' };

/** An indicator's actual value as recorded: a number, a judged band and score, or deductions. */
export type ActualValue = ActualValueBody;

export interface IndicatorSpec {
  points: string;
  target: Target;
  rule: ScoringRule;
}

export interface Assessment {
  /** What the indicator adds to 完成数: min(ratio, 1), or the share of points for judged ones. */
  completion: string;
  /** Actual over target (better-than-target above 1); null where no ratio exists. */
  ratio: string | null;
  /** Exact score, never above the indicator's points. */
  score: string;
  met: boolean;
  /** 超额完成: strictly beyond the target. */
  overCompleted: boolean;
  /** Short of the target, or beyond it by the overshoot ratio: the report must say why. */
  needsExplanation: boolean;
}

/** Ratio at which over-completion is large enough to need an explanation. */
export const DEFAULT_OVERSHOOT_RATIO = '1.5';

function assertNeverRule(rule: never): never {
  throw new Error(`Unhandled scoring rule: ${JSON.stringify(rule)}`);
}

const invalid = (code: string, message: string) => new DomainError('invalid', code, message);

function exact(value: string, field: string): Exact {
  try {
    const parsed = new Exact(value);
    if (parsed.isFinite()) return parsed;
  } catch {
    // fall through
  }
  throw invalid('invalid-number', `${field} 不是有效数字：${value}`);
}

/** Actual over target, oriented so that above 1 is always better than asked. */
function ratioOf(target: Target, actual: Exact): { ratio: Exact; met: boolean } {
  if (target.kind === 'range') {
    const min = exact(target.min, '目标下限');
    const max = exact(target.max, '目标上限');
    if (actual.lt(min)) return { ratio: min.isZero() ? new Exact(0) : actual.div(min), met: false };
    if (actual.gt(max)) return { ratio: actual.isZero() ? new Exact(0) : max.div(actual), met: false };
    return { ratio: new Exact(1), met: true };
  }
  if (target.kind !== 'numeric') throw invalid('rule-needs-number', '该评分规则需要数值型目标。');
  const goal = exact(target.value, '目标值');
  switch (target.comparator) {
    case '>=':
    case '>': {
      const met = target.comparator === '>=' ? actual.gte(goal) : actual.gt(goal);
      return { ratio: goal.isZero() ? new Exact(met ? 1 : 0) : actual.div(goal), met };
    }
    case '<=':
    case '<': {
      const met = target.comparator === '<=' ? actual.lte(goal) : actual.lt(goal);
      // Lower is better: at zero actual the target is met with nothing to divide by.
      return { ratio: actual.isZero() ? new Exact(met ? 1 : 0) : goal.div(actual), met };
    }
    case '=': {
      const met = actual.eq(goal);
      return { ratio: goal.isZero() ? new Exact(met ? 1 : 0) : actual.div(goal), met };
    }
  }
}

/**
 * Scores one indicator. Over-completion counts (`overCompleted`) but never earns more than the
 * indicator's points; nothing is rounded here.
 */
export function assessIndicator(
  spec: IndicatorSpec,
  actual: ActualValue,
  overshootRatio: string = DEFAULT_OVERSHOOT_RATIO,
): Assessment {
  const points = exact(spec.points, '分值');
  if (points.lt(0)) throw invalid('invalid-points', '分值不能为负数。');
  const rule = spec.rule;

  if (rule.kind === 'manual') {
    if (actual.kind !== 'manual') throw invalid('actual-mismatch', '人工评分的指标需要填写扣分项。');
    const deducted = actual.deductions.reduce((sum, d) => {
      const value = exact(d.points, '扣分');
      if (value.lt(0)) throw invalid('invalid-deduction', '扣分不能为负数。');
      if (d.reason.trim() === '') throw invalid('deduction-needs-reason', '每一项扣分都须写明原因。');
      return sum.plus(value);
    }, new Exact(0));
    if (deducted.gt(points))
      throw invalid('deduction-exceeds-points', `扣分合计 ${deducted.toString()} 超过分值 ${spec.points}。`);
    const score = points.minus(deducted);
    return judged(points, score, deducted.isZero());
  }

  if (rule.kind === 'qualitative') {
    if (actual.kind !== 'qualitative')
      throw invalid('actual-mismatch', '定性指标需要选择评价等级并给出得分。');
    const band = rule.bands.find((b) => b.label === actual.band);
    if (!band) throw invalid('unknown-band', `评价等级「${actual.band}」不在该指标的等级中。`);
    const score = exact(actual.score, '得分');
    const low = points.times(band.minFraction);
    const high = points.times(band.maxFraction);
    if (score.lt(low) || score.gt(high)) {
      throw invalid(
        'score-outside-band',
        `「${band.label}」的得分应在 ${low.toString()}–${high.toString()} 分之间。`,
      );
    }
    return judged(points, score, band === rule.bands[0]);
  }

  if (actual.kind !== 'numeric') throw invalid('actual-mismatch', '该指标需要填写数值型实际完成值。');
  const value = exact(actual.value, '实际完成值');
  if (rule.kind === 'execution-rate') return executionRate(points, spec.target, value);
  const { ratio, met } = ratioOf(spec.target, value);
  const capped = Exact.min(ratio, 1);
  let fraction: Exact;
  switch (rule.kind) {
    case 'proportional':
      fraction = capped;
      break;
    case 'threshold':
      fraction = met ? new Exact(1) : new Exact(rule.partialFraction ?? '0');
      break;
    case 'banded': {
      const reached = rule.bands
        .filter((band) => ratio.gte(band.minRatio))
        .sort((a, b) => new Exact(b.minRatio).comparedTo(a.minRatio));
      fraction = reached.length > 0 ? new Exact(reached[0].fraction) : new Exact(0);
      break;
    }
  }
  const score = Exact.min(points.times(Exact.min(fraction, 1)), points);
  const overCompleted = met && ratio.gt(1);
  return {
    completion: (met ? new Exact(1) : capped).toString(),
    ratio: ratio.toString(),
    score: score.toString(),
    met,
    overCompleted,
    needsExplanation: !met || ratio.gte(overshootRatio),
  };
}

/** 执行率 = spent / budget; the score never exceeds the points, overspending is never "over-completion". */
function executionRate(points: Exact, target: Target, spent: Exact): Assessment {
  if (target.kind !== 'numeric')
    throw invalid('rule-needs-number', '按执行率评分的成本指标需要预算金额作为目标。');
  if (spent.lt(0)) throw invalid('invalid-amount', '支出金额不能为负数。');
  const budget = exact(target.value, '预算');
  const rate = budget.isZero() ? new Exact(spent.isZero() ? 1 : 0) : spent.div(budget);
  const met = rate.gte(1);
  const capped = Exact.min(rate, 1);
  return {
    completion: capped.toString(),
    ratio: rate.toString(),
    score: points.times(capped).toString(),
    met,
    overCompleted: false,
    needsExplanation: !rate.eq(1),
  };
}

function judged(points: Exact, score: Exact, met: boolean): Assessment {
  return {
    completion: points.isZero() ? '1' : score.div(points).toString(),
    ratio: null,
    score: score.toString(),
    met,
    overCompleted: false,
    needsExplanation: !met,
  };
}

export type GroupSummary = GroupFigures;

/** Sums a table row (or any set of indicators); items with `counted: false` only add points and score. */
export function summariseGroup(
  items: readonly { points: string; assessment: Assessment; counted?: boolean }[],
): GroupSummary {
  const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Exact(0));
  const counted = items.filter((i) => i.counted !== false);
  const completed = sum(counted.map((i) => i.assessment.completion));
  return {
    count: counted.length,
    completed: completed.toString(),
    rate:
      counted.length === 0
        ? items.length > 0 && items.every((i) => i.assessment.met)
          ? '1'
          : '0'
        : completed.div(counted.length).toString(),
    score: sum(items.map((i) => i.assessment.score)).toString(),
    points: sum(items.map((i) => i.points)).toString(),
    overCompleted: counted.filter((i) => i.assessment.overCompleted).length,
  };
}

export type Grade = '优' | '良' | '中' | '差';

/** 优 ≥ 90, 良 80–89, 中 60–79, 差 < 60, on the exact total. */
export function gradeOf(total: string): Grade {
  const value = new Exact(total);
  if (value.gte(90)) return '优';
  if (value.gte(80)) return '良';
  if (value.gte(60)) return '中';
  return '差';
}

/** The plan's total: each level's total times its weight (weights summing to 1). */
export function weightedTotal(levels: readonly { total: string; weight: string }[]): string {
  return levels
    .reduce((sum, level) => sum.plus(new Exact(level.total).times(level.weight)), new Exact(0))
    .toString();
}

/** Half-up to two places, for display only: 1.675 → "1.68". */
export function pointsForDisplay(value: string, places = 2): string {
  return new Exact(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

/** Refuses a specification whose target, rule and bands do not fit together. */
export function requireValidSpec(spec: IndicatorSpec): IndicatorSpec {
  const points = exact(spec.points, '分值');
  if (points.lt(0) || points.gt(100)) throw invalid('invalid-points', '分值应在 0–100 之间。');
  const numericRule = ['proportional', 'threshold', 'banded'].includes(spec.rule.kind);
  if (numericRule && spec.target.kind === 'qualitative') {
    throw invalid('rule-needs-number', '按比例、达标或分档评分的指标需要数值型目标。');
  }
  if (
    spec.rule.kind === 'execution-rate' &&
    (spec.target.kind !== 'numeric' || spec.target.unit !== '万元')
  ) {
    throw invalid('rule-needs-budget', '按执行率评分的成本指标需要以万元计的预算金额作为目标。');
  }
  if (spec.target.kind === 'numeric') exact(spec.target.value, '目标值');
  if (
    spec.target.kind === 'range' &&
    exact(spec.target.min, '目标下限').gt(exact(spec.target.max, '目标上限'))
  ) {
    throw invalid('invalid-range', '目标下限不能大于上限。');
  }
  const fraction = (value: string, field: string) => {
    const parsed = exact(value, field);
    if (parsed.lt(0) || parsed.gt(1)) throw invalid('invalid-fraction', `${field}应在 0–1 之间。`);
  };
  switch (spec.rule.kind) {
    case 'threshold':
      if (spec.rule.partialFraction !== undefined) fraction(spec.rule.partialFraction, '未达标时的得分比例');
      break;
    case 'banded':
      if (spec.rule.bands.length === 0) throw invalid('no-bands', '分档评分至少需要一个档位。');
      for (const band of spec.rule.bands) {
        exact(band.minRatio, '档位下限');
        fraction(band.fraction, '档位得分比例');
      }
      break;
    case 'qualitative':
      if (spec.rule.bands.length === 0) throw invalid('no-bands', '定性评分至少需要一个等级。');
      for (const band of spec.rule.bands) {
        fraction(band.minFraction, `「${band.label}」的得分下限`);
        fraction(band.maxFraction, `「${band.label}」的得分上限`);
      }
      break;
    case 'proportional':
    case 'manual':
    case 'execution-rate':
      break;
    default:
      return assertNeverRule(spec.rule);
  }
  return spec;
}
