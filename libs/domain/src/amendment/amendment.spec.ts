import { person } from '../user/standing.fixtures';
import { deciderSpec } from '@sg/testing';
import {
  amendmentDecider,
  amendmentEffects,
  type AmendmentChanges,
  type AmendmentCommand,
  type AmendmentEvent,
  type PlanNow,
} from './amendment';
import { diffAmendment, type BookTaskEntry, type PlanTaskEntry } from './diff';
import { resolveAmendment } from './resolve';

const planTask = (n: number, title: string, fields: Partial<PlanTaskEntry> = {}): PlanTaskEntry => ({
  taskId: `t${n}`,
  sourceKey: `P1/1.1/2021/${n}`,
  projectId: 'pr1',
  ownerId: 'u-zhang',
  title,
  year: 2021,
  dueDate: '2021-12-31',
  primaryTask: '加强党的建设',
  secondaryTask: '1.实施政治引领专项行动',
  ...fields,
});
const bookTask = (n: number, title: string, fields: Partial<BookTaskEntry> = {}): BookTaskEntry => ({
  sourceKey: `P1/1.1/2021/${n}`,
  title,
  year: 2021,
  primaryTask: '加强党的建设',
  secondaryTask: '1.实施政治引领专项行动',
  ref: `学校任务!E${n}`,
  ...fields,
});
const indicator = (code: string, value: string) => ({
  indicatorId: `i${code}`,
  sourceKey: `P1/I/${code}`,
  levelId: 'l1',
  code,
  name: `指标${code}`,
  level2: '1.1 数量指标',
  target: { kind: 'numeric' as const, comparator: '>=' as const, value, unit: '项' },
});

describe('amendment diff', () => {
  it('pairs by key, then by text within the 二级任务, then by key again; the rest is added or removed', () => {
    const diff = diffAmendment(
      {
        tasks: [planTask(1, '制定举措'), planTask(2, '召开党代会'), planTask(3, '完善议事规则')],
        indicators: [indicator('1.1.1.1', '7'), indicator('1.1.1.2', '100')],
      },
      {
        tasks: [bookTask(1, '制定举措'), bookTask(2, '召开第二次党代会'), bookTask(4, '新增：加强阵地管控')],
        indicators: [
          { ...indicator('1.1.1.1', '8'), group: { code: '1.1.1', name: 'g' }, ref: 'A1' },
          { ...indicator('1.1.1.3', '1'), group: { code: '1.1.1', name: 'g' }, ref: 'A2' },
        ],
      },
    );
    expect(diff.tasks.added.map((t) => t.title)).toEqual(['新增：加强阵地管控']);
    expect(diff.tasks.removed.map((t) => t.taskId)).toEqual(['t3']);
    expect(diff.tasks.changed.map((c) => [c.before.taskId, c.fields])).toEqual([['t2', ['title']]]);
    expect(diff.tasks.unchanged).toBe(1);
    expect(diff.indicators.changed.map((c) => [c.before.indicatorId, c.fields])).toEqual([
      ['i1.1.1.1', ['target']],
    ]);
    expect(diff.indicators.added.map((i) => i.code)).toEqual(['1.1.1.3']);
    expect(diff.indicators.removed.map((i) => i.code)).toEqual(['1.1.1.2']);
  });

  it('deleting ① of ①②③ moves ② and ③ onto other keys: they are moved, not changed, and only ① is removed', () => {
    const diff = diffAmendment(
      { tasks: [planTask(1, '甲'), planTask(2, '乙'), planTask(3, '丙')], indicators: [] },
      { tasks: [bookTask(1, '乙'), bookTask(2, '丙')], indicators: [] },
    );
    expect(diff.tasks.removed.map((t) => t.title)).toEqual(['甲']);
    expect(diff.tasks.added).toEqual([]);
    expect(diff.tasks.changed.map((c) => [c.before.title, c.fields])).toEqual([
      ['乙', ['sourceKey']],
      ['丙', ['sourceKey']],
    ]);
  });

  it('an item moved to another year of its 二级任务 is one change of year, not removed and added', () => {
    const diff = diffAmendment(
      { tasks: [planTask(1, '建成精品课')], indicators: [] },
      { tasks: [bookTask(1, '建成精品课', { year: 2022, sourceKey: 'P1/1.1/2022/1' })], indicators: [] },
    );
    expect(diff.tasks.changed.map((c) => c.fields)).toEqual([['year', 'sourceKey']]);
    expect(diff.tasks.added.length + diff.tasks.removed.length).toBe(0);
  });

  it('the same text in another 二级任务 or another part is not a match', () => {
    const diff = diffAmendment(
      { tasks: [planTask(1, '总结经验')], indicators: [] },
      {
        tasks: [
          bookTask(7, '总结经验', { sourceKey: 'P2/1.1/2021/7', secondaryTask: '1.实施政治引领专项行动' }),
        ],
        indicators: [],
      },
    );
    expect(diff.tasks.removed).toHaveLength(1);
    expect(diff.tasks.added).toHaveLength(1);
  });
});

