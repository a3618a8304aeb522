import { DomainError } from './domain-error';
import { requireDate } from './values';

/**
 * What bounds the effective date of a recorded fact. Of a task's reports the one with the latest
 * effective date stands, so a date beyond today would outrank every real report for good.
 */
export interface FactDateBounds {
  /** The plan's construction period (建设周期), whole years. */
  startYear: number;
  endYear: number;
  /** Today, YYYY-MM-DD, from the command's clock. */
  today: string;
  /** How many days past today a date may lie (a report dated the end of this month). */
  toleranceDays: number;
}

/** `date` plus `days`, both calendar dates (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today's calendar date of a command's instant, and the bounds that follow with a plan. */
export function factDateBounds(
  plan: { startYear: number; endYear: number },
  now: Date,
  toleranceDays: number,
): FactDateBounds {
  return {
    startYear: plan.startYear,
    endYear: plan.endYear,
    today: now.toISOString().slice(0, 10),
    toleranceDays,
  };
}

/** A valid date within the plan's years and not later than today plus the tolerance. */
export function requireEffectiveDate(value: string, field: string, bounds: FactDateBounds): string {
  requireDate(value, field);
  const { startYear, endYear, today, toleranceDays } = bounds;
  const first = `${String(startYear).padStart(4, '0')}-01-01`;
  const last = `${String(endYear).padStart(4, '0')}-12-31`;
  if (value < first) {
    throw new DomainError(
      'invalid',
      'date-before-plan',
      `${field}（${value}）早于建设周期 ${startYear}–${endYear} 的开始（${first}）。`,
      { field, value, earliest: first },
    );
  }
  if (value > last) {
    throw new DomainError(
      'invalid',
      'date-after-plan',
      `${field}（${value}）晚于建设周期 ${startYear}–${endYear} 的结束（${last}）。`,
      { field, value, latest: last },
    );
  }
  const latest = addDays(today, toleranceDays);
  if (value > latest) {
    throw new DomainError(
      'invalid',
      'date-in-future',
      `${field}（${value}）晚于今天（${today}）之后 ${toleranceDays} 天（${latest}）：不能登记尚未到来的日期。`,
      { field, value, latest },
    );
  }
  return value;
}

/** A milestone's year (任务书的年度) within the plan's construction period. */
export function requirePlanYear(year: number, field: string, period: { startYear: number; endYear: number }) {
  if (!Number.isInteger(year) || year < period.startYear || year > period.endYear) {
    throw new DomainError(
      'invalid',
      'year-outside-plan',
      `${field}（${year}）不在建设周期 ${period.startYear}–${period.endYear} 内。`,
      { field, year },
    );
  }
  return year;
}
