import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { ConcurrencyError, EventStoreUnavailableError } from '../errors';
import type { NewEvent } from '../port';
import { SqliteEventStore } from './sqlite-event-store';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-es-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('sqlite', () => {
  const store = new SqliteEventStore({ file: tempFile(), pollIntervalMs: 20 });
  return Promise.resolve({ store, dispose: () => store.close() });
});

const event = (type: string): NewEvent => ({
  type,
  data: {},
  metadata: { actor: 'u', time: '2026-11-26T00:00:00.000Z', correlationId: 'c' },
});

describe('sqlite event store', () => {
  it('keeps acknowledged appends when the file is reopened', async () => {
    const file = tempFile();
    const first = new SqliteEventStore({ file });
    await first.append('plan-1', [event('A'), event('B')], 'no-stream');
    await first.close();
    const second = new SqliteEventStore({ file });
    expect((await second.readStream('plan-1')).map((e) => e.type)).toEqual(['A', 'B']);
    await second.close();
  });

  it('runs in WAL mode with synchronous=FULL unless configured otherwise', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file });
    await store.append('s', [event('A')], 'any');
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await store.close();
  });

  it('commits appends that arrive together in one group, failing only the conflicting one', async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    await store.append('taken', [event('A')], 'no-stream');
    const results = await Promise.allSettled([
      store.append('x', [event('X')], 'no-stream'),
      store.append('taken', [event('Clash')], 'no-stream'),
      store.append('y', [event('Y')], 'no-stream'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['A', 'X', 'Y']);
    await store.close();
  });

  it('sees events appended by another process writing the same file', async () => {
    const file = tempFile();
    const reader = new SqliteEventStore({ file, pollIntervalMs: 10 });
    const writer = new SqliteEventStore({ file });
    const seen: string[] = [];
    let done!: () => void;
    const received = new Promise<void>((resolve) => (done = resolve));
    const subscription = reader.subscribeToAll(0, {
      onEvents: (events) => {
        seen.push(...events.map((e) => e.type));
        if (seen.length === 2) done();
      },
    });
    await writer.append('w', [event('One'), event('Two')], 'no-stream');
    await received;
    await subscription.stop();
    expect(seen).toEqual(['One', 'Two']);
    await reader.append('r', [event('Three')], 'no-stream');
    await writer.append('w', [event('Four')], 1);
    // Both processes extended one hash chain: each read the tip under the write lock.
    expect(await reader.verifyChain()).toMatchObject({ ok: true, checked: 4 });
    await writer.close();
    await reader.close();
  });

  describe('with synchronous=FULL: the WAL fdatasync off the main thread (ADR 0045)', () => {
    it('commits with synchronous=NORMAL and acknowledges an append only once a sync covers it', async () => {
      const store = new SqliteEventStore({ file: tempFile() });
      const pending = store.append('s', [event('A'), event('B')], 'no-stream');
      let settled = false;
      void pending.then(() => (settled = true));
      // The commit runs on the next turn; the sync completes later, on libuv's thread pool.
      await new Promise((resolve) => setImmediate(resolve));
      expect(await store.headPosition()).toBe(2);
      const result = await pending;
      expect(settled).toBe(true);
      expect(store.durablePosition()).toBeGreaterThanOrEqual(result.position);
      expect(store.durableThrough(result.position)).toBeUndefined();
      await store.close();
    });

    it('notifies subscribers at commit, before the sync: durableThrough is then still pending', async () => {
      const store = new SqliteEventStore({ file: tempFile(), pollIntervalMs: 1000 });
      const observed: { position: number; durableAtDelivery: boolean }[] = [];
      let synced!: Promise<void>;
      const subscription = store.subscribeToAll(0, {
        onEvents: (events) => {
          const last = events[events.length - 1].position;
          const pending = store.durableThrough(last);
          observed.push({ position: last, durableAtDelivery: pending === undefined });
          if (pending) synced = pending;
        },
      });
      const result = await store.append('s', [event('A')], 'no-stream');
      expect(observed).toEqual([{ position: result.position, durableAtDelivery: false }]);
      await synced;
      expect(store.durablePosition()).toBeGreaterThanOrEqual(result.position);
      await subscription.stop();
      await store.close();
    });

    it('syncs for a position another process committed without a sync of its own', async () => {
      const file = tempFile();
      const reader = new SqliteEventStore({ file });
      const writer = new SqliteEventStore({ file, synchronous: 'OFF' });
      const { position } = await writer.append('w', [event('A')], 'no-stream');
      expect(reader.durablePosition()).toBe(0);
      const pending = reader.durableThrough(position);
      expect(pending).toBeInstanceOf(Promise);
      await pending;
      expect(reader.durablePosition()).toBe(position);
      await writer.close();
      await reader.close();
    });

    it('group-commits the syncs: one in flight, later commits covered by the next', async () => {
      const store = new SqliteEventStore({ file: tempFile() });
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i % 5));
          const result = await store.append(`s-${i}`, [event('A')], 'no-stream');
          // At the moment each append resolves, its position is on disk.
          expect(store.durablePosition()).toBeGreaterThanOrEqual(result.position);
          return result.position;
        }),
      );
      expect(new Set(results).size).toBe(50);
      expect(store.durablePosition()).toBe(50);
      await store.close();
    });

    it('fails the waiting appends, and every later one, when the sync fails', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sg-es-fifo-'));
      dirs.push(dir);
      const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
      await store.append('s', [event('Before')], 'no-stream');
      // A real failing fdatasync: the store's descriptor now names a FIFO (fdatasync: EINVAL).
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      const internals = store as unknown as { walFd: number };
      closeSync(internals.walFd);
      internals.walFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const failed = await Promise.allSettled([
        store.append('s', [event('Lost1')], 0),
        store.append('t', [event('Lost2')], 'no-stream'),
      ]);
      expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      for (const r of failed)
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreUnavailableError);
      expect(store.durablePosition()).toBe(1);
      await expect(store.durableThrough(3)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      // Fatal for this instance: nothing later is acknowledged.
      await expect(store.append('u', [event('After')], 'no-stream')).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await store.close();
    });
  });
});
