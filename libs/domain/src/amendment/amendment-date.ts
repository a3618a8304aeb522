import { DomainError } from '../shared/domain-error';
import { requireDate } from '../shared/values';

export interface PlanPeriod {
  startYear: number;
  endYear: number;
}

/**
 * The date an amendment takes effect when the office names none: today while the plan runs;
 * once its period is over, its last day (a 任务书 revised after the end still speaks of the plan's
 * years); before it begins, its first day.
 */
export function defaultEffectiveDate(today: string, period: PlanPeriod): string {
  const year = Number(today.slice(0, 4));
  if (year > period.endYear) return `${period.endYear}-12-31`;
  if (year < period.startYear) return `${period.startYear}-01-01`;
  return today;
}

/** A 生效日期 the office chose: a real date within the plan's years. */
export function requireAmendmentDate(date: string, period: PlanPeriod): string {
  requireDate(date, '生效日期');
  const year = Number(date.slice(0, 4));
  if (year < period.startYear || year > period.endYear) {
    throw new DomainError(
      'invalid',
      'amendment-outside-period',
      `生效日期 ${date} 不在建设周期 ${period.startYear}–${period.endYear} 内，请选择建设周期内的日期。`,
      { effectiveDate: date },
    );
  }
  return date;
}
