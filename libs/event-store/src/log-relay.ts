import type { MessagePort } from 'node:worker_threads';
import { CatchUpSubscription, type ReadAfter } from './catch-up-subscription';
import type { ProjectedEvent, Subscription, SubscriptionHandler } from './port';
import { eventsFromText, type LogText, type SqliteEventStore } from './sqlite/sqlite-event-store';

/**
 * What a load subscribes to: a store, or a log another thread reads for it (`relayedLog`), whose
 * events carry only the metadata projections read (`ProjectedEvent`, ADR 0053).
 */
export interface LogFeed {
  readonly subscribeToAll: (
    fromPosition: number,
    handler: SubscriptionHandler<ProjectedEvent>,
  ) => Subscription;
}

/**
 * Batches the reading thread may be ahead of the other one: what bounds the memory the texts hold
 * there (about 0.8 MB a batch of 2,000 events: 13 MB).
 */
const AHEAD = 16;

/**
 * Batches the reading thread may be ahead of its own subscriber (about 52 MB of text). Reading
 * happens between its own batches, so while it applies slow ones (in a rebuild, the first reports
 * on each task and indicator, just after the plans are defined) the other thread must find enough
 * already sent: with 16, the other thread of a rebuild
 * waited 0.3–0.7 s for batches at 0.99 M events; with 64, 0.1 s, its start (ADR 0051).
 */
const READY = 64;

/** Both ends read only up to a head they were given: once there, they look again this seldom. */
const AT_HEAD_POLL_MS = 1_000;

/** The reading end of a relay (`relayLog`). */
export interface RelayingLog extends LogFeed {
  /** Resolves once the other end has taken every batch sent; rejects if it went away first. */
  drained(): Promise<void>;
  /** Closes the channel (the other end's reads then end). */
  close(): void;
}

/** The receiving end of a relay (`relayedLog`). */
export interface RelayedLog extends LogFeed {
  /** Ends a read still waiting for a batch (it rejects), and the channel. */
  close(): void;
}

/**
 * One read of the log for two threads (ADR 0051): the log up to `head` read once, here, batch
 * by batch as JSON text (`readAllText`), each text posted through `port` to the thread at the
 * other end (`relayedLog`) and parsed here for this thread's own subscriber. The copy of one
 * string per batch and one parse per thread cost the other thread about half what reading the
 * rows itself did. No more than `ahead` batches are untaken at the other end (this thread waits),
 * and no more than `ready` read and not yet handed to this thread's own subscriber. One
 * subscriber only, from the position the other end starts at too.
 */
export function relayLog(
  store: SqliteEventStore,
  port: MessagePort,
  head: number,
  {
    ahead = AHEAD,
    ready: readyMax = READY,
    batchSize,
  }: { ahead?: number; ready?: number; batchSize?: number } = {},
): RelayingLog {
  let sent = 0;
  let taken = 0;
  let gone: Error | undefined;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    taken++;
    wake?.();
  });
  port.on('close', () => {
    gone = new Error('the thread the log was read for stopped taking it');
    wake?.();
  });
  /** Waits until at most `untaken` batches are not yet taken. */
  const room = async (untaken: number): Promise<void> => {
    while (!gone && sent - taken > untaken) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    if (gone) throw gone;
  };
  /** Batches sent and not yet handed to this thread's own subscriber, oldest first. */
  const ready: LogText[] = [];
  const send = (after: number, maxCount: number): void => {
    const batch = store.readAllText(after, head, batchSize ?? maxCount);
    if (batch.count === 0) throw new Error(`the log ends at position ${after}, before its head ${head}`);
    port.postMessage(batch);
    sent++;
    ready.push(batch);
  };
  const read = async (after: number, maxCount: number): Promise<ProjectedEvent[]> => {
    if (ready.length === 0) {
      if (after >= head) return [];
      await room(ahead - 1);
      send(after, maxCount);
    }
    // Read ahead of this thread's own work, so the other thread never waits for a batch while
    // this one applies the one before: up to `ahead` untaken there, and `readyMax` waiting here.
    const readTo = () => ready[ready.length - 1].last;
    while (readTo() < head && sent - taken < ahead && ready.length < readyMax) send(readTo(), maxCount);
    const batch = ready.shift()!;
    if (batch.after !== after)
      throw new Error(`a batch read after ${batch.after} was asked for after ${after}`);
    return eventsFromText(batch.text, after);
  };
  return {
    subscribeToAll: oneSubscriber(read),
    drained: () => room(0),
    close: () => port.close(),
  };
}

/**
 * The other end of `relayLog`: the same events, up to the same `head`, without reading the log.
 * A batch out of step with this end's position fails the read (and the subscriber) rather than
 * being applied. A read waits for its batch as long as it takes: the reading thread's own failure
 * reaches the caller by another way (its load's outcome), and `close` ends the wait.
 */
export function relayedLog(port: MessagePort, head: number): RelayedLog {
  const queue: LogText[] = [];
  let closed: Error | undefined;
  let wake: (() => void) | undefined;
  port.on('message', (relayed: LogText) => {
    queue.push(relayed);
    wake?.();
  });
  const read = async (after: number): Promise<ProjectedEvent[]> => {
    if (after >= head) return [];
    while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
    const relayed = queue.shift();
    if (!relayed) throw closed!;
    if (relayed.after !== after) {
      throw new Error(`a relayed batch after position ${relayed.after} came for position ${after}`);
    }
    const events = eventsFromText(relayed.text, after);
    port.postMessage(relayed.last);
    return events;
  };
  return {
    subscribeToAll: oneSubscriber(read),
    close() {
      closed ??= new Error('the relayed log was closed');
      wake?.();
      port.close();
    },
  };
}

/**
 * `subscribeToAll` over `read`, for one subscriber: the two ends move batch by batch together, so
 * a second subscriber (from anywhere) would put them out of step.
 */
function oneSubscriber(read: ReadAfter<ProjectedEvent>): LogFeed['subscribeToAll'] {
  let subscribed = false;
  return (fromPosition: number, handler: SubscriptionHandler<ProjectedEvent>): Subscription => {
    if (subscribed) throw new Error('a relayed log has one subscriber');
    subscribed = true;
    const subscription = new CatchUpSubscription(
      fromPosition,
      handler,
      read,
      AT_HEAD_POLL_MS,
      () => undefined,
    );
    subscription.start();
    return subscription;
  };
}
