import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { relayedLog, relayLog, type LogFeed } from './log-relay';
import type { NewEvent, ProjectedEvent, RecordedEvent, Subscription } from './port';
import { eventsFromText, SqliteEventStore } from './sqlite/sqlite-event-store';

let dir: string;
let store: SqliteEventStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-relay-'));
  store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Events whose data and metadata a text must carry exactly: Chinese, quotes, escapes, nulls, nesting. */
const event = (i: number): NewEvent => ({
  type: i % 3 === 0 ? 'TaskProgressRecorded' : 'IndicatorValueRecorded',
  data: {
    taskId: `t-${i % 4}`,
    note: `第${i}条 "进展" \\ 路径 C:\\\\dir 🚀 \u2028`,
    values: [i, i / 7, null, { nested: true, empty: '' }],
  },
  metadata: {
    actor: `u-${i % 2}`,
    time: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
    correlationId: `c-${i}`,
    causationId: `cause-${i}`,
    reason: `理由 ${i}`,
  },
});

/** An event as `readAll` answers it, with only the metadata projections read (ADR 0053). */
const projected = ({ metadata, ...event }: RecordedEvent): ProjectedEvent => ({
  ...event,
  metadata: { actor: metadata.actor, time: metadata.time },
});

async function appendEvents(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.append(`task-t-${i % 4}`, [event(i)], 'any');
}

