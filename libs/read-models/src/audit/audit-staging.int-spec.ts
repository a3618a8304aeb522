import type { RecordedEvent } from '@sg/event-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelDatabase } from '../framework/read-model-database';
import { auditProjection } from './audit.projection';

/** A plan, a task in it, and reports on the task by two people. */
function history(): RecordedEvent[] {
  const at = (
    position: number,
    stream: string,
    revision: number,
    type: string,
    data: object,
    actor = 'u-office',
  ) => ({
    id: `e${position}`,
    stream,
    revision,
    position,
    type,
    data,
    metadata: {
      actor,
      time: `2024-03-01T00:00:${String(position).padStart(2, '0')}.000Z`,
      correlationId: 'c',
    },
  });
  return [
    at(1, 'plan-p1', 0, 'PlanCreated', { planId: 'p1', name: '方案' }),
    at(2, 'plan-p1', 1, 'ProjectAdded', { planId: 'p1', projectId: 'pr1' }),
    at(3, 'task-t1', 0, 'TaskDefined', { taskId: 't1', planId: 'p1', projectId: 'pr1' }),
    at(4, 'task-t1', 1, 'TaskProgressRecorded', { taskId: 't1', completion: '0.5' }, 'u-zhang'),
    at(5, 'task-t1', 2, 'TaskProgressRecorded', { taskId: 't1', completion: '0.7' }, 'u-li'),
  ];
}

function rowsOf(db: Database.Database): Record<string, unknown[]> {
  const tables = ['au_keys', 'au_events', 'au_entities', 'au_parents'];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}

describe('audit load from zero', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sg-audit-load-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('files an interrupted load under its entities when it next starts, as event by event would', () => {
    const incremental = openReadModelDatabase(join(dir, 'incremental.sqlite'));
    auditProjection.migrate(incremental);
    for (const event of history()) auditProjection.apply(incremental, event);

    // A load that committed a batch, then the process died before the load was over.
    const file = join(dir, 'loaded.sqlite');
    const loading = openReadModelDatabase(file);
    auditProjection.migrate(loading);
    auditProjection.applyBatch!(loading, history());
    expect(loading.prepare('SELECT count(*) AS n FROM au_entities').get()).toEqual({ n: 0 });
    loading.close();

    const restarted = openReadModelDatabase(file);
    auditProjection.migrate(restarted);
    expect(rowsOf(restarted)).toEqual(rowsOf(incremental));
    expect(rowsOf(restarted).au_entities.length).toBeGreaterThan(5);
    const staging = restarted.prepare("SELECT name FROM sqlite_master WHERE name = 'au_entities_load'").all();
    expect(staging).toEqual([]);
    restarted.close();
    incremental.close();
  });
});
