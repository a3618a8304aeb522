import { deciderSpec } from '@sg/testing';
import { taskFundsDecider, type TaskFundsCommand } from './task-funds';

const office = (userId: string, grants = ['office@plan:p1']) => ({
  userId,
  exists: true,
  active: true,
  grants,
});
const lines = [
  {
    sourceKey: '1:1',
    primaryTask: '加强党的建设',
    secondaryTask: '',
    amounts: { 中央财政: '100', 学校自筹: '50' },
  },
];
const record = (data: Partial<Extract<TaskFundsCommand, { type: 'RecordTaskFunds' }>['data']> = {}) =>
  ({
    type: 'RecordTaskFunds',
    data: {
      planId: 'p1',
      levelId: 'l1',
      lineKey: '1:1',
      source: '中央财政',
      arrived: '80',
      spent: '60.5',
      effectiveDate: '2021-12-31',
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
          data: {
            planId: 'p1',
            levelId: 'l1',
            lineKey: '1:1',
            source: '中央财政',
            arrived: '80',
            spent: '60.5',
            effectiveDate: '2021-12-31',
            recordedBy: 'u-office',
          },
        },
      ]);
  });

  it('refuses another actor, an unknown line or source, spending beyond arrival, a date outside the plan', () => {
    spec
      .given([])
      .when(record({ actor: office('u-x', ['owner@plan:p1']) }))
      .thenThrows('funds-not-office');
    spec
      .given([])
      .when(record({ actor: { ...office('u-office'), active: false } }))
      .thenThrows('funds-not-office');
    spec
      .given([])
      .when(record({ lineKey: '9:9' }))
      .thenThrows('budget-line-not-found');
    spec
      .given([])
      .when(record({ lines: undefined }))
      .thenThrows('budget-line-not-found');
    spec
      .given([])
      .when(record({ source: '行业企业' }))
      .thenThrows('invalid-fund-source');
    spec
      .given([])
      .when(record({ spent: '81' }))
      .thenThrows('spent-exceeds-arrived');
    spec
      .given([])
      .when(record({ arrived: '-1' }))
      .thenThrows('invalid-amount');
    spec
      .given([])
      .when(record({ effectiveDate: '2018-12-31' }))
      .thenThrows('date-before-plan');
  });
});