/** A subscriber that keeps what it is handed, and can wait until it has reached a position. */
function collect(feed: LogFeed, from = 0) {
  const events: ProjectedEvent[] = [];
  const errors: unknown[] = [];
  let reached = from;
  const subscription: Subscription = feed.subscribeToAll(from, {
    onEvents: (batch) => {
      events.push(...batch);
      reached = batch[batch.length - 1].position;
    },
    onError: (error) => errors.push(error),
  });
  const until = async (position: number) => {
    const deadline = Date.now() + 5_000;
    while (reached < position && errors.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { events, errors, subscription, until };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Both ends of a relay over a new channel, reading the store up to `head`. */
function relay(head: number, options: { batchSize: number; ahead: number; ready?: number }) {
  const { port1, port2 } = new MessageChannel();
  return { reading: relayLog(store, port2, head, options), other: relayedLog(port1, head) };
}

describe('the log read once for two threads (ADR 0051)', () => {
  it('hands both ends the events readAll answers, batch by batch, and none past the head it was given', async () => {
    await appendEvents(40);
    const head = await store.headPosition();
    await appendEvents(3);
    const { reading, other } = relay(head, { batchSize: 7, ahead: 2 });

    const here = collect(reading);
    const there = collect(other);
    await Promise.all([here.until(head), there.until(head)]);
    await reading.drained();
    await settle(50);

    // Of its metadata, only who and when: not the correlation, the causation or the reason.
    const expected = (await store.readAll()).filter((e) => e.position <= head).map(projected);
    expect(here.events).toEqual(expected);
    expect(there.events).toEqual(expected);
    expect([...here.errors, ...there.errors]).toEqual([]);
    await Promise.all([here.subscription.stop(), there.subscription.stop()]);
    reading.close();
    other.close();
  });

  it('reads no further ahead of the other end than it may, and goes on once that end takes', async () => {
    await appendEvents(30);
    const head = await store.headPosition();
    const { reading, other } = relay(head, { batchSize: 5, ahead: 2 });

    const here = collect(reading);
    await settle(100);
    // Two batches sent and untaken: its own subscriber has those two and no more.
    expect(here.events.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));

    const there = collect(other);
    await Promise.all([here.until(head), there.until(head)]);
    expect(here.events).toHaveLength(head);
    expect(there.events).toHaveLength(head);
    await Promise.all([here.subscription.stop(), there.subscription.stop()]);
    reading.close();
    other.close();
  });

  it.each([
    // Read-ahead bounded by the other end only at first, then by what waits for its own subscriber.
    { ready: 6, sent: [2, 4, 6, 8, 10, 11] },
    // As far ahead of its own subscriber as of the other end: the other end keeps the slow one's pace.
    { ready: 2, sent: [2, 3, 4, 5, 6, 7] },
  ])(
    'reads no more than $ready batches ahead of its own slow subscriber, however fast the other end takes',
    async ({ ready, sent }) => {
      await appendEvents(60);
      const head = await store.headPosition();
      const { reading, other } = relay(head, { batchSize: 5, ahead: 2, ready });
      const there = collect(other);
      // Its own subscriber holds each batch until it is let go: reading happens between its batches.
      const releases: (() => void)[] = [];
      let held = 0;
      let holding = true;
      const subscription = reading.subscribeToAll(0, {
        onEvents: () => {
          held++;
          return holding ? new Promise<void>((resolve) => releases.push(resolve)) : undefined;
        },
        onError: (error) => {
          throw error;
        },
      });

      // Until its own subscriber holds `batch` and the other end has taken nothing more for 30 ms.
      const quiet = async (batch: number) => {
        const deadline = Date.now() + 5_000;
        let seen = -1;
        while ((held < batch || there.events.length !== seen) && Date.now() < deadline) {
          seen = there.events.length;
          await settle(30);
        }
      };
      const taken: number[] = [];
      for (let batch = 1; batch <= sent.length; batch++) {
        await quiet(batch);
        expect(held).toBe(batch);
        taken.push(there.events.length / 5);
        releases.shift()!();
      }

      expect(taken).toEqual(sent);
      holding = false;
      releases.forEach((release) => release());
      await there.until(head);
      expect(there.events).toHaveLength(head);
      await subscription.stop();
      await there.subscription.stop();
      reading.close();
      other.close();
    },
  );

  it('fails the reading end, instead of waiting for good, when the other end closes', async () => {
    await appendEvents(30);
    const head = await store.headPosition();
    const { reading, other } = relay(head, { batchSize: 5, ahead: 2 });
    const here = collect(reading);
    await settle(50);

    other.close();
    await here.until(head);

    expect(here.errors).toEqual([new Error('the thread the log was read for stopped taking it')]);
    await expect(reading.drained()).rejects.toThrow('stopped taking it');
    await here.subscription.stop();
  });

  it('ends a read of the receiving end still waiting for its batch when that end is closed', async () => {
    await appendEvents(5);
    const head = await store.headPosition();
    const { port1, port2 } = new MessageChannel();
    const other = relayedLog(port1, head);
    // Nothing reads for it: its read waits.
    const there = collect(other);
    await settle(50);
    expect(there.events).toEqual([]);

    other.close();
    await there.until(head);

    expect(there.errors).toEqual([new Error('the relayed log was closed')]);
    await there.subscription.stop();
    port2.close();
  });
});

describe('the log as one JSON text', () => {
  it('is the events readAll answers, with the metadata projections read, across a missing position and up to the position asked', async () => {
    await appendEvents(12);
    const raw = new Database(join(dir, 'events.sqlite'));
    raw.prepare('DELETE FROM events WHERE position IN (4, 5, 6)').run();
    raw.close();
    const all = await store.readAll();

    const first = store.readAllText(0, 10, 3);
    const second = store.readAllText(first.last, 10, 3);
    const third = store.readAllText(second.last, 10, 3);

    expect([first, second, third].map((t) => [t.after, t.last, t.count])).toEqual([
      [0, 3, 3],
      [3, 9, 3],
      [9, 10, 1],
    ]);
    expect([
      ...eventsFromText(first.text, 0),
      ...eventsFromText(second.text, first.last),
      ...eventsFromText(third.text, second.last),
    ]).toEqual(all.filter((e) => e.position <= 10).map(projected));
    expect(store.readAllText(10, 10, 3)).toEqual({ after: 10, last: 10, count: 0, text: '[]' });
  });

  it('is refused when its positions do not rise from where it was asked for', async () => {
    await appendEvents(3);
    const { text } = store.readAllText(0, 3, 3);

    expect(() => eventsFromText(text, 1)).toThrow('events out of order: position 1 after 1');
    const [a, b] = JSON.parse(text) as unknown[];
    expect(() => eventsFromText(JSON.stringify([b, a]), 0)).toThrow('position 1 after 2');
  });
});
