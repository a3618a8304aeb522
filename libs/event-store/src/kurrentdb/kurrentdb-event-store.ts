import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  ANY,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { CatchUpSubscription } from '../catch-up-subscription';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreError,
  EventStoreUnavailableError,
} from '../errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionHandler,
} from '../port';
import { prepareAppend, type PreparedEvent } from '../validate-append';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://admin:changeit@localhost:2113?tls=false` */
  connectionString: string;
  /** Bound on every call: the client can hang on a server that accepts but never answers. */
  timeoutMs?: number;
  pollIntervalMs?: number;
}

type KurrentRecorded = NonNullable<ResolvedEvent['event']>;

/**
 * KurrentDB / EventStoreDB through the official gRPC client. Every append carries an exact
 * expected revision or state, so a retried append is deduplicated by the server's idempotency
 * check (same event ids at the same revision) even across server restarts.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private readonly client: KurrentDBClient;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly subscriptions = new Set<CatchUpSubscription>();

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString(options.connectionString);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  async append(
    stream: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, expectedRevision);
    const payload = prepared.map((event) =>
      jsonEvent({
        id: event.id,
        type: event.type,
        data: JSON.parse(event.data) as Record<string, unknown>,
        metadata: JSON.parse(event.metadata) as Record<string, unknown>,
      }),
    );
    try {
      const result = await this.bounded('append', () =>
        this.client.appendToStream(stream, payload, {
          streamState: toStreamState(expectedRevision),
          deadline: this.timeoutMs,
        }),
      );
      return {
        nextExpectedRevision: Number(result.nextExpectedRevision),
        position: Number(result.position?.commit ?? 0n),
      };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        return this.explainConflict(stream, expectedRevision, prepared, error);
      }
      throw this.translate(error);
    } finally {
      for (const subscription of this.subscriptions) subscription.notify();
    }
  }

  /**
   * The server refused the revision. If the refused events are exactly the ones already written
   * after the expected revision this is a retry (idempotent success); if only some are, the batch
   * mixes written and new ids; otherwise it is a plain conflict.
   */
  private async explainConflict(
    stream: string,
    expected: ExpectedRevision,
    prepared: PreparedEvent[],
    error: WrongExpectedVersionError,
  ): Promise<AppendResult> {
    const actual = error.actualState === NO_STREAM ? 'no-stream' : Number(error.actualState);
    const from = typeof expected === 'number' ? expected + 1 : expected === 'no-stream' ? 0 : undefined;
    if (from !== undefined && actual !== 'no-stream' && actual >= from) {
      const written = await this.readStream(stream, { fromRevision: from, maxCount: prepared.length });
      const matches = prepared.filter((event, i) => written[i]?.id === event.id);
      if (matches.length === prepared.length) {
        const last = written[written.length - 1];
        return { nextExpectedRevision: last.revision, position: last.position };
      }
      const writtenIds = new Set(written.map((e) => e.id));
      const overlap = prepared.filter((event) => writtenIds.has(event.id)).map((event) => event.id);
      if (overlap.length > 0) throw new DuplicateEventIdError(stream, overlap);
    }
    throw new ConcurrencyError(stream, expected, actual);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    try {
      return await this.bounded('readStream', async () => {
        const out: RecordedEvent[] = [];
        if (options.maxCount === 0) return out;
        const reader = this.client.readStream(stream, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision:
            options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
          maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
          deadline: this.timeoutMs,
        });
        for await (const resolved of reader) {
          if (resolved.event) out.push(fromKurrent(resolved.event, resolved.commitPosition));
        }
        return out;
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw this.translate(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.fromPosition ?? 0;
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    try {
      return await this.bounded('readAll', async () => {
        const out: RecordedEvent[] = [];
        if (maxCount === 0) return out;
        const reader = this.client.readAll({
          direction: FORWARDS,
          // Positions are inclusive on the server; the port's are exclusive: skip the first.
          fromPosition: after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) },
          maxCount: Math.min(maxCount + 1, Number.MAX_SAFE_INTEGER),
          filter: excludeSystemEvents(),
          deadline: this.timeoutMs,
        });
        for await (const resolved of reader as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (!event || event.streamId.startsWith('$')) continue;
          const recorded = fromKurrent(event, resolved.commitPosition ?? event.position.commit);
          if (recorded.position <= after) continue;
          out.push(recorded);
          if (out.length >= maxCount) break;
        }
        return out;
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  async headPosition(): Promise<number> {
    try {
      return await this.bounded('headPosition', async () => {
        const reader = this.client.readAll({
          direction: BACKWARDS,
          fromPosition: END,
          maxCount: 1,
          filter: excludeSystemEvents(),
          deadline: this.timeoutMs,
        });
        for await (const resolved of reader as AsyncIterable<AllStreamResolvedEvent>) {
          if (resolved.event) return Number(resolved.commitPosition ?? resolved.event.position.commit);
        }
        return 0;
      });
    } catch (error) {
      throw this.translate(error);
    }
  }

  subscribeToAll(fromPosition: number, handler: SubscriptionHandler): Subscription {
    const subscription = new CatchUpSubscription(
      fromPosition,
      handler,
      (after, max) => this.readAll({ fromPosition: after, maxCount: max }),
      this.pollIntervalMs,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.bounded('dispose', () => this.client.dispose()).catch(() => undefined);
  }

  /** Races a client call against our own timer: the client's deadline alone does not stop a hang. */
  private bounded<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new EventStoreUnavailableError(`KurrentDB did not answer ${what} within ${this.timeoutMs} ms`),
          ),
        this.timeoutMs,
      );
    });
    return Promise.race([call(), timeout]).finally(() => clearTimeout(timer));
  }

  private translate(error: unknown): Error {
    if (error instanceof EventStoreError) return error;
    return new EventStoreUnavailableError(
      `KurrentDB call failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}

function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function fromKurrent(event: KurrentRecorded, commitPosition: bigint | undefined): RecordedEvent {
  return {
    id: event.id,
    stream: event.streamId,
    revision: Number(event.revision),
    position: Number(commitPosition ?? event.position?.commit ?? 0n),
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
  };
}
