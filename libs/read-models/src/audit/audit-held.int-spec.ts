import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorded as at } from '../framework/interrupted-load.testing';
import { openBulkLoadDatabase, openReadModelDatabase } from '../framework/read-model-database';
import { auditProjection, HELD_ENTITY_LIMIT } from './audit.projection';

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
});
