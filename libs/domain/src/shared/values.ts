import Decimal from 'decimal.js';
import { DomainError } from './domain-error';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) that exists; the effective date of a fact. */
export function requireDate(value: string, field: string): string {
  const match = ISO_DATE.exec(value);
  const valid =
    match !== null &&
    (() => {
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    })();
  if (!valid) {
    throw new DomainError('invalid', 'invalid-date', `${field} 不是有效日期（应为 YYYY-MM-DD）：${value}`, {
      field,
    });
  }
  return value;
}

/**
 * How much of a task is done, as an exact decimal string: 0 to 1, or above 1 (up to 5) for a task
 * done beyond its plan (超额完成), which counts as 1 in every sum.
 */
export function requireCompletion(value: string, field: string): string {
  let parsed: Decimal;
  try {
    parsed = new Decimal(value);
  } catch {
    throw new DomainError('invalid', 'invalid-fraction', `${field} 不是有效数字：${value}`, { field });
  }
  if (!parsed.isFinite() || parsed.lt(0) || parsed.gt(5) || parsed.decimalPlaces() > 4) {
    throw new DomainError(
      'invalid',
      'invalid-fraction',
      `${field} 应为 0 到 5 之间、最多四位小数的数（1 即 100%）：${value}`,
      {
        field,
      },
    );
  }
  return parsed.toString();
}

export function requireText(value: string, field: string, max = 500): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new DomainError('invalid', 'invalid-text', `${field} 不能为空，且不超过 ${max} 个字`, { field });
  }
  return trimmed;
}
