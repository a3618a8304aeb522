import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorded as at } from '../framework/interrupted-load.testing';
import { openBulkLoadDatabase, openReadModelDatabase } from '../framework/read-model-database';
import { auditProjection, entitiesOf, HELD_ENTITY_LIMIT } from './audit.projection';

const before = [
  at(1, 'plan-p1', 0, 'PlanCreated', { planId: 'p1', name: '方案' }),
  at(2, 'task-t1', 0, 'TaskDefined', { taskId: 't1', planId: 'p1', projectId: 'pr1' }),
];
const after = [
  at(3, 'task-t1', 1, 'TaskProgressRecorded', { taskId: 't1', completion: '0.5' }, 'u-zhang'),
  at(4, 'task-t2', 0, 'TaskDefined', { taskId: 't2', planId: 'p1', projectId: 'pr2' }),
  at(5, 'task-t2', 1, 'TaskProgressRecorded', { taskId: 't2', completion: '0.7' }, 'u-li'),
];

/** Entity keys from here on are past what a held row can carry. */
const pushKeysPastTheLimit = (db: Database.Database) =>
  db.prepare('INSERT INTO au_keys (id, key) VALUES (?, ?)').run(HELD_ENTITY_LIMIT + 10, 'zz:padding');

const entityRows = (db: Database.Database) =>
  db
    .prepare('SELECT k.key, e.position FROM au_entities e JOIN au_keys k ON k.id = e.entity ORDER BY 1, 2')
    .all();

describe('audit rows held during a load into a new file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sg-audit-held-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('files entities with keys past the limit through staging, the rest held, as event by event would', () => {
    const incremental = openReadModelDatabase(join(dir, 'incremental.sqlite'));
    auditProjection.migrate(incremental);
    for (const event of before) auditProjection.apply(incremental, event);
    pushKeysPastTheLimit(incremental);
    for (const event of after) auditProjection.apply(incremental, event);

    const loaded = openBulkLoadDatabase(join(dir, 'new.sqlite'));
    auditProjection.migrate(loaded);
    auditProjection.applyBatch!(loaded, before);
    pushKeysPastTheLimit(loaded);
    auditProjection.applyBatch!(loaded, after);
    // Some rows were staged (keys past the limit), the others are still held.
    expect(loaded.prepare('SELECT count(*) AS n FROM au_entities_load').get()).not.toEqual({ n: 0 });
    auditProjection.migrate(loaded);

    const expected = entityRows(incremental);
    expect(expected.length).toBeGreaterThan(8);
    expect(entityRows(loaded)).toEqual(expected);
    incremental.close();
    loaded.close();
  });

  it("files a stream's later events by the parents its first event left in the file, in a later load", () => {
    const incremental = openReadModelDatabase(join(dir, 'incremental.sqlite'));
    auditProjection.migrate(incremental);
    for (const event of [...before, ...after]) auditProjection.apply(incremental, event);

    // The first events in one process, the later ones in a load of the next: no parents in memory.
    const resumed = openReadModelDatabase(join(dir, 'resumed.sqlite'));
    auditProjection.migrate(resumed);
    auditProjection.applyBatch!(resumed, before);
    auditProjection.migrate(resumed);
    auditProjection.applyBatch!(resumed, after);
    auditProjection.migrate(resumed);

    expect(entityRows(resumed)).toEqual(entityRows(incremental));
    // t1's report: under the task and the plan, not the project (ADR 0054).
    expect(entityRows(resumed).filter((row) => (row as { position: number }).position === 3)).toEqual([
      { key: 'plan:p1', position: 3 },
      { key: 'task:t1', position: 3 },
    ]);
    incremental.close();
    resumed.close();
  });

  it('files each event under the entities entitiesOf names: its own once, the same id of another kind apart', () => {
    const events = [
      ...before,
      // Data naming the event's own entity, and the same id as other kinds' entities.
      at(3, 'user-u1', 0, 'UserCreated', { userId: 'u1', taskId: 'u1', departmentId: 'u1' }),
      at(4, 'plan-p1', 1, 'IndicatorDefined', { planId: 'p1', indicatorId: 'p1', levelId: 'l1' }),
      at(5, 'task-t1', 1, 'TaskProgressRecorded', { completion: '0.5', taskId: 't1' }),
      at(6, 'evidence-e1', 0, 'EvidenceUploaded', { evidenceId: 'e1', taskId: 't1', userId: 'e1' }),
    ];
    const expected = events
      .flatMap((event) =>
        [
          ...new Set([
            ...entitiesOf(event),
            // A later event of the task's stream: under its plan as well, not its project (ADR 0054).
            ...(event.stream === 'task-t1' ? ['plan:p1'] : []),
          ]),
        ].map((key) => ({ key, position: event.position })),
      )
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.position - b.position));

    const incremental = openReadModelDatabase(join(dir, 'incremental.sqlite'));
    auditProjection.migrate(incremental);
    for (const event of events) auditProjection.apply(incremental, event);
    const loaded = openBulkLoadDatabase(join(dir, 'new.sqlite'));
    auditProjection.migrate(loaded);
    auditProjection.applyBatch!(loaded, events);
    auditProjection.migrate(loaded);

    expect(entityRows(incremental)).toEqual(expected);
    expect(entityRows(loaded)).toEqual(expected);
    expect(expected.filter((row) => row.position === 3).map((row) => row.key)).toEqual([
      'department:u1',
      'task:u1',
      'user:u1',
    ]);
    incremental.close();
    loaded.close();
  });
});
