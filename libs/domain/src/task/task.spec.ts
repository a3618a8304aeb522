import { person } from '../user/standing.fixtures';
import { deciderSpec } from '@sg/testing';
import { fold } from '../shared/decider';
import { taskDecider, type TaskCommand, type TaskEvent } from './task';

/** Progress entered directly on a task with no approval chain and no 子项目. */
const DIRECT = { kind: 'direct', chainApplies: false, hasSubprojects: false } as const;

const spec = deciderSpec(taskDecider);
const defined: TaskEvent = {
  type: 'TaskDefined',
  data: {
    taskId: 't1',
    planId: 'p1',
    projectId: 'pr1',
    title: '思政课程建设',
    ownerId: 'u-zhang',
    dueDate: '2023-12-31',
  },
};
const period = { startYear: 2019, endYear: 2023 };
/** The owner-to-be as their stream says at the time of the command. */
const owner = person('u-zhang');
/** The command's clock: 2022-01-05, with the default 31 days' tolerance. */
const dates = { ...period, today: '2022-01-05', toleranceDays: 31 };
const define = (data: object = {}): TaskCommand => ({
  type: 'DefineTask',
  data: { ...defined.data, period, owner, ...data },
});
type ProgressData = Extract<TaskCommand, { type: 'RecordTaskProgress' }>['data'];
/** A report entered directly: half done at the end of 2021 unless told otherwise. */
const report = (data: Partial<ProgressData> = {}): TaskCommand => ({
  type: 'RecordTaskProgress',
  data: { taskId: 't1', completion: '0.5', effectiveDate: '2021-12-31', dates, entry: DIRECT, ...data },
});
const progress = (completion: string, effectiveDate: string): TaskEvent => ({
  type: 'TaskProgressRecorded',
  data: { taskId: 't1', completion, effectiveDate },
});

