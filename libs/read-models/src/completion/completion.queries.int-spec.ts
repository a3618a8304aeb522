import Database from 'better-sqlite3';
import fc from 'fast-check';
import { completionProjection } from './completion.projection';
import { CompletionQueries } from './completion.queries';
import { applier } from '../framework/applier';

/**
 * The unbounded view reads the standing report the projection keeps on each task; the bounded
 * view picks it from every report. Both must agree on any history, including reports entered out
 * of order and several on one date.
 */
describe('standing completions', () => {
  it('unbounded equals bounded by a date after every report, for any history', () => {
    const report = fc.record({
      task: fc.integer({ min: 0, max: 4 }),
      day: fc.integer({ min: 1, max: 6 }),
      completion: fc.integer({ min: 0, max: 120 }).map((n) => (n / 100).toFixed(2)),
    });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 40 }), (reports) => {
        const db = new Database(':memory:');
        completionProjection.migrate(db);
        const apply = applier(completionProjection, db);
        for (let t = 0; t < 5; t++) {
          apply('TaskDefined', {
            taskId: `t${t}`,
            planId: 'p',
            projectId: 'j',
            title: '任务',
            ownerId: 'o',
            dueDate: '2023-12-31',
          });
        }
        for (const r of reports) {
          apply('TaskProgressRecorded', {
            taskId: `t${r.task}`,
            completion: r.completion,
            effectiveDate: `2021-0${r.day}-01`,
          });
        }
        const queries = new CompletionQueries(db);
        const unbounded = [...queries.standingCompletions('p').entries()].sort();
        const bounded = [...queries.standingCompletions('p', { cutoff: '2099-12-31' }).entries()].sort();
        db.close();
        expect(unbounded).toEqual(bounded);
      }),
      { numRuns: 300 },
    );
  });
});

describe('task owner', () => {
  it('answers who owns a task as its view does, and undefined for no task', () => {
    const db = new Database(':memory:');
    completionProjection.migrate(db);
    const apply = applier(completionProjection, db);
    const defined = { planId: 'p', projectId: 'j', title: '任务', dueDate: '2023-12-31' };
    apply('TaskDefined', { ...defined, taskId: 'owned', ownerId: 'o' });
    apply('TaskDefined', { ...defined, taskId: 'free' });
    const queries = new CompletionQueries(db);
    for (const taskId of ['owned', 'free', 'none']) {
      const task = queries.task(taskId);
      expect(queries.taskOwner(taskId)).toEqual(task && { ownerId: task.ownerId });
    }
    expect(queries.taskOwner('owned')).toEqual({ ownerId: 'o' });
    expect(queries.taskOwner('free')).toEqual({ ownerId: null });
    expect(queries.taskOwner('none')).toBeUndefined();
    db.close();
  });
});
