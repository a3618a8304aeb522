import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { ConcurrencyError } from '../errors';
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
});
