import { interruptedLoad, recorded as at } from '../framework/interrupted-load.testing';
import { auditProjection } from './audit.projection';

/** A plan, a task in it, and reports on the task by two people. */
const history = [
  at(1, 'plan-p1', 0, 'PlanCreated', { planId: 'p1', name: '方案' }),
  at(2, 'plan-p1', 1, 'ProjectAdded', { planId: 'p1', projectId: 'pr1' }),
  at(3, 'task-t1', 0, 'TaskDefined', { taskId: 't1', planId: 'p1', projectId: 'pr1' }),
  at(4, 'task-t1', 1, 'TaskProgressRecorded', { taskId: 't1', completion: '0.5' }, 'u-zhang'),
  at(5, 'task-t1', 2, 'TaskProgressRecorded', { taskId: 't1', completion: '0.7' }, 'u-li'),
];

describe('audit load from zero', () => {
  it('files an interrupted load under its entities when it next starts, as event by event would', () => {
    const { incremental, restarted, loading, staging } = interruptedLoad(
      auditProjection,
      [history],
      ['au_keys', 'au_events', 'au_entities', 'au_parents'],
      (db) => db.prepare('SELECT count(*) AS n FROM au_entities').get(),
    );
    expect(loading).toEqual({ n: 0 });
    expect(restarted).toEqual(incremental);
    expect(restarted.au_entities.length).toBeGreaterThan(5);
    expect(staging).toEqual([]);
  });
});
