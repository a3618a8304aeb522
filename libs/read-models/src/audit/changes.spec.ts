import type { RecordedEvent } from '@sg/event-store';
import { changesOf } from './changes';

const NAMES: Record<string, string> = {
  'user:u1': '张三',
  'user:u2': '李四',
  'project:p1': '1 党建引领示范',
};
const nameOf = (entity: string) => NAMES[entity];

let position = 0;
const event = (stream: string, revision: number, type: string, data: object): RecordedEvent => ({
  id: `e${++position}`,
  stream,
  revision,
  position,
  type,
  data,
  metadata: { actor: 'u1', time: '2022-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c' },
});

describe('what an audit entry says changed', () => {
  it('gives an indicator value before → after, and keeps the standing one when a report is back-dated', () => {
    const first = event('indicator-i1', 0, 'IndicatorValueRecorded', {
      indicatorId: 'i1',
      effectiveDate: '2021-12-31',
      actual: { kind: 'numeric', value: '12' },
    });
    const second = event('indicator-i1', 1, 'IndicatorValueRecorded', {
      indicatorId: 'i1',
      effectiveDate: '2022-12-31',
      actual: { kind: 'numeric', value: '15' },
    });
    const backDated = event('indicator-i1', 2, 'IndicatorValueRecorded', {
      indicatorId: 'i1',
      effectiveDate: '2021-06-30',
      actual: { kind: 'numeric', value: '9' },
    });
    expect(changesOf(first, [], nameOf)).toEqual([
      { field: '指标值', before: null, after: '12（截至 2021-12-31）' },
    ]);
    expect(changesOf(second, [first], nameOf)).toEqual([
      { field: '指标值', before: '12（截至 2021-12-31）', after: '15（截至 2022-12-31）' },
    ]);
    expect(changesOf(backDated, [first, second], nameOf)).toEqual([
      { field: '指标值', before: '15（截至 2022-12-31）', after: '15（截至 2022-12-31）' },
    ]);
  });

  it('names a role granted and revoked, with its scope by name', () => {
    const data = { userId: 'u2', role: 'project-lead', scope: 'project:p1' };
    expect(changesOf(event('user-u2', 3, 'RoleGranted', data), [], nameOf)).toEqual([
      { field: '角色', before: null, after: '项目负责人（项目「1 党建引领示范」）' },
    ]);
    expect(changesOf(event('user-u2', 4, 'RoleRevoked', data), [], nameOf)).toEqual([
      { field: '角色', before: '项目负责人（项目「1 党建引领示范」）', after: null },
    ]);
  });

  it('gives only the funds figures that moved for that year and source', () => {
    const base = { planId: 'pl', year: 2022, source: '中央财政', effectiveDate: '2022-06-30' };
    const first = event('funds-pl', 0, 'FundsRecorded', {
      ...base,
      budget: '500',
      arrived: '200',
      spent: '50',
    });
    const other = event('funds-pl', 1, 'FundsRecorded', {
      ...base,
      source: '举办方',
      budget: '1',
      arrived: '1',
      spent: '1',
    });
    const second = event('funds-pl', 2, 'FundsRecorded', {
      ...base,
      budget: '500',
      arrived: '300',
      spent: '120',
    });
    expect(changesOf(second, [first, other], nameOf)).toEqual([
      { field: '2022 年中央财政到位（万元）', before: '200', after: '300' },
      { field: '2022 年中央财政支出（万元）', before: '50', after: '120' },
    ]);
  });

  it('names the reviewers of a transfer, and falls back to the id of someone unknown', () => {
    const transfer = event('submission-s1', 2, 'ReviewTransferred', {
      submissionId: 's1',
      version: 1,
      stage: 0,
      from: 'u1',
      to: 'u9',
      reason: '出差',
    });
    expect(changesOf(transfer, [], nameOf)).toEqual([
      { field: '第 1 级审核人', before: '张三', after: 'u9' },
    ]);
  });
});
