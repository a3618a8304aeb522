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

/** A task's completion read once, for summaries over several groupings of the same tasks. */
export interface CountedCompletion {
  readonly text: string;
  /** The value in millionths, when the text is a plain decimal of at most six places. */
  readonly millionths: number | undefined;
}

/** Digits, then at most six places: no sign, no exponent. Summed as integers, exactly. */
const PLAIN = /^(\d{1,9})(?:\.(\d{1,6}))?$/;
const MILLION = 1_000_000;

export function countedCompletion(text: string): CountedCompletion {
  const plain = PLAIN.exec(text);
  return {
    text,
    millionths: plain ? Number(plain[1]) * MILLION + Number((plain[2] ?? '').padEnd(6, '0')) : undefined,
  };
}

/**
 * `summariseCompletion` over completions already read. Plain decimals of at most six places are
 * summed as integer millionths: every partial sum then has fewer than 20 significant digits, so
 * `decimal.js` (precision 20) would not round it either, and the figures are the same strings.
 */
export function summariseCounted(completions: readonly CountedCompletion[]): CompletionSummary {
  let sum = 0;
  let fullyDone = 0;
  let overCompleted = 0;
  for (const { millionths } of completions) {
    if (millionths === undefined) return summariseDecimals(completions.map((c) => c.text));
    sum += Math.min(millionths, MILLION);
    if (millionths >= MILLION) fullyDone++;
    if (millionths > MILLION) overCompleted++;
  }
  const fraction = String(sum % MILLION)
    .padStart(6, '0')
    .replace(/0+$/, '');
  const completed = `${Math.floor(sum / MILLION)}${fraction ? `.${fraction}` : ''}`;
  const total = completions.length;
  return {
    total,
    completed,
    rate: total === 0 ? '0' : new Decimal(completed).div(total).toString(),
    fullyDone,
    overCompleted,
  };
}

/** Any completion `decimal.js` reads (more places than six, an exponent): summed at its precision. */
function summariseDecimals(completions: readonly string[]): CompletionSummary {
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
