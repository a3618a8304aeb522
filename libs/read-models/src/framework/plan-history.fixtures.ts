import { handleCommand } from '@sg/application';
import { planDecider, planStream, taskDecider, taskStream } from '@sg/domain';
import { uuidv7, type EventStore } from '@sg/event-store';
import Database from 'better-sqlite3';

/** Progress entered directly on a task with no approval chain and no 子项目. */
const DIRECT = { kind: 'direct', chainApplies: false, hasSubprojects: false } as const;

const context = () => ({ actor: 'u-office', correlationId: uuidv7(), now: new Date('2022-01-10T00:00:00Z') });

/** A task defined through the decider, as the API would: owned by `ownerId`, due at the plan's end. */
const defineTask = (
  store: EventStore,
  d: { taskId: string; planId: string; projectId: string; title: string; ownerId: string },
) =>
  handleCommand(
    store,
    taskStream(d.taskId),
    taskDecider,
    {
      type: 'DefineTask',
      data: {
        ...d,
        dueDate: '2023-12-31',
        period: { startYear: 2019, endYear: 2023 },
        owner: { userId: d.ownerId, exists: true, active: true, grants: [] },
      },
    },
    context(),
  );

/** A progress report entered directly on a task, through the decider. */
const reportProgress = (store: EventStore, taskId: string, completion: string, effectiveDate: string) =>
  handleCommand(
    store,
    taskStream(taskId),
    taskDecider,
    {
      type: 'RecordTaskProgress',
      data: {
        entry: DIRECT,
        taskId,
        completion,
        effectiveDate,
        dates: { startYear: 2019, endYear: 2023, today: '2022-01-31', toleranceDays: 31 },
      },
    },
    context(),
  );

/**
 * A plan written through the deciders, as the API would: one level, `projects` projects, `tasks`
 * tasks spread over them and over `owners` owners, each with `reports` progress reports whose
 * dates and completions come from a seeded generator (out of date order, the same every run).
 */
export async function writePlanHistory(
  store: EventStore,
  { projects, tasks, reports, owners }: { projects: number; tasks: number; reports: number; owners: number },
): Promise<{ planId: string; projectIds: string[] }> {
  const planId = uuidv7();
  const run = (cmd: Parameters<typeof planDecider.decide>[0]) =>
    handleCommand(store, planStream(planId), planDecider, cmd, context());
  await run({
    type: 'CreatePlan',
    data: { planId, name: '方案', school: '学院', startYear: 2019, endYear: 2023 },
  });
  const levelId = uuidv7();
  await run({
    type: 'AddLevel',
    data: { planId, levelId, name: '学校层面', kind: 'school', weight: '0.3' },
  });
  const projectIds = Array.from({ length: projects }, () => uuidv7());
  for (const [i, projectId] of projectIds.entries()) {
    await run({
      type: 'AddProject',
      data: { planId, projectId, levelId, code: String(i + 1), name: `项目${i + 1}` },
    });
  }
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let t = 0; t < tasks; t++) {
    const taskId = uuidv7();
    await defineTask(store, {
      taskId,
      planId,
      projectId: projectIds[t % projects],
      title: `任务${t}`,
      ownerId: `u${t % owners}`,
    });
    for (let r = 0; r < reports; r++) {
      const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
      const completion = (Math.round(random() * 10000) / 10000).toString();
      await reportProgress(store, taskId, completion, `2021-${month}-15`);
    }
  }
  return { planId, projectIds };
}

/**
 * A task's reports on both sides of a load's batch line (2,000 events): its latest date in the
 * first batch, then `filler` reports on other tasks (no other event), then an earlier date on the
 * first task in a later batch. The first task stands at 0.9 (2021-12-15) however the load cuts the log.
 */
export async function writeStraddlingReports(store: EventStore, filler = 2_000): Promise<void> {
  const { planId, projectIds } = await writePlanHistory(store, {
    projects: 1,
    tasks: 0,
    reports: 0,
    owners: 1,
  });
  const define = (taskId: string, title: string) =>
    defineTask(store, { taskId, planId, projectId: projectIds[0], title, ownerId: 'u0' });
  const report = (taskId: string, completion: string, effectiveDate: string) =>
    reportProgress(store, taskId, completion, effectiveDate);
  const straddling = uuidv7();
  await define(straddling, '跨批任务');
  // Spread over tasks of 100 reports (each command folds its task's stream), all defined first:
  // between the two reports on the first task, only reports.
  const others = Array.from({ length: filler / 100 }, () => uuidv7());
  for (const [t, other] of others.entries()) await define(other, `填充任务${t}`);
  await report(straddling, '0.9', '2021-12-15');
  for (const other of others)
    for (let i = 0; i < 100; i++) await report(other, String(i / 100), '2021-06-15');
  await report(straddling, '0.1', '2021-01-15');
}

/** Every table's rows in key order and the schema (indexes included), but for the tables left out. */
export function dumpTables(
  db: Database.Database,
  leaveOut: readonly string[] = [],
): Record<string, unknown[]> {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .filter(({ name }) => !leaveOut.includes(name));
  return {
    schema: db
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all(),
    ...Object.fromEntries(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]),
    ),
  };
}

/** `dumpTables` of a file, opened read-only for the purpose. */
export function dumpFile(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    return dumpTables(db);
  } finally {
    db.close();
  }
}
