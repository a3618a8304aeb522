import Database from 'better-sqlite3';
import fc from 'fast-check';
import { summariseCompletion } from '@sg/domain';
import { completionProjection } from './completion.projection';
import { CompletionQueries } from './completion.queries';
import { prepareReadModelDatabase } from '../framework/read-model-database';
import { applier } from '../framework/applier';

const LEVELS = ['l0', 'l1'];
const PROJECTS = ['j0', 'j1', 'j2'];

interface TaskSpec {
  project: number;
  /** The task this one is a 子项目 of, if that one is top-level itself (else ignored). */
  parent: number | null;
  withdrawn: boolean;
}

/** A plan `p` (and a neighbour `q` the figures must not count) built by the projection's own `apply`. */
function planWith(
  db: Database.Database,
  tasks: TaskSpec[],
  reports: { task: number; day: number; completion: string }[],
) {
  completionProjection.migrate(db);
  const apply = applier(completionProjection, db);
  for (const planId of ['q', 'p']) {
    apply('PlanCreated', { planId, name: '方案', school: '学校', startYear: 2021, endYear: 2025 });
    for (const levelId of LEVELS)
      apply('LevelAdded', {
        planId,
        levelId: `${planId}-${levelId}`,
        name: levelId,
        kind: 'school',
        weight: '1',
      });
    PROJECTS.forEach((projectId, i) =>
      apply('ProjectAdded', {
        planId,
        projectId: `${planId}-${projectId}`,
        levelId: `${planId}-${LEVELS[i % LEVELS.length]}`,
        code: projectId,
        name: projectId,
      }),
    );
  }
  const ids = tasks.map((_, i) => `t${i}`);
  tasks.forEach((task, i) => {
    const parent = task.parent !== null && tasks[task.parent]?.parent === null ? ids[task.parent] : undefined;
    for (const planId of ['q', 'p'])
      apply('TaskDefined', {
        taskId: planId === 'p' ? ids[i] : `q${i}`,
        planId,
        projectId: `${planId}-${PROJECTS[task.project]}`,
        title: '任务',
        ownerId: 'o',
        dueDate: '2023-12-31',
        ...(parent ? { parentTaskId: planId === 'p' ? parent : `q${task.parent}` } : {}),
      });
  });
  for (const r of reports) {
    if (r.task >= tasks.length) continue;
    for (const taskId of [ids[r.task], `q${r.task}`])
      apply('TaskProgressRecorded', { taskId, completion: r.completion, effectiveDate: `2021-0${r.day}-01` });
  }
  tasks.forEach((task, i) => {
    if (task.withdrawn)
      apply('TaskWithdrawn', { taskId: ids[i], planId: 'p', amendment: { effectiveDate: '2021-01-01' } });
  });
}

describe('plan completion', () => {
  const task = fc.record({
    project: fc.integer({ min: 0, max: PROJECTS.length - 1 }),
    parent: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null }),
    withdrawn: fc.boolean(),
  });
  const report = fc.record({
    task: fc.integer({ min: 0, max: 9 }),
    day: fc.integer({ min: 1, max: 6 }),
    // Past 1 (超额完成), and with more digits than a sum keeps (a 子项目 mean has 40).
    completion: fc.oneof(
      fc.integer({ min: 0, max: 150 }).map((n) => (n / 100).toFixed(2)),
      fc.constantFrom('0.3333333333333333333333333333', '0.1666666666666666666666666667', '1'),
    ),
  });

  it('as it stands equals each task read alone, summed in the order defined, and the view bounded after every report', () => {
    fc.assert(
      fc.property(
        fc.array(task, { maxLength: 10 }),
        fc.array(report, { maxLength: 30 }),
        (tasks, reports) => {
          const db = new Database(':memory:');
          planWith(db, tasks, reports);
          const queries = new CompletionQueries(db);
          const view = queries.planCompletion('p');

          // Each top-level task alone (its row, or its 子项目 rolled up), in the order defined.
          const topLevel = queries.topLevelTaskIds('p').filter((id) => !tasks[Number(id.slice(1))].withdrawn);
          const completionOf = (id: string) => queries.task(id)!.completion;
          const projectOf = (id: string) => queries.task(id)!.projectId;
          expect(view.total).toBe(topLevel.length);
          expect(view.completed).toBe(summariseCompletion(topLevel.map(completionOf)).completed);
          expect(view.rate).toBe(summariseCompletion(topLevel.map(completionOf)).rate);
          for (const level of view.levels) {
            const mine = level.projects.map((p) => p.projectId);
            const levelTasks = mine.flatMap((projectId) =>
              topLevel.filter((id) => projectOf(id) === projectId),
            );
            expect({ ...level, projects: [] }).toEqual({
              levelId: level.levelId,
              name: level.name,
              kind: level.kind,
              ...summariseCompletion(levelTasks.map(completionOf)),
              projects: [],
            });
            for (const project of level.projects) {
              const own = topLevel.filter((id) => projectOf(id) === project.projectId);
              expect(project).toEqual({
                projectId: project.projectId,
                code: project.code,
                name: project.name,
                ...summariseCompletion(own.map(completionOf)),
              });
            }
          }

          // The bounded view picks every standing report from all of them instead of the task rows.
          const bounded = queries.planCompletion('p', { cutoff: '2099-12-31' });
          expect({ ...bounded, asOf: {} }).toEqual(view);
          db.close();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads only the plan's own rows, through indexes, and its tasks from one index that covers them", () => {
    const db = prepareReadModelDatabase(new Database(':memory:'));
    planWith(
      db,
      [
        { project: 0, parent: null, withdrawn: false },
        { project: 1, parent: 0, withdrawn: false },
      ],
      [{ task: 1, day: 2, completion: '0.5' }],
    );
    db.prepare(
      "INSERT INTO projection_checkpoints (name, version, position) VALUES ('completion', 1, 1)",
    ).run();
    // Every statement the read prepares (the statement cache prepares each once per connection).
    const prepared: string[] = [];
    const recording = new Proxy(db, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (key === 'prepare')
          return (sql: string) => {
            prepared.push(sql);
            return target.prepare(sql);
          };
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const view = new CompletionQueries(recording).planCompletionView('p');
    expect(view.total).toBe(1);
    expect(view.completed).toBe('0.5');

    const plans = prepared.map((sql) => {
      const params = (sql.match(/\?/g) ?? []).map(() => 'p');
      return db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail)
        .join(' | ');
    });
    for (const plan of plans) {
      expect(plan).toMatch(/^SEARCH/);
      expect(plan).not.toMatch(/\bSCAN\b/);
    }
    const taskReads = plans.filter((plan) => plan.includes('cp_tasks'));
    expect(taskReads).toEqual(['SEARCH cp_tasks USING COVERING INDEX cp_tasks_of_plan (plan_id=?)']);
    db.close();
  });
});
