import { FUND_SOURCES, type RecordFundsBody } from '@sg/contracts';
import Decimal from 'decimal.js';
import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { DomainError } from '../shared/domain-error';
import { requireEffectiveDate, type FactDateBounds } from '../shared/effective-date';

export { FUND_SOURCES };

/** Funds as the form records them, on one plan. */
export interface FundsRecord extends RecordFundsBody {
  planId: string;
}

export type FundsCommand = Message<
  'RecordFunds',
  FundsRecord & {
    plan: { startYear: number; endYear: number; levels: string[]; sources: readonly string[] };
    dates: FactDateBounds;
  }
>;
export type FundsEvent = Message<'FundsRecorded', FundsRecord>;

export const fundsStream = (planId: string): string => `funds-${planId}`;

/** 万元: not negative, at most four decimals (1 元), as an exact decimal string. */
export function requireAmount(value: string, field: string): string {
  let parsed: Decimal;
  try {
    parsed = new Decimal(value);
  } catch {
    throw new DomainError('invalid', 'invalid-amount', `${field}不是有效金额：${value}`);
  }
  if (!parsed.isFinite() || parsed.lt(0) || parsed.decimalPlaces() > 4) {
    throw new DomainError(
      'invalid',
      'invalid-amount',
      `${field}应为不小于 0、最多四位小数的金额（万元）：${value}`,
    );
  }
  return parsed.toString();
}

/** 到位 and 支出 of a funds record, exact; nothing is spent that has not arrived. */
export function requireFundsFlow(d: { arrived: string; spent: string }): { arrived: string; spent: string } {
  const flow = { arrived: requireAmount(d.arrived, '到位资金'), spent: requireAmount(d.spent, '支出') };
  if (new Decimal(flow.spent).gt(flow.arrived)) {
    throw new DomainError('invalid', 'spent-exceeds-arrived', '支出不能超过到位资金。');
  }
  return flow;
}

/**
 * 资金: budget, money arrived (到位) and money spent (支出) per level × source × year, as facts
 * with the date they took effect; a later record for the same cell supersedes an earlier one.
 */
export const fundsDecider = ledgerDecider<FundsCommand, FundsEvent>(
  'FundsRecorded',
  ({ plan, dates, ...d }) => {
    if (!plan.levels.includes(d.levelId)) {
      throw new DomainError('not-found', 'level-not-found', `层面不存在：${d.levelId}`);
    }
    if (!plan.sources.includes(d.source)) {
      throw new DomainError('invalid', 'invalid-fund-source', `资金来源应为：${plan.sources.join('、')}`);
    }
    if (!Number.isInteger(d.year) || d.year < plan.startYear || d.year > plan.endYear) {
      throw new DomainError(
        'invalid',
        'year-outside-plan',
        `年度应在建设周期 ${plan.startYear}–${plan.endYear} 内`,
      );
    }
    return {
      ...d,
      budget: requireAmount(d.budget, '预算'),
      ...requireFundsFlow(d),
      effectiveDate: requireEffectiveDate(d.effectiveDate, '资金生效日期', dates),
    };
  },
);
