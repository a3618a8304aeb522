import { SqliteEventStore, EventStoreUnavailableError, type NewEvent } from '@sg/event-store';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelDatabase } from './read-model-database';
import { ProjectionRunner } from './projection-runner';
import type { Projection } from './projection';

/**
 * ADR 0045: the event store's fdatasync runs off the main thread while the live batch is applied;
 * the read models commit that batch only once the store counts its last position durable.
 */
const event = (type: string): NewEvent => ({
  type,
  data: {},
  metadata: { actor: 'u', time: '2026-12-01T00:00:00.000Z', correlationId: 'c' },
});

/** Notes every position in a table of its own; `onApply` sees the moment it is applied. */
function positionsProjection(onApply: (position: number) => void = () => undefined): Projection {
  return {
    name: 'positions',
    tablePrefix: 'dl_',
    version: 1,
    migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS dl_positions (position INTEGER PRIMARY KEY)'),
    apply: (db, e) => {
      onApply(e.position);
      db.prepare('INSERT INTO dl_positions (position) VALUES (?)').run(e.position);
    },
  };
}

describe('live batches and the event store durability (ADR 0045)', () => {
  let dir: string;
  let readModels: Database.Database;
  /** A second connection to the read-model file: sees only what the runner committed. */
  let observer: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-durable-'));
    readModels = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    observer = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
  });
  afterEach(() => {
    observer.close();
    readModels.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const committedCheckpoint = () =>
    observer
      .prepare<[], { position: number }>(
        "SELECT position FROM projection_checkpoints WHERE name = 'positions'",
      )
      .get()?.position ?? 0;
  const committedRows = () =>
    observer.prepare('SELECT count(*) AS n FROM dl_positions').get() as { n: number };

  it('never commits the read models past the durable position during a burst of appends', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    const runner = new ProjectionRunner(store, readModels, [positionsProjection()]);
    runner.start();
    const violations: string[] = [];
    let checks = 0;
    const check = (when: string) => {
      const checkpoint = committedCheckpoint();
      const durable = store.durablePosition();
      checks++;
      if (checkpoint > durable) violations.push(`${when}: checkpoint ${checkpoint} > durable ${durable}`);
    };
    runner.onCommitted(() => check('committed'));
    const sampler = setInterval(() => check('sampled'), 0);
    const positions = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i % 20));
        const { position } = await store.append(`s-${i}`, [event('A'), event('B')], 'no-stream');
        return position;
      }),
    );
    expect(await runner.waitFor(Math.max(...positions), 5000)).toBe(true);
    clearInterval(sampler);
    expect(violations).toEqual([]);
    expect(checks).toBeGreaterThan(2);
    expect(committedCheckpoint()).toBe(400);
    expect(committedRows().n).toBe(400);
    await runner.stop();
    await store.close();
  });

  it('does not commit another process’s event before a sync covers it', async () => {
    const file = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ file, pollIntervalMs: 5 });
    // Another process sharing the log that does not sync its commits (it may never get to).
    const other = new SqliteEventStore({ file, synchronous: 'OFF' });
    const atApply: { position: number; durable: number; committed: number }[] = [];
    const runner = new ProjectionRunner(store, readModels, [
      positionsProjection((position) =>
        atApply.push({ position, durable: store.durablePosition(), committed: committedCheckpoint() }),
      ),
    ]);
    runner.start();
    const { position } = await other.append('w', [event('Foreign')], 'no-stream');
    expect(await runner.waitFor(position, 5000)).toBe(true);
    // Applied while the log had it committed but not on disk, and not yet committed in the read models.
    expect(atApply).toEqual([{ position, durable: 0, committed: 0 }]);
    expect(store.durablePosition()).toBeGreaterThanOrEqual(position);
    expect(committedCheckpoint()).toBe(position);
    await runner.stop();
    await other.close();
    await store.close();
  });

  it('commits nothing into the read models when the sync fails, and fails the projections', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(store, readModels, [positionsProjection()], (_name, error) =>
      errors.push(error),
    );
    runner.start();
    const first = await store.append('s', [event('Kept')], 'no-stream');
    expect(await runner.waitFor(first.position, 5000)).toBe(true);
    // A real failing fdatasync: the store's descriptor now names a FIFO (EINVAL).
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const internals = store as unknown as { walFd: number };
    closeSync(internals.walFd);
    internals.walFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    await expect(store.append('s', [event('NotDurable')], 0)).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    expect(await runner.waitFor(first.position + 1, 300)).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    expect(runner.status()[0]).toMatchObject({ position: first.position, error: expect.any(String) });
    expect(committedCheckpoint()).toBe(first.position);
    expect(committedRows().n).toBe(1);
    expect(readModels.inTransaction).toBe(false);
    await runner.stop();
    await store.close();
  });
});
