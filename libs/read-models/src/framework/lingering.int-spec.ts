import { SqliteEventStore, type NewEvent } from '@sg/event-store';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';
import { statement } from './statement-cache';
import { ProjectionViewCache } from './view-cache';

/**
 * ADR 0049: projections no answer waits for linger, and whoever reads their tables brings them up
 * to date first. The linger here is far longer than any test, so a row that shows up was applied
 * by a read, a waiter or a stop, never by the timer (except in the test of the timer itself).
 */
const LONG = 60_000;

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: { actor: 'u-test', time: '2026-12-01T08:00:00.000Z', correlationId: 'c-1' },
});

/** One row per event of `types` in `<prefix>rows`. */
function rowsProjection(name: string, prefix: string, types: string[]): Projection {
  return {
    name,
    version: 1,
    tablePrefix: prefix,
    eventTypes: new Set(types),
    migrate: (db) =>
      db.exec(`CREATE TABLE IF NOT EXISTS ${prefix}rows (position INTEGER PRIMARY KEY, type TEXT NOT NULL)`),
    apply: (db, recorded) =>
      statement(db, `INSERT INTO ${prefix}rows (position, type) VALUES (?, ?)`).run(
        recorded.position,
        recorded.type,
      ),
  };
}

describe('lingering projections', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  let runner: ProjectionRunner | undefined;
  const notes = rowsProjection('notes', 'ln_', ['Noted']);
  const tallies = rowsProjection('tallies', 'lt_', ['Tallied']);
  const accounts = rowsProjection('accounts', 'la_', ['Noted', 'Tallied']);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-linger-'));
    store = new SqliteEventStore({
      file: join(dir, 'events.sqlite'),
      pollIntervalMs: 10,
      synchronous: 'NORMAL',
    });
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rows as they are on disk, as another process sees them (its own connection, no barrier). */
  const peek = (prefix: string) => {
    const other = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
    try {
      return other
        .prepare<[], { type: string }>(`SELECT type FROM ${prefix}rows ORDER BY position`)
        .all()
        .map((r) => r.type);
    } finally {
      other.close();
    }
  };
  /** Rows as a query sees them (through the barrier). */
  const read = (prefix: string) =>
    statement<[], { type: string }>(db, `SELECT type FROM ${prefix}rows ORDER BY position`)
      .all()
      .map((r) => r.type);

  async function started(lingerMs: number): Promise<ProjectionRunner> {
    runner = new ProjectionRunner(store, db, [notes, tallies, accounts], undefined, {
      lingerMs,
      eager: ['accounts'],
    });
    runner.start();
    expect(await runner.waitFor(await store.headPosition(), 5_000)).toBe(true);
    // Live from here: a load from zero (a new file) applies everything as it comes.
    const deadline = Date.now() + 5_000;
    while (!runner.status().every((s) => s.caughtUp) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return runner;
  }

  it('answers a write once the eager projections have it, the others holding it back', async () => {
    const r = await started(LONG);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    expect(await r.waitForAnswer(position, 5_000)).toBe(true);
    expect(peek('la_')).toEqual(['Noted']);
    expect(peek('ln_')).toEqual([]);
    expect(r.status().find((s) => s.name === 'notes')!.position).toBeLessThan(position);
  });

  it('applies what lingers before a read of the lingering tables, so the writer reads its write', async () => {
    const r = await started(LONG);
    const { position } = await store.append(
      's-1',
      [event('Noted', { n: 1 }), event('Noted', { n: 2 })],
      'no-stream',
    );
    await r.waitForAnswer(position, 5_000);
    expect(peek('ln_')).toEqual([]);
    expect(read('ln_')).toEqual(['Noted', 'Noted']);
    expect(peek('ln_')).toEqual(['Noted', 'Noted']);
    // Both lingering projections took the batch in the same transaction, their checkpoints with it.
    expect(r.status().map((s) => [s.name, s.position])).toEqual([
      ['notes', position],
      ['tallies', position],
      ['accounts', position],
    ]);
  });

  it('applies what lingers before a query prepared on the connection directly (SQL built per call)', async () => {
    const r = await started(LONG);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    await r.waitForAnswer(position, 5_000);
    expect(peek('ln_')).toEqual([]);
    const where = 'WHERE type = ?';
    expect(db.prepare(`SELECT count(*) AS n FROM ln_rows ${where}`).pluck().get('Noted')).toBe(1);
  });

  it('leaves the lingering events alone for a read of tables none of them concerns', async () => {
    const r = await started(LONG);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    await r.waitForAnswer(position, 5_000);
    expect(read('lt_')).toEqual([]);
    expect(peek('ln_')).toEqual([]);
    // A read of the eager projection's tables waits for nothing either.
    expect(read('la_')).toEqual(['Noted']);
    expect(peek('ln_')).toEqual([]);
    const tallied = await store.append('s-2', [event('Tallied', {})], 'no-stream');
    await r.waitForAnswer(tallied.position, 5_000);
    expect(read('lt_')).toEqual(['Tallied']);
    expect(peek('ln_')).toEqual(['Noted']);
  });

  it('brings a lingering projection up to date before a view cached on its checkpoint is served', async () => {
    const r = await started(LONG);
    const cache = new ProjectionViewCache<string[]>(db, 'notes');
    const view = () => cache.get('all', () => peek('ln_'));
    expect(view()).toEqual([]);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    await r.waitForAnswer(position, 5_000);
    expect(view()).toEqual(['Noted']);
  });

  it('applies everything at once for whoever waits for the whole log', async () => {
    const r = await started(LONG);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    expect(await r.waitFor(position, 5_000)).toBe(true);
    expect(peek('ln_')).toEqual(['Noted']);
  });

  it('applies what lingers within the linger, with nobody reading', async () => {
    await started(20);
    await store.append('s-1', [event('Noted', {})], 'no-stream');
    const deadline = Date.now() + 5_000;
    while (peek('ln_').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(peek('ln_')).toEqual(['Noted']);
  });

  it('applies what lingers when it stops, and a restart goes on from the checkpoints', async () => {
    const r = await started(LONG);
    const { position } = await store.append('s-1', [event('Noted', {}), event('Tallied', {})], 'no-stream');
    await r.waitForAnswer(position, 5_000);
    await r.stop();
    runner = undefined;
    expect(peek('ln_')).toEqual(['Noted']);
    expect(peek('lt_')).toEqual(['Tallied']);
    const again = await started(LONG);
    expect(again.status().every((s) => s.position === position)).toBe(true);
    expect(peek('la_')).toEqual(['Noted', 'Tallied']);
  });

  it('loses nothing held back when the process dies: the next start applies it from the checkpoint', async () => {
    const r = await started(LONG);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    await r.waitForAnswer(position, 5_000);
    // The process dies: no stop, the timer never fires; a new process opens the same files.
    runner = undefined;
    db.close();
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    expect(peek('ln_')).toEqual([]);
    await started(LONG);
    expect(peek('ln_')).toEqual(['Noted']);
    expect(peek('la_')).toEqual(['Noted']);
  });

  it('behaves as before without a linger: every projection has a batch before the answer', async () => {
    const r = await started(0);
    const { position } = await store.append('s-1', [event('Noted', {})], 'no-stream');
    expect(await r.waitForAnswer(position, 5_000)).toBe(true);
    expect(peek('ln_')).toEqual(['Noted']);
  });
});
