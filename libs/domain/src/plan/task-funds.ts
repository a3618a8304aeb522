import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { DomainError } from '../shared/domain-error';
import { requireEffectiveDate, type FactDateBounds } from '../shared/effective-date';
import type { Standing } from '../user/standing';
import { isPlanOffice } from '../amendment/amendment';
import { requireFundsFlow } from './funds';
import type { BudgetLine } from './plan';

/**
 * Funds received (到位) and spent (支出) on one 建设任务 line of the 任务书's 总预算 (1-4), per
 * source, up to the effective date (cumulative: the latest effective record of a line and source
 * stands).
 */
export interface TaskFundsRecord {
  planId: string;
  levelId: string;
  /** The budget line's key (its 序号 in the 总预算, `BudgetLine.sourceKey`). */
  lineKey: string;
  source: string;
  /** 万元, exact decimal strings. */
  arrived: string;
  spent: string;
  effectiveDate: string;
  recordedBy: string;
}

export type TaskFundsCommand = Message<
  'RecordTaskFunds',
  Omit<TaskFundsRecord, 'recordedBy'> & {
    actor: Standing;
    /** The level's standing 总预算 lines; absent when the level has none. */
    lines: BudgetLine[] | undefined;
    dates: FactDateBounds;
  }
>;
export type TaskFundsEvent = Message<'TaskFundsRecorded', TaskFundsRecord>;

export const taskFundsStream = (planId: string): string => `task-funds-${planId}`;

export const taskFundsDecider = ledgerDecider<TaskFundsCommand, TaskFundsEvent>(
  'TaskFundsRecorded',
  ({ actor, lines, dates, ...d }) => {
    if (!isPlanOffice(actor, d.planId)) {
      throw new DomainError('forbidden', 'funds-not-office', '只有本方案的建设办（项目办）可以登记资金。');
    }
    const line = lines?.find((l) => l.sourceKey === d.lineKey);
    if (!line) {
      throw new DomainError(
        'not-found',
        'budget-line-not-found',
        `该层面的项目总预算中没有序号为「${d.lineKey}」的建设任务。`,
        { lineKey: d.lineKey },
      );
    }
    if (line.amounts[d.source] === undefined) {
      throw new DomainError(
        'invalid',
        'invalid-fund-source',
        `建设任务「${line.primaryTask}」的预算来源为：${Object.keys(line.amounts).join('、')}`,
      );
    }
    return {
      ...d,
      ...requireFundsFlow(d),
      effectiveDate: requireEffectiveDate(d.effectiveDate, '资金生效日期', dates),
      recordedBy: actor.userId,
    };
  },
);
