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
  return summariseCounted(completions.map(countedCompletion));
}

/** A task's completion parsed once, for summaries over several groupings of the same tasks. */
export interface CountedCompletion {
  readonly capped: Decimal;
  readonly overCompleted: boolean;
}

export function countedCompletion(text: string): CountedCompletion {
  const value = new Decimal(text);
  return { capped: value.gte(ONE) ? ONE : value, overCompleted: value.gt(ONE) };
}

/** `summariseCompletion` over completions already parsed: the same sums, in the same order. */
export function summariseCounted(completions: readonly CountedCompletion[]): CompletionSummary {
  let completed = new Decimal(0);
  let fullyDone = 0;
  let overCompleted = 0;
  for (const { capped, overCompleted: over } of completions) {
    completed = completed.plus(capped);
    if (capped === ONE) fullyDone++;
    if (over) overCompleted++;
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