const office = (userId: string, grants = ['office@plan:p1']) => person(userId, grants);
const changes: AmendmentChanges = resolveAmendment(
  diffAmendment(
    { tasks: [planTask(1, '制定举措'), planTask(2, '召开党代会')], indicators: [] },
    { tasks: [bookTask(1, '制定举措（修订）'), bookTask(3, '新增任务')], indicators: [] },
  ),
  { planId: 'p1', tasks: [planTask(1, '制定举措'), planTask(2, '召开党代会')], indicators: [] },
  { newTaskId: (i) => `new${i}`, newIndicatorId: (i) => `newi${i}` },
);
const now: PlanNow = {
  tasks: {
    t1: { title: '制定举措', year: 2021, dueDate: '2021-12-31', withdrawn: false },
    t2: { title: '召开党代会', year: 2021, dueDate: '2021-12-31', withdrawn: false },
  },
  indicators: {},
};
const proposed: AmendmentEvent = {
  type: 'AmendmentProposed',
  data: {
    amendmentId: 'a1',
    planId: 'p1',
    reason: '教育部批复调整',
    file: { name: '任务书（调整）.xlsx', sha256: 'ab' },
    changes,
    proposedBy: 'u-office',
  },
};
const propose = (data: Partial<Extract<AmendmentCommand, { type: 'ProposeAmendment' }>['data']> = {}) =>
  ({
    type: 'ProposeAmendment',
    data: {
      ...proposed.data,
      proposer: office('u-office'),
      period: { startYear: 2019, endYear: 2023 },
      ...data,
    },
  }) as AmendmentCommand;
const approve = (
  data: Partial<Extract<AmendmentCommand, { type: 'ApproveAmendment' }>['data']> = {},
): AmendmentCommand => ({
  type: 'ApproveAmendment',
  data: {
    amendmentId: 'a1',
    approver: office('u-head', ['office@*']),
    today: '2022-03-01',
    period: { startYear: 2019, endYear: 2023 },
    now,
    owners: [office('u-zhang', [])],
    ...data,
  },
});
const approved: AmendmentEvent = {
  type: 'AmendmentApproved',
  data: {
    amendmentId: 'a1',
    planId: 'p1',
    reason: '教育部批复调整',
    changes,
    approvedBy: 'u-head',
    effectiveDate: '2022-03-01',
  },
};
const spec = deciderSpec(amendmentDecider);