describe('task', () => {
  it('is defined once, with a real due date', () => {
    spec.given([]).when(define()).then([defined]);
    spec.given([defined]).when(define()).thenThrows('task-exists');
    spec
      .given([])
      .when(define({ dueDate: '2023-02-30' }))
      .thenThrows('invalid-date');
  });

  it('records progress as an exact fraction', () => {
    spec
      .given([defined])
      .when(report({ completion: '0.390' }))
      .then([progress('0.39', '2021-12-31')]);
  });

  it.each(['5.1', '-0.1', 'abc', '0.12345'])('refuses %s as a completion', (completion) => {
    spec.given([defined]).when(report({ completion })).thenThrows('invalid-fraction');
  });

  it('takes progress entered directly only where no approval chain applies and no 子项目 roll up', () => {
    const entered = (entry: ProgressData['entry']) => spec.given([defined]).when(report({ entry }));
    entered({ ...DIRECT, chainApplies: true }).thenThrows('approval-required');
    entered({ ...DIRECT, hasSubprojects: true }).thenThrows('task-has-subprojects');
    entered({ kind: 'approved-submission' }).then([progress('0.5', '2021-12-31')]);
  });

  it('records yearly milestones in year order and a parent for a 子项目', () => {
    spec
      .given([])
      .when(
        define({
          parentTaskId: 't0',
          milestones: [
            { year: 2021, completion: '1' },
            { year: 2020, completion: '0.50' },
          ],
        }),
      )
      .then([
        {
          type: 'TaskDefined',
          data: {
            ...defined.data,
            parentTaskId: 't0',
            milestones: [
              { year: 2020, completion: '0.5' },
              { year: 2021, completion: '1' },
            ],
          },
        },
      ]);
    spec
      .given([])
      .when(
        define({
          milestones: [
            { year: 2020, completion: '0.8' },
            { year: 2021, completion: '0.5' },
          ],
        }),
      )
      .thenThrows('invalid-milestone');
  });

  it('keeps the 任务书 year and the 一级 / 二级任务; the due date defaults to the end of the year', () => {
    const { dueDate: _given, ...withoutDueDate } = defined.data;
    spec
      .given([])
      .when({
        type: 'DefineTask',
        data: {
          ...withoutDueDate,
          period,
          owner,
          year: 2021,
          primaryTask: ' 加强党的建设 ',
          secondaryTask: '1.实施政治引领专项行动',
        },
      })
      .then([
        {
          type: 'TaskDefined',
          data: {
            ...withoutDueDate,
            dueDate: '2021-12-31',
            year: 2021,
            primaryTask: '加强党的建设',
            secondaryTask: '1.实施政治引领专项行动',
          },
        },
      ]);
    // A due date given wins over the year's end.
    spec
      .given([])
      .when(define({ year: 2021, dueDate: '2021-06-30' }))
      .then([{ type: 'TaskDefined', data: { ...defined.data, dueDate: '2021-06-30', year: 2021 } }]);
    spec
      .given([])
      .when({ type: 'DefineTask', data: { ...withoutDueDate, period, owner } })
      .thenThrows('due-date-required');
  });

  it.each([
    ['a year after the plan', { year: 2024 }, 'year-outside-plan'],
    ['a year that is not whole', { year: 2020.5 }, 'year-outside-plan'],
    ['a milestone after the plan', { milestones: [{ year: 2024, completion: '1' }] }, 'year-outside-plan'],
    ['a milestone before the plan', { milestones: [{ year: 2018, completion: '0.1' }] }, 'year-outside-plan'],
    ['a 二级任务 too long', { secondaryTask: 'x'.repeat(201) }, 'invalid-text'],
    ['an owner who is not active', { owner: { ...owner, active: false } }, 'owner-not-found'],
    ['an owner who is an auditor', { owner: { ...owner, grants: ['auditor@*'] } }, 'owner-is-auditor'],
    // A standing folded for someone else is never a pass.
    ['a standing of someone else', { owner: { ...owner, userId: 'u-li' } }, 'owner-not-found'],
  ])('refuses a task with %s', (_case, data, code) => {
    spec.given([]).when(define(data)).thenThrows(code);
  });

  it('accepts a task done beyond its plan (超额完成)', () => {
    spec
      .given([defined])
      .when(report({ completion: '1.2' }))
      .then([progress('1.2', '2021-12-31')]);
  });

  it('refuses progress on a task that does not exist', () => {
    spec.given([]).when(report()).thenThrows('task-not-found');
  });

  it('keeps a task an amendment revised open to reports, and closes one it withdrew', () => {
    const amendment = { amendmentId: 'a1', effectiveDate: '2022-01-05', reason: '批复调整' };
    const revised: TaskEvent = {
      type: 'TaskRevised',
      data: {
        taskId: 't1',
        planId: 'p1',
        title: '思政课程建设（调整）',
        dueDate: '2022-12-31',
        year: 2022,
        amendment,
      },
    };
    spec
      .given([defined, revised])
      .when(report())
      .then([progress('0.5', '2021-12-31')]);
    spec
      .given([defined, revised, { type: 'TaskWithdrawn', data: { taskId: 't1', planId: 'p1', amendment } }])
      .when(report())
      .thenThrows('task-withdrawn');
  });

  it('refuses a progress date outside the plan or later than today plus the tolerance, saying which', () => {
    const at = (effectiveDate: string) => spec.given([defined]).when(report({ effectiveDate }));
    at('9999-12-31').thenThrows('date-after-plan');
    at('2018-12-31').thenThrows('date-before-plan');
    at('2022-02-06').thenThrows('date-in-future');
    at('2022-02-05').then([progress('0.5', '2022-02-05')]);
    at('2019-01-01').then([progress('0.5', '2019-01-01')]);
  });

  it('lets the report with the latest effective date stand, however late it was entered', () => {
    const state = fold(taskDecider, [defined, progress('0.8', '2021-12-31'), progress('0.5', '2021-06-30')]);
    expect(state.progress).toEqual({ completion: '0.8', effectiveDate: '2021-12-31' });
  });

  describe('without an owner (未分配, as a 任务书 is imported)', () => {
    const { ownerId: _owner, ...unowned } = defined.data;
    const unassigned: TaskEvent = { type: 'TaskDefined', data: { ...unowned, sourceKey: 'P1/1.1/2020/1' } };
    const assign = (data: object = {}): TaskCommand => ({
      type: 'AssignTaskOwner',
      data: { taskId: 't1', ownerId: 'u-zhang', owner, ...data },
    });

    it('is defined with no owner and its source key', () => {
      spec
        .given([])
        .when(define({ ownerId: undefined, owner: undefined, sourceKey: 'P1/1.1/2020/1' }))
        .then([unassigned]);
      spec
        .given([])
        .when(define({ ownerId: undefined, owner: undefined, sourceKey: 'has space' }))
        .thenThrows('invalid-source-key');
    });

    it('takes no progress until an owner is assigned', () => {
      spec.given([unassigned]).when(report()).thenThrows('task-unassigned');
    });

    it('is assigned an active owner who is not an auditor, re-checked from their stream', () => {
      spec
        .given([unassigned])
        .when(assign())
        .then([{ type: 'TaskOwnerAssigned', data: { taskId: 't1', planId: 'p1', ownerId: 'u-zhang' } }]);
      spec
        .given([unassigned])
        .when(assign({ owner: { ...owner, active: false } }))
        .thenThrows('owner-not-found');
      spec
        .given([unassigned])
        .when(assign({ owner: { ...owner, grants: ['auditor@*'] } }))
        .thenThrows('owner-is-auditor');
      spec.given([]).when(assign()).thenThrows('task-not-found');
    });

    it('changes an owner, naming the previous one; the same owner again is no change', () => {
      spec.given([defined]).when(assign()).then([]);
      const li = person('u-li');
      spec
        .given([defined])
        .when(assign({ ownerId: 'u-li', owner: li }))
        .then([
          {
            type: 'TaskOwnerAssigned',
            data: { taskId: 't1', planId: 'p1', ownerId: 'u-li', previousOwnerId: 'u-zhang' },
          },
        ]);
      spec
        .given([
          unassigned,
          { type: 'TaskOwnerAssigned', data: { taskId: 't1', planId: 'p1', ownerId: 'u-zhang' } },
        ])
        .when(report())
        .then([progress('0.5', '2021-12-31')]);
    });
  });
});
