import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, RecordedEvent } from '../port';
import { CATCH_UP_BATCH_SIZE } from '../catch-up-subscription';
import { SqliteEventStore } from './sqlite-event-store';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-prefetch-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const event = (i: number): NewEvent => ({
  type: i % 3 === 0 ? 'Odd"Type\\' : 'Plain',
  data: { i, text: `第${i}条 "quoted" \\ \u2028`, nested: { list: [i, null, true] } },
  metadata: { actor: `u${i % 7}`, time: '2026-11-26T00:00:00.000Z', correlationId: `c${i}` },
});

/** Everything a subscription delivers, batch by batch, until it has caught up with `head`. */
function collect(store: SqliteEventStore, from: number, head: number) {
  const batches: RecordedEvent[][] = [];
  let done!: () => void;
  const caughtUp = new Promise<void>((resolve) => (done = resolve));
  const subscription = store.subscribeToAll(from, {
    onEvents: (events) => void batches.push(events),
    onCaughtUp: (position) => {
      if (position >= head) done();
    },
  });
  return { batches, caughtUp, subscription };
}

describe('a subscription far behind the head (read ahead in a worker thread)', () => {
  it('delivers exactly what the store reads, in the same pages, then goes on live', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file, prefetchBehind: 0, pollIntervalMs: 10 });
    const total = CATCH_UP_BATCH_SIZE * 2 + 17;
    for (let at = 0; at < total; at += 1000) {
      const events = Array.from({ length: Math.min(1000, total - at) }, (_, k) => event(at + k));
      await store.append(`s-${at}`, events, 'no-stream');
    }
    const expected = await store.readAll({ fromPosition: 3 });
    const { batches, caughtUp, subscription } = collect(store, 3, total);
    await caughtUp;
    expect(batches.map((b) => b.length)).toEqual([CATCH_UP_BATCH_SIZE, CATCH_UP_BATCH_SIZE, 14]);
    expect(batches.flat()).toEqual(expected);

    await store.append('live', [event(-1)], 'no-stream');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(batches.flat().at(-1)).toMatchObject({ stream: 'live', position: total + 1 });
    await subscription.stop();
    await store.close();
  });

  it('stops its worker when the subscription stops before the head', async () => {
    const file = tempFile();
    const store = new SqliteEventStore({ file, prefetchBehind: 0 });
    const events = Array.from({ length: CATCH_UP_BATCH_SIZE * 3 }, (_, k) => event(k));
    await store.append('s', events, 'no-stream');
    let stop!: () => void;
    const first = new Promise<void>((resolve) => (stop = resolve));
    const seen: number[] = [];
    const subscription = store.subscribeToAll(0, {
      onEvents: (batch) => {
        seen.push(batch.length);
        stop();
      },
    });
    await first;
    await subscription.stop();
    expect(seen[0]).toBe(CATCH_UP_BATCH_SIZE);
    await store.close();
  });
});
