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
  // Each completion parsed once: a dashboard sums a school's 400 tasks three times per request.
  let completed = new Decimal(0);
  let fullyDone = 0;
  let overCompleted = 0;
  for (const text of completions) {
    const value = new Decimal(text);
    const capped = value.gte(ONE) ? ONE : value;
    completed = completed.plus(capped);
    if (capped === ONE) fullyDone++;
    if (value.gt(ONE)) overCompleted++;
  }
  const total = completions.length;
  return {
    total,
    completed: completed.toString(),
    rate: total === 0 ? '0' : completed.div(total).toString(),
    fullyDone,
    overCompleted,
  };
}

const ONE = new Decimal(1);

/** Half-up rounding for display only: 0.95555… → "95.56" as a percentage. */
export function percentForDisplay(rate: string, places = 2): string {
  return new Decimal(rate).times(100).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}
