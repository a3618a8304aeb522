import { Exact, type ScoringRule, type Target } from '../scoring/scoring';
import type { IndicatorSubcategory } from './indicators';

/**
 * The default rule per kind of target (ADR 0024): at least / more than / exactly → proportional,
 * at most / less than and ranges → threshold, qualitative → manual, a 成本指标 in 万元 → 执行率.
 */
export function defaultRuleFor(subcategory: IndicatorSubcategory, target: Target): ScoringRule {
  if (target.kind === 'qualitative') return { kind: 'manual' };
  if (subcategory === 'cost' && target.kind === 'numeric' && target.unit === '万元') {
    return { kind: 'execution-rate' };
  }
  if (target.kind === 'range') return { kind: 'threshold' };
  switch (target.comparator) {
    case '>=':
    case '>':
    case '=':
      return { kind: 'proportional' };
    case '<=':
    case '<':
      return { kind: 'threshold' };
    default:
      return target.comparator satisfies never;
  }
}

/**
 * A 二级指标's points split evenly over its n indicators, exactly: each gets the share cut to four
 * places, the first also the remainder, so the parts add up to the total.
 */
export function splitPoints(total: string, n: number): string[] {
  const whole = new Exact(total);
  const share = whole.div(n).toDecimalPlaces(4, Exact.ROUND_DOWN);
  const first = whole.minus(share.times(n - 1));
  return Array.from({ length: n }, (_, i) => (i === 0 ? first : share).toString());
}
