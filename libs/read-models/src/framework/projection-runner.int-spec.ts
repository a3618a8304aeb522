import { SqliteEventStore, uuidv7 } from '@sg/event-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../index';
import { CompletionQueries } from '../completion/completion.queries';
import { dumpTables, writePlanHistory } from './plan-history.fixtures';
import { openReadModelDatabase } from './read-model-database';
import { ProjectionRunner } from './projection-runner';
import type { Projection } from './projection';

/** A projection that reads progress reports only, noting each event it is handed. */
function progressOnlyProjection(seen: string[]): Projection {
  return {
    name: 'progress-only',
    tablePrefix: 'po_',
    version: 1,
    eventTypes: new Set(['TaskProgressRecorded']),
    migrate: () => undefined,
    apply: (_db, event) => void seen.push(event.type),
  };
}

describe('projection runner', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-proj-'));
    // Durability is not under test here: skip the fsync per commit.
    store = new SqliteEventStore({
      file: join(dir, 'events.sqlite'),
      pollIntervalMs: 10,
      synchronous: 'NORMAL',
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A plan with 3 projects and 30 tasks, with progress reported out of date order. */
  const writeHistory = () => writePlanHistory(store, { projects: 3, tasks: 30, reports: 4, owners: 5 });
  const dump = (db: Database.Database) => dumpTables(db, ['projection_checkpoints']);

  it('rebuilds a projection from zero to exactly what it maintained incrementally', async () => {
    const db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    const { projectIds } = await writeHistory();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const incremental = dump(db);
    const queries = new CompletionQueries(db);
    const figures = projectIds.map((id) => queries.project(id));

    expect(incremental.cp_tasks).toHaveLength(30);
    expect(incremental.au_entities.length).toBeGreaterThan(0);

    await runner.rebuild('completion');
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(dump(db)).toEqual(incremental);
    expect(projectIds.map((id) => queries.project(id))).toEqual(figures);

    // Every projection at once, as the rebuild command does it (one bulk load for all).
    await runner.rebuildAll(ALL_PROJECTIONS.map((p) => p.name));
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(dump(db)).toEqual(incremental);

    // And a read-model file built from nothing, long after the fact, agrees too.
    const fresh = openReadModelDatabase(join(dir, 'fresh.sqlite'));
    const freshRunner = new ProjectionRunner(store, fresh, ALL_PROJECTIONS);
    freshRunner.start();
    expect(await freshRunner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(dump(fresh)).toEqual(incremental);

    await runner.stop();
    await freshRunner.stop();
    db.close();
    fresh.close();
  });

  it('hands out the same integer keys incrementally, after a rebuild and on a fresh file', async () => {
    const db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    await writeHistory();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    // A rebuild drops the key tables; writes after it must get keys from the new ones.
    await runner.rebuildAll(ALL_PROJECTIONS.map((p) => p.name));
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const { projectIds } = await writeHistory();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const incremental = dump(db);
    const queries = new CompletionQueries(db);
    const asOf = { cutoff: '2021-06-30' };
    const figures = projectIds.map((id) => queries.project(id, asOf));

    // Two plans, 60 tasks: one key each, every report and audit row pointing at an existing key.
    expect(incremental.cp_keys).toHaveLength(62);
    for (const [rows, keys] of [
      ['cp_task_progress', 'cp_keys'],
      ['au_entities', 'au_keys'],
    ] as const) {
      const orphans = db
        .prepare<[], { n: number }>(
          `SELECT count(*) AS n FROM ${rows} r WHERE NOT EXISTS (SELECT 1 FROM ${keys} k WHERE k.id = r.${rows === 'cp_task_progress' ? 'task' : 'entity'})`,
        )
        .get()!.n;
      expect(orphans).toBe(0);
    }

    const fresh = openReadModelDatabase(join(dir, 'fresh.sqlite'));
    const freshRunner = new ProjectionRunner(store, fresh, ALL_PROJECTIONS);
    freshRunner.start();
    expect(await freshRunner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(dump(fresh)).toEqual(incremental);
    expect(projectIds.map((id) => new CompletionQueries(fresh).project(id, asOf))).toEqual(figures);
    expect(figures.every((f) => f !== undefined && f.total === 10)).toBe(true);
    await runner.stop();
    await freshRunner.stop();
    db.close();
    fresh.close();
  });

  it('lets a failing projection stop alone while the others sharing its subscription go on', async () => {
    const db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    let applied = 0;
    const failing: Projection = {
      name: 'failing',
      tablePrefix: 'fx_',
      version: 1,
      migrate: () => undefined,
      apply: (_db, event) => {
        if (event.type === 'TaskProgressRecorded') throw new Error('boom');
        applied++;
      },
    };
    const errors: string[] = [];
    const runner = new ProjectionRunner(store, db, [...ALL_PROJECTIONS, failing], (name) =>
      errors.push(name),
    );
    runner.start();
    const { projectIds } = await writeHistory();
    const head = await store.headPosition();
    // The failing projection never reaches the head, so a wait for every projection times out…
    expect(await runner.waitFor(head, 300)).toBe(false);
    const status = runner.status();
    expect(status.find((s) => s.name === 'failing')).toMatchObject({ error: 'boom' });
    // …while every other projection has applied the whole log.
    expect(status.filter((s) => s.name !== 'failing').every((s) => s.position === head && !s.error)).toBe(
      true,
    );
    expect(errors).toEqual(['failing']);
    expect(applied).toBeGreaterThan(0);
    expect(new CompletionQueries(db).project(projectIds[0])?.total).toBe(10);
    await runner.stop();
    db.close();
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const file = join(dir, 'read-models.sqlite');
    let db = openReadModelDatabase(file);
    let runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    await writeHistory();
    await runner.waitFor(await store.headPosition(), 10_000);
    await runner.stop();
    db.close();

    const { projectIds } = await writeHistory();
    db = openReadModelDatabase(file);
    runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const resumed = dump(db);
    await runner.rebuild('completion');
    await runner.waitFor(await store.headPosition(), 10_000);
    expect(dump(db)).toEqual(resumed);
    expect(new CompletionQueries(db).project(projectIds[0])?.total).toBe(10);
    expect(resumed.cp_tasks).toHaveLength(60);
    await runner.stop();
    db.close();
  });

  it('hands a projection that declares its event types only those events of a mixed batch', async () => {
    await writeHistory();
    const seen: string[] = [];
    const progressOnly = progressOnlyProjection(seen);
    const db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    // A load from zero: one batch holds the plan, the task definitions and the reports.
    const runner = new ProjectionRunner(store, db, [progressOnly]);
    runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(seen).toEqual(new Array<string>(120).fill('TaskProgressRecorded'));
    await runner.stop();
    db.close();
  });

  it('hands a projection only batches with its event types, and moves its checkpoint over the others', async () => {
    const file = join(dir, 'read-models.sqlite');
    let db = openReadModelDatabase(file);
    const seen: string[] = [];
    const progressOnly = progressOnlyProjection(seen);
    let runner = new ProjectionRunner(store, db, [...ALL_PROJECTIONS, progressOnly]);
    runner.start();
    const { projectIds } = await writeHistory();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(seen).toContain('TaskProgressRecorded');
    seen.length = 0;
    // A batch without its types: not handed to it, yet waiters and its checkpoint pass it.
    await store.append(
      `note-${uuidv7()}`,
      [
        {
          type: 'NoteWritten',
          data: {},
          metadata: { actor: 'u-office', correlationId: uuidv7(), time: new Date().toISOString() },
        },
      ],
      'no-stream',
    );
    const head = await store.headPosition();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(seen).toEqual([]);
    expect(runner.status().find((s) => s.name === 'progress-only')?.position).toBe(head);
    await runner.stop();
    db.close();
    db = openReadModelDatabase(file);
    const checkpoint = db
      .prepare<[string], { position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?')
      .get('progress-only');
    expect(checkpoint?.position).toBe(head);
    runner = new ProjectionRunner(store, db, [...ALL_PROJECTIONS, progressOnly]);
    runner.start();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(seen).toEqual([]);
    expect(new CompletionQueries(db).project(projectIds[0])?.total).toBe(10);
    await runner.stop();
    db.close();
  });

  it('reports a bounded wait as not reached when the position never comes', async () => {
    const db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    expect(await runner.waitFor(1_000_000, 50)).toBe(false);
    await runner.stop();
    db.close();
  });

  describe('waiting while the projections keep moving (a start-up)', () => {
    const events = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        type: 'Noted',
        data: { i },
        metadata: { actor: 'u', correlationId: 'c', time: '2024-01-01T00:00:00.000Z' },
      }));
    /** A projection that takes `msPerBatch` over every batch, and fails on `failAt` if given. */
    const slow = (msPerBatch: number, failAt?: number): Projection => ({
      name: 'slow',
      tablePrefix: 'sl_',
      version: 1,
      migrate: () => undefined,
      apply: () => undefined,
      applyBatch: (_db, batch) => {
        if (failAt !== undefined && batch.some((e) => e.position >= failAt)) throw new Error('坏事件');
        const until = Date.now() + msPerBatch;
        while (Date.now() < until);
      },
    });
    let db: Database.Database;
    beforeEach(async () => {
      db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
      for (let i = 0; i < 8; i++) await store.append(`note-${i}`, events(2000), 'no-stream');
    });
    afterEach(() => db.close());

    it('waits past the stall time as long as the catch-up moves', async () => {
      // Eight batches of 2,000 at 60 ms each: about 500 ms in all, well past the 200 ms stall
      // time, and a step every ~60 ms, well within it.
      const runner = new ProjectionRunner(store, db, [slow(60)]);
      const heard: number[] = [];
      runner.start();
      const head = await store.headPosition();
      const started = Date.now();
      expect(await runner.waitWhileMoving(head, 200, (reached) => heard.push(reached), 20)).toBe(true);
      expect(Date.now() - started).toBeGreaterThan(200);
      await runner.stop();
      expect(heard.length).toBeGreaterThan(1);
      expect(heard).toEqual([...heard].sort((a, b) => a - b));
    });

    it('gives up once nothing has moved for the stall time', async () => {
      const runner = new ProjectionRunner(store, db, [slow(0, 4001)]);
      runner.start();
      const head = await store.headPosition();
      const started = Date.now();
      expect(await runner.waitWhileMoving(head, 150, undefined, 20)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      expect(runner.status()[0]).toMatchObject({ position: 4000, error: '坏事件' });
      await runner.stop();
    });
  });
});