describe('amendment stream', () => {
  it('resolves added tasks into the project and owner of their 二级任务', () => {
    expect(changes.tasks.map((c) => c.kind)).toEqual(['add', 'revise', 'withdraw']);
    expect(changes.tasks[0]).toMatchObject({ taskId: 'new0', projectId: 'pr1', ownerId: 'u-zhang' });
  });

  it('is proposed by the plan office with a reason and at least one change', () => {
    spec.given([]).when(propose()).then([proposed]);
    spec
      .given([])
      .when(propose({ proposer: office('u-lead', ['project-lead@project:pr1']) }))
      .thenThrows('amendment-not-office');
    spec
      .given([])
      .when(propose({ proposer: office('u-aud', ['office@plan:p1', 'auditor@*']) }))
      .thenThrows('amendment-not-office');
    spec
      .given([])
      .when(propose({ reason: '  ' }))
      .thenThrows('invalid-text');
    spec
      .given([])
      .when(propose({ changes: { tasks: [], indicators: [] } }))
      .thenThrows('amendment-empty');
    spec.given([proposed]).when(propose()).thenThrows('amendment-exists');
  });

  it('is approved by another person of the office, taking effect on the approval date', () => {
    spec.given([proposed]).when(approve()).then([approved]);
    spec
      .given([proposed])
      .when(approve({ approver: office('u-office') }))
      .thenThrows('amendment-self-approval');
    spec
      .given([proposed])
      .when(approve({ approver: { ...office('u-head'), active: false } }))
      .thenThrows('amendment-not-office');
    spec.given([proposed, approved]).when(approve()).thenThrows('amendment-decided');
    spec.given([]).when(approve()).thenThrows('amendment-not-found');
  });

  it('takes effect on the 生效日期 the office chose, else today within the period, else the plan’s last day', () => {
    const dated = { ...proposed, data: { ...proposed.data, effectiveDate: '2021-06-30' } } as AmendmentEvent;
    spec
      .given([])
      .when(propose({ effectiveDate: '2021-06-30' }))
      .then([dated]);
    spec
      .given([])
      .when(propose({ effectiveDate: '2024-01-01' }))
      .thenThrows('amendment-outside-period');
    spec
      .given([])
      .when(propose({ effectiveDate: '2021-02-30' }))
      .thenThrows('invalid-date');
    const on = (effectiveDate: string): AmendmentEvent => ({
      ...approved,
      data: { ...approved.data, effectiveDate },
    });
    // Chosen: it holds whenever the approval comes.
    spec
      .given([dated])
      .when(approve({ today: '2026-11-30' }))
      .then([on('2021-06-30')]);
    // Not chosen, the period over: the plan's last day, not a refusal.
    spec
      .given([proposed])
      .when(approve({ today: '2026-11-30' }))
      .then([on('2023-12-31')]);
    spec
      .given([proposed])
      .when(approve({ today: '2018-05-01' }))
      .then([on('2019-01-01')]);
    // The plan's years changed since: the chosen date is checked again.
    spec
      .given([dated])
      .when(approve({ period: { startYear: 2022, endYear: 2025 } }))
      .thenThrows('amendment-outside-period');
  });

  it('is refused at approval when the plan changed since the proposal, or an added task has no owner', () => {
    spec
      .given([proposed])
      .when(approve({ now: { ...now, tasks: { ...now.tasks, t2: { ...now.tasks.t2!, withdrawn: true } } } }))
      .thenThrows('amendment-stale');
    spec
      .given([proposed])
      .when(approve({ owners: [{ ...office('u-zhang', []), active: false }] }))
      .thenThrows('owner-not-found');
  });

  it('may be rejected by the office with a reason (the proposer included)', () => {
    const reject = (actor = office('u-office')): AmendmentCommand => ({
      type: 'RejectAmendment',
      data: { amendmentId: 'a1', actor, reason: '文件版本不对' },
    });
    spec
      .given([proposed])
      .when(reject())
      .then([
        {
          type: 'AmendmentRejected',
          data: { amendmentId: 'a1', planId: 'p1', rejectedBy: 'u-office', reason: '文件版本不对' },
        },
      ]);
    spec
      .given([proposed])
      .when(reject(office('u-x', [])))
      .thenThrows('amendment-not-office');
  });

  it('writes one change event per task and indicator, each with the amendment, its date and reason', () => {
    const effects = amendmentEffects(approved.data);
    expect(effects.map((e) => [e.stream, e.once, e.event.type])).toEqual([
      ['task-new0', 'stream', 'TaskDefined'],
      ['task-t1', 'event', 'TaskRevised'],
      ['task-t2', 'event', 'TaskWithdrawn'],
    ]);
    for (const effect of effects)
      expect(effect.event.data).toMatchObject({
        amendment: { amendmentId: 'a1', effectiveDate: '2022-03-01', reason: '教育部批复调整' },
      });
  });
});
