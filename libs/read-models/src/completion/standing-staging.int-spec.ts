import type { RecordedEvent } from '@sg/event-store';
import { interruptedLoad, recorded as at } from '../framework/interrupted-load.testing';
import { completionProjection } from './completion.projection';

const task = (taskId: string) => ({
  taskId,
  planId: 'p1',
  projectId: 'pr1',
  title: `任务${taskId}`,
  dueDate: '2024-12-31',
});
const report = (taskId: string, completion: string, effectiveDate: string) => ({
  taskId,
  completion,
  effectiveDate,
});

/** Two batches of a load: reports out of date order, and an owner change between reports. */
const batches: RecordedEvent[][] = [
  [
    at(1, 'plan-p1', 0, 'PlanCreated', {
      planId: 'p1',
      name: '方案',
      school: '学院',
      startYear: 2024,
      endYear: 2024,
    }),
    at(2, 'plan-p1', 1, 'ProjectAdded', {
      planId: 'p1',
      projectId: 'pr1',
      levelId: 'l1',
      code: '1',
      name: '项目',
    }),
    at(3, 'task-t1', 0, 'TaskDefined', task('t1')),
    at(4, 'task-t2', 0, 'TaskDefined', task('t2')),
    at(5, 'task-t1', 1, 'TaskProgressRecorded', report('t1', '0.5', '2024-05-01')),
    at(6, 'task-t2', 1, 'TaskProgressRecorded', report('t2', '0.2', '2024-03-01')),
    at(7, 'task-t1', 2, 'TaskProgressRecorded', report('t1', '0.3', '2024-04-01')),
  ],
  [
    at(8, 'task-t2', 2, 'TaskProgressRecorded', report('t2', '0.6', '2024-06-01')),
    at(9, 'task-t1', 3, 'TaskOwnerAssigned', { taskId: 't1', ownerId: 'u-zhang' }),
    at(10, 'task-t1', 4, 'TaskProgressRecorded', report('t1', '0.9', '2024-05-01')),
    at(11, 'task-t2', 3, 'TaskProgressRecorded', report('t2', '0.4', '2024-05-01')),
  ],
];

describe('completion load from zero', () => {
  it('puts the standing reports of an interrupted load on the tasks when it next starts, as event by event would', () => {
    const { incremental, restarted, loading, staging } = interruptedLoad(
      completionProjection,
      batches,
      ['cp_tasks', 'cp_task_progress', 'cp_keys'],
      (db) => db.prepare("SELECT name FROM sqlite_master WHERE name = 'cp_standing_load'").all(),
    );
    expect(incremental.cp_tasks).toMatchObject([
      { task_id: 't1', owner_id: 'u-zhang', revision: 4, standing_completion: '0.9' },
      { task_id: 't2', revision: 3, standing_completion: '0.6', standing_effective_date: '2024-06-01' },
    ]);
    expect(loading).toEqual([{ name: 'cp_standing_load' }]);
    expect(restarted).toEqual(incremental);
    expect(staging).toEqual([]);
  });
});
