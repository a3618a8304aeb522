import { person } from '../user/standing.fixtures';
import { deciderSpec } from '@sg/testing';
import { taskFundsDecider, type TaskFundsCommand } from './task-funds';

const office = (userId: string, grants = ['office@plan:p1']) => person(userId, grants);
const lines = [
  {
    sourceKey: '1:1',
    primaryTask: '加强党的建设',
    secondaryTask: '',
    amounts: { 中央财政: '100', 学校自筹: '50' },
  },
];
/** What the default command records, echoed by its event. */
const recorded = {
  planId: 'p1',
  levelId: 'l1',
  lineKey: '1:1',
  source: '中央财政',
  arrived: '80',
  spent: '60.5',
  effectiveDate: '2021-12-31',
};
const record = (data: Partial<Extract<TaskFundsCommand, { type: 'RecordTaskFunds' }>['data']> = {}) =>
  ({
    type: 'RecordTaskFunds',
    data: {
      ...recorded,
      actor: office('u-office'),
      lines,
      dates: { startYear: 2019, endYear: 2023, today: '2022-03-01', toleranceDays: 31 },
      ...data,
    },
  }) as TaskFundsCommand;
const spec = deciderSpec(taskFundsDecider);

describe('funds per 建设任务 (到位 / 支出 against a line of the 总预算)', () => {
  it('records what arrived and was spent on a budget line and source, by the plan office', () => {
    spec
      .given([])
      .when(record())
      .then([
        {
          type: 'TaskFundsRecorded',
          data: { ...recorded, recordedBy: 'u-office' },
        },
      ]);
  });

  it.each([
    ['an actor without an office grant', { actor: office('u-x', ['owner@plan:p1']) }, 'funds-not-office'],
    ['an office that is disabled', { actor: { ...office('u-office'), active: false } }, 'funds-not-office'],
    ['a line the budget does not have', { lineKey: '9:9' }, 'budget-line-not-found'],
    ['a level without a 总预算', { lines: undefined }, 'budget-line-not-found'],
    ['a source the plan does not fund from', { source: '行业企业' }, 'invalid-fund-source'],
    ['more spent than arrived', { spent: '81' }, 'spent-exceeds-arrived'],
    ['a negative amount', { arrived: '-1' }, 'invalid-amount'],
    ['a date before the plan', { effectiveDate: '2018-12-31' }, 'date-before-plan'],
  ])('refuses %s', (_case, data, code) => {
    spec.given([]).when(record(data)).thenThrows(code);
  });
});
