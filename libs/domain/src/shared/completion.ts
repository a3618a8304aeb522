import Decimal from 'decimal.js';

export interface CompletionSummary {
  /** Number of tasks counted. */
  total: number;
  /** Sum of task completions: "29.39" of 33. */
  completed: string;
  /** completed / total, exact; "0" when there are no tasks. */
  rate: string;
  /** Tasks fully done. */
  fullyDone: number;
  /** Tasks done beyond their plan (超额完成). */
  overCompleted: number;
}

/**
 * Completion of a group of tasks as the self-evaluation counts it: done work over task count,
 * each task counting at most 1 however far beyond its plan it went.
 */
export function summariseCompletion(completions: readonly string[]): CompletionSummary {
  const completed = completions.reduce((sum, c) => sum.plus(Decimal.min(c, 1)), new Decimal(0));
  const total = completions.length;
  return {
    total,
    completed: completed.toString(),
    rate: total === 0 ? '0' : completed.div(total).toString(),
    fullyDone: completions.filter((c) => new Decimal(c).gte(1)).length,
    overCompleted: completions.filter((c) => new Decimal(c).gt(1)).length,
  };
}

/** Half-up rounding for display only: 0.95555… → "95.56" as a percentage. */
export function percentForDisplay(rate: string, places = 2): string {
  return new Decimal(rate).times(100).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}
