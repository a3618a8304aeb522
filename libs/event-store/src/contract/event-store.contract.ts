import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError, EventStoreError, InvalidAppendError } from '../errors';
import type { EventStore, NewEvent, RecordedEvent } from '../port';
import { isUuid, uuidv7 } from '../uuidv7';

export interface ContractSubject {
  store: EventStore;
  dispose(): Promise<void>;
}

const meta = (extra: Partial<NewEvent['metadata']> = {}): NewEvent['metadata'] => ({
  actor: 'user-1',
  time: '2026-11-26T08:00:00.000Z',
  correlationId: 'corr-1',
  ...extra,
});
const event = (type: string, data: unknown = {}, id?: string): NewEvent => ({
  id,
  type,
  data,
  metadata: meta(),
});

/**
 * The behaviour every adapter must have. Stream names are unique per test so the suite can run
 * against a shared server; reads of the global log are filtered to the test's own streams.
 */
export function describeEventStoreContract(adapter: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;
    const stream = (name: string) => `${prefix}${name}`;
    const mine = (events: RecordedEvent[]) => events.filter((e) => e.stream.startsWith(prefix));

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      prefix = `c${randomUUID().slice(0, 8)}-`;
    });
    afterEach(() => subject.dispose());

    it('appends to a new stream and reads it back with revisions, ids, data and metadata', async () => {
      const given = uuidv7();
      const result = await store.append(
        stream('a'),
        [
          {
            id: given,
            type: 'PlanCreated',
            data: { name: '双高计划' },
            metadata: meta({ reason: '首次创建' }),
          },
          {
            type: 'LevelAdded',
            data: { weight: '0.3' },
            metadata: meta({ causationId: given, correlationId: 'corr-2' }),
          },
        ],
        'no-stream',
      );
      expect(result.nextExpectedRevision).toBe(1);
      const events = await store.readStream(stream('a'));
      expect(events.map((e) => [e.revision, e.type])).toEqual([
        [0, 'PlanCreated'],
        [1, 'LevelAdded'],
      ]);
      expect(events[0].id).toBe(given);
      expect(isUuid(events[1].id)).toBe(true);
      expect(events[1].id[14]).toBe('7');
      expect(events[0].data).toEqual({ name: '双高计划' });
      expect(events[0].metadata).toEqual(meta({ reason: '首次创建' }));
      expect(events[1].metadata).toEqual(meta({ causationId: given, correlationId: 'corr-2' }));
      expect(events[1].position).toBe(result.position);
      expect(events[0].position).toBeLessThan(events[1].position);
    });

    it('reads a missing stream as empty', async () => {
      await expect(store.readStream(stream('missing'))).resolves.toEqual([]);
    });

    it('reads forwards and backwards from a revision with a limit', async () => {
      await store.append(
        stream('r'),
        Array.from({ length: 10 }, (_, i) => event('E', { i })),
        'no-stream',
      );
      const forwards = await store.readStream(stream('r'), { fromRevision: 3, maxCount: 4 });
      expect(forwards.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
      const backwards = await store.readStream(stream('r'), { direction: 'backwards', maxCount: 3 });
      expect(backwards.map((e) => e.revision)).toEqual([9, 8, 7]);
      const backFrom = await store.readStream(stream('r'), { direction: 'backwards', fromRevision: 2 });
      expect(backFrom.map((e) => e.revision)).toEqual([2, 1, 0]);
    });

    it('refuses a stale exact revision with the expected and actual revisions', async () => {
      await store.append(stream('c'), [event('A'), event('B')], 'no-stream');
      const error = await store.append(stream('c'), [event('C')], 0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ stream: stream('c'), expected: 0, actual: 1 });
      expect(await store.readStream(stream('c'))).toHaveLength(2);
    });

    it('honours no-stream, stream-exists and any', async () => {
      await expect(store.append(stream('s'), [event('A')], 'stream-exists')).rejects.toMatchObject({
        actual: 'no-stream',
      });
      await store.append(stream('s'), [event('A')], 'no-stream');
      await expect(store.append(stream('s'), [event('B')], 'no-stream')).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await expect(store.append(stream('s'), [event('B')], 'stream-exists')).resolves.toMatchObject({
        nextExpectedRevision: 1,
      });
      await expect(store.append(stream('s'), [event('C')], 'any')).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
    });

    it('treats the same event ids at the same expected revision as a retry that writes nothing', async () => {
      await store.append(stream('i'), [event('A')], 'no-stream');
      const batch = [event('B', {}, uuidv7()), event('C', {}, uuidv7())];
      const first = await store.append(stream('i'), batch, 0);
      const again = await store.append(stream('i'), batch, 0);
      expect(again).toEqual(first);
      const fromStart = [event('A0', {}, uuidv7())];
      const created = await store.append(stream('i2'), fromStart, 'no-stream');
      await expect(store.append(stream('i2'), fromStart, 'no-stream')).resolves.toEqual(created);
      expect(await store.readStream(stream('i'))).toHaveLength(3);
      expect(await store.readStream(stream('i2'))).toHaveLength(1);
    });

    it('refuses a batch that mixes written and new ids, and writes none of it', async () => {
      const written = uuidv7();
      await store.append(stream('m'), [event('A'), event('B', {}, written)], 'no-stream');
      const error = await store
        .append(stream('m'), [event('B', {}, written), event('C')], 0)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream(stream('m'))).toHaveLength(2);
    });

    it('refuses written ids appended at another revision, and writes nothing', async () => {
      const id = uuidv7();
      await store.append(stream('d'), [event('A', {}, id), event('B')], 'no-stream');
      await expect(store.append(stream('d'), [event('A', {}, id)], 1)).rejects.toBeInstanceOf(
        EventStoreError,
      );
      expect(await store.readStream(stream('d'))).toHaveLength(2);
    });

    it('refuses an empty append and an id that is not a UUID', async () => {
      await expect(store.append(stream('e'), [], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(store.append(stream('e'), [event('A', {}, 'not-a-uuid')], 'any')).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      expect(await store.readStream(stream('e'))).toEqual([]);
    });

    it('reads the global log after a position, exclusive, in commit order', async () => {
      const start = await store.headPosition();
      await store.append(stream('g1'), [event('A'), event('B')], 'no-stream');
      await store.append(stream('g2'), [event('C')], 'no-stream');
      await store.append(stream('g1'), [event('D')], 1);
      const all = mine(await store.readAll({ fromPosition: start }));
      expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(4);
      const afterB = mine(await store.readAll({ fromPosition: all[1].position }));
      expect(afterB.map((e) => e.type)).toEqual(['C', 'D']);
      const limited = mine(await store.readAll({ fromPosition: start, maxCount: 2 }));
      expect(limited.map((e) => e.type)).toEqual(['A', 'B']);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(all[3].position);
    });

    it('catches a subscription up, signals it, then delivers live events in order', async () => {
      const start = await store.headPosition();
      await store.append(stream('sub'), [event('Old1'), event('Old2')], 'no-stream');
      const seen: string[] = [];
      let caughtUp!: () => void;
      const caughtUpSignal = new Promise<void>((resolve) => (caughtUp = resolve));
      let liveDone!: () => void;
      const liveSignal = new Promise<void>((resolve) => (liveDone = resolve));
      const subscription = store.subscribeToAll(start, {
        onEvents: (events) => {
          for (const e of mine(events)) seen.push(e.type);
          if (seen.length === 5) liveDone();
        },
        onCaughtUp: () => caughtUp(),
      });
      await caughtUpSignal;
      expect(seen).toEqual(['Old1', 'Old2']);
      await store.append(stream('sub'), [event('New1')], 1);
      await store.append(stream('sub'), [event('New2'), event('New3')], 2);
      await liveSignal;
      await subscription.stop();
      expect(seen).toEqual(['Old1', 'Old2', 'New1', 'New2', 'New3']);
      expect(subscription.position).toBeGreaterThan(start);
    });

    it('lets timers run while a long catch-up is still going', async () => {
      const start = await store.headPosition();
      // More than one read's worth (2,000 events), each batch taking a while to apply.
      for (let i = 0; i < 5; i++) {
        const batch = Array.from({ length: 1000 }, (_, n) => event('Many', { n }));
        await store.append(stream('many'), batch, i === 0 ? 'no-stream' : i * 1000 - 1);
      }
      const order: string[] = [];
      let caughtUp!: () => void;
      const caughtUpSignal = new Promise<void>((resolve) => (caughtUp = resolve));
      const subscription = store.subscribeToAll(start, {
        onEvents: () => {
          const until = Date.now() + 60;
          while (Date.now() < until); // a projection's work on the batch
          order.push('batch');
        },
        onCaughtUp: () => {
          order.push('caught up');
          caughtUp();
        },
      });
      setTimeout(() => order.push('timer'), 0);
      await caughtUpSignal;
      await subscription.stop();
      expect(order.indexOf('timer')).toBeGreaterThan(-1);
      expect(order.indexOf('timer')).toBeLessThan(order.indexOf('caught up'));
    });

    it('keeps 8 concurrent writers × 250 appends to one stream gapless, retrying conflicts', async () => {
      const target = stream('hot');
      let conflicts = 0;
      const writer = async (w: number) => {
        for (let i = 0; i < 250; i++) {
          const id = uuidv7();
          for (;;) {
            const last = await store.readStream(target, { direction: 'backwards', maxCount: 1 });
            const expected = last.length === 0 ? ('no-stream' as const) : last[0].revision;
            try {
              await store.append(target, [event('Counted', { w, i }, id)], expected);
              break;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              conflicts++;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
      const events = await store.readStream(target);
      expect(events).toHaveLength(2000);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
      expect(new Set(events.map((e) => e.id)).size).toBe(2000);
      for (let w = 0; w < 8; w++) {
        const own = events
          .filter((e) => (e.data as { w: number }).w === w)
          .map((e) => (e.data as { i: number }).i);
        expect(own).toEqual(Array.from({ length: 250 }, (_, i) => i));
      }
      expect(conflicts).toBeGreaterThan(0);
    }, 120_000);
  });
}
