import Database from 'better-sqlite3';
import { preparePrivateSqliteFile } from './private-file';
import { ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError } from '../errors';
import type {
  AppendResult,
  ChainHead,
  ChainVerification,
  TamperEvidentLog,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ProjectedEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionHandler,
} from '../port';
import { CatchUpSubscription } from '../catch-up-subscription';
import { prepareAppend, type PreparedEvent } from '../validate-append';
import { EVENT_STORE_SCHEMA } from './schema';
import { chainLink, GENESIS_HASH, type StoredEvent } from './hash-chain';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteEventStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  file: string;
  /** FULL (the default) fsyncs every commit: an acknowledged append survives a power cut. */
  synchronous?: SqliteSynchronous;
  /** How often a subscription looks for events committed by another process (ms). */
  pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
}

interface PendingAppend {
  stream: string;
  expected: ExpectedRevision;
  events: PreparedEvent[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface EventRow extends StoredEvent {
  chain: string;
}

/** What a `RecordedEvent` needs of a row: not its link of the chain (a 64-character string per row). */
const RECORDED_COLUMNS = 'position, id, stream, revision, type, data, metadata';
/** A row of `RECORDED_COLUMNS` as an array (`raw` statements): one object per event fewer to build and collect. */
type RecordedRow = [number, string, string, number, string, string, string];

/**
 * One event of `readAllText`'s array: position, id, stream, revision, type, its data as stored,
 * and of its metadata only `[actor, time]`, the two fields projections read (`ProjectedMetadata`):
 * a fifth of the text less to hand over, and a third less time to parse it (ADR 0053). One
 * `json_extract` of both: SQLite parses the metadata once.
 */
const TEXT_ROW = `'[' || position || ',' || json_quote(id) || ',' || json_quote(stream) || ',' || revision || ','
  || json_quote(type) || ',' || data || ',' || json_extract(metadata, '$.actor', '$.time') || ']'`;

/** A stretch of the log as one JSON text (`SqliteEventStore.readAllText`). */
export interface LogText {
  /** The position it was read after. */
  after: number;
  /** Its last event's position (`after` when it has none). */
  last: number;
  count: number;
  text: string;
}

/**
 * The events of a `LogText`'s text, as `readAll` answers them but for their metadata, which
 * holds only what projections read of it (`ProjectedEvent`). Throws unless their positions
 * rise from after `after`: a text out of order, or not the one asked for, is never applied.
 */
export function eventsFromText(text: string, after: number): ProjectedEvent[] {
  const rows = JSON.parse(text) as [number, string, string, number, string, unknown, [string, string]][];
  const events = new Array<ProjectedEvent>(rows.length);
  let last = after;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!(row[0] > last)) throw new Error(`events out of order: position ${row[0]} after ${last}`);
    last = row[0];
    events[i] = {
      id: row[1],
      stream: row[2],
      revision: row[3],
      position: row[0],
      type: row[4],
      data: row[5],
      metadata: { actor: row[6][0], time: row[6][1] },
    };
  }
  return events;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

function toRecorded(row: RecordedRow): RecordedEvent {
  return {
    id: row[1],
    stream: row[2],
    revision: row[3],
    position: row[0],
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as RecordedEvent['metadata'],
  };
}

/**
 * The embedded event store. One connection, one writer: appends that arrive while the event loop
 * is busy are queued and committed together in one transaction (one fsync), each inside its own
 * savepoint so a conflicting append fails alone. SQLite serialises write transactions, so rowid
 * order is commit order, even with a second process writing the same file.
 */
export class SqliteEventStore implements EventStore, TamperEvidentLog {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private beforeCommit: (() => void)[] = [];
  private closed = false;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pollIntervalMs: number;
  /** Last link of the hash chain, valid inside a write transaction. */
  private tip: ChainHead = { position: 0, hash: GENESIS_HASH };

  private readonly statements: {
    currentRevision: Database.Statement<[string], { revision: number }>;
    findById: Database.Statement<[string], { stream: string; revision: number; position: number }>;
    insert: Database.Statement<[number, string, string, number, string, string, string, string]>;
    tip: Database.Statement<[], { position: number; chain: string }>;
    allRows: Database.Statement<[], EventRow>;
    readForwards: Database.Statement<[string, number, number], RecordedRow>;
    readBackwards: Database.Statement<[string, number, number], RecordedRow>;
    readAll: Database.Statement<[number, number], RecordedRow>;
    readText: Database.Statement<[number, number], [number | null, number, string | null]>;
    nextPosition: Database.Statement<[number, number], { next: number | null }>;
    head: Database.Statement<[], { head: number }>;
  };
  private readonly appendOneInSavepoint: (pending: PendingAppend) => AppendResult;
  /** One write transaction (BEGIN IMMEDIATE) for a batch of appends, each in a savepoint of its own. */
  private readonly commitBatch: (batch: PendingAppend[], outcomes: Outcome[]) => void;

  constructor(options: SqliteEventStoreOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.db = new Database(preparePrivateSqliteFile(options.file));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Each append of a group commit is a savepoint whose undo pages SQLite otherwise writes to a
    // temporary file created and deleted per commit; they are a few pages, and a commit's
    // durability does not depend on them.
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(EVENT_STORE_SCHEMA);
    this.statements = {
      currentRevision: this.db.prepare(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      findById: this.db.prepare('SELECT stream, revision, position FROM events WHERE id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (position, id, stream, revision, type, data, metadata, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      tip: this.db.prepare('SELECT position, chain FROM events ORDER BY position DESC LIMIT 1'),
      allRows: this.db.prepare('SELECT * FROM events ORDER BY position ASC'),
      readForwards: this.db
        .prepare<[string, number, number], RecordedRow>(
          `SELECT ${RECORDED_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
        )
        .raw(true),
      readBackwards: this.db
        .prepare<[string, number, number], RecordedRow>(
          `SELECT ${RECORDED_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        )
        .raw(true),
      readAll: this.db
        .prepare<[number, number], RecordedRow>(
          `SELECT ${RECORDED_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`,
        )
        .raw(true),
      // A range of rowids is read in rowid order (`eventsFromText` checks it), without the sort
      // an ORDER BY inside the aggregate costs (0.5 s a million events).
      readText: this.db
        .prepare<[number, number], [number | null, number, string | null]>(
          `SELECT max(position), count(*), '[' || group_concat(${TEXT_ROW}, ',') || ']'
             FROM events WHERE position > ? AND position <= ?`,
        )
        .raw(true),
      nextPosition: this.db.prepare(
        'SELECT min(position) AS next FROM events WHERE position > ? AND position <= ?',
      ),
      head: this.db.prepare('SELECT coalesce(max(position), 0) AS head FROM events'),
    };
    // A nested better-sqlite3 transaction runs as a SAVEPOINT and rolls back to it on throw.
    this.appendOneInSavepoint = this.db.transaction((pending: PendingAppend) => this.appendOne(pending));
    const commitBatch = this.db.transaction((batch: PendingAppend[], outcomes: Outcome[]) => {
      outcomes.length = 0;
      // Read under the write lock: another process may have appended since our last commit.
      const last = this.statements.tip.get();
      this.tip = last ? { position: last.position, hash: last.chain } : { position: 0, hash: GENESIS_HASH };
      for (const pending of batch) {
        const tipBefore = this.tip;
        try {
          outcomes.push({ ok: true, result: this.appendOneInSavepoint(pending) });
        } catch (error) {
          this.tip = tipBefore;
          outcomes.push({ ok: false, error });
        }
      }
    });
    this.commitBatch = (batch, outcomes) => commitBatch.immediate(batch, outcomes);
  }

  async append(
    stream: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (this.closed) throw new EventStoreUnavailableError('Event store is closed');
    const prepared = prepareAppend(stream, events, expectedRevision);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, expected: expectedRevision, events: prepared, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  beforeNextCommit(hook: () => void): void {
    this.beforeCommit.push(hook);
  }

  /** Commits every queued append in one transaction, then answers each one. */
  private flush(): void {
    // Appends made by these hooks join this batch (no second flush is scheduled yet).
    const hooks = this.beforeCommit;
    this.beforeCommit = [];
    for (const hook of hooks) {
      try {
        hook();
      } catch {
        // A hook's failure is its own: the appends queued by others still commit.
      }
    }
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      this.commitBatch(batch, outcomes);
    } catch (error) {
      // The commit itself failed (disk full, lock timeout): nothing of the batch was written.
      const failure = new EventStoreUnavailableError('写入事件存储失败', error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (outcomes.some((o) => o.ok)) for (const subscription of this.subscriptions) subscription.notify();
  }

  private appendOne({ stream, expected, events }: PendingAppend): AppendResult {
    const current = this.statements.currentRevision.get(stream)?.revision;

    const found = events.map((event) => this.statements.findById.get(event.id));
    const alreadyWritten = found.filter((row) => row !== undefined);
    if (alreadyWritten.length > 0) {
      return this.idempotentResult(stream, expected, events, found);
    }

    const conflict =
      (expected === 'no-stream' && current !== undefined) ||
      (expected === 'stream-exists' && current === undefined) ||
      (typeof expected === 'number' && current !== expected);
    if (conflict) throw new ConcurrencyError(stream, expected, current ?? 'no-stream');

    let revision = current ?? -1;
    for (const event of events) {
      revision += 1;
      const row = { ...event, position: this.tip.position + 1, stream, revision };
      const chain = chainLink(this.tip.hash, row);
      this.statements.insert.run(
        row.position,
        row.id,
        stream,
        revision,
        row.type,
        row.data,
        row.metadata,
        chain,
      );
      this.tip = { position: row.position, hash: chain };
    }
    return { nextExpectedRevision: revision, position: this.tip.position };
  }

  /**
   * A retry of an append that was already committed: the same ids, in the same order, in the same
   * stream, right after the revision the first attempt expected. Anything else is refused.
   */
  private idempotentResult(
    stream: string,
    expected: ExpectedRevision,
    events: PreparedEvent[],
    found: ({ stream: string; revision: number; position: number } | undefined)[],
  ): AppendResult {
    const rows = found.filter((row) => row !== undefined);
    const first = rows[0];
    const sameBatch =
      rows.length === events.length &&
      rows.every((row, i) => row.stream === stream && row.revision === first.revision + i);
    const sameExpectation =
      expected === 'any' ||
      expected === 'stream-exists' ||
      (expected === 'no-stream' && first.revision === 0) ||
      (typeof expected === 'number' && first.revision === expected + 1);
    if (!sameBatch || !sameExpectation) {
      throw new DuplicateEventIdError(
        stream,
        events.filter((_, i) => found[i] !== undefined).map((event) => event.id),
      );
    }
    const last = rows[rows.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? -1;
    const rows =
      options.direction === 'backwards'
        ? this.statements.readBackwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.statements.readForwards.all(stream, options.fromRevision ?? 0, limit);
    return Promise.resolve(rows.map(toRecorded));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return Promise.resolve(this.readAllSync(options.fromPosition ?? 0, options.maxCount ?? -1));
  }

  private readAllSync(fromPosition: number, maxCount: number): RecordedEvent[] {
    return this.statements.readAll.all(fromPosition, maxCount).map(toRecorded);
  }

  /**
   * The events after `after`, up to `upTo` and at most `maxCount` of them, as one JSON text
   * (`eventsFromText` makes them `ProjectedEvent`s): what one thread reads for two (ADR 0051). A
   * string is copied to another thread in one piece and parsed in one call; the same events as
   * rows would be seven values each to copy, and two texts each to parse.
   */
  readAllText(after: number, upTo: number, maxCount: number): LogText {
    let from = after;
    for (;;) {
      const [last, count, text] = this.statements.readText.get(from, Math.min(upTo, from + maxCount))!;
      if (count > 0) return { after, last: last!, count, text: text! };
      // Positions are consecutive; should one be missing, the read goes on at the next.
      const next = this.statements.nextPosition.get(from, upTo)!.next;
      if (next === null) return { after, last: after, count: 0, text: '[]' };
      from = next - 1;
    }
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.statements.head.get()!.head);
  }

  chainHead(): Promise<ChainHead | null> {
    const last = this.statements.tip.get();
    return Promise.resolve(last ? { position: last.position, hash: last.chain } : null);
  }

  /**
   * Walks the log in position order, recomputing every link from the stored bytes. Positions are
   * consecutive from 1 (rows are never deleted), so a gap is a deleted event.
   */
  verifyChain(expected?: ChainHead): Promise<ChainVerification> {
    let previous = GENESIS_HASH;
    let checked = 0;
    let head: ChainHead | null = null;
    const fail = (
      firstBadPosition: number,
      problem: ChainVerification['problem'],
    ): Promise<ChainVerification> => Promise.resolve({ ok: false, checked, head, firstBadPosition, problem });
    for (const row of this.statements.allRows.iterate()) {
      const position = checked + 1;
      if (row.position !== position) return fail(position, 'missing-event');
      if (chainLink(previous, row) !== row.chain) return fail(position, 'hash-mismatch');
      previous = row.chain;
      head = { position, hash: row.chain };
      checked++;
      if (expected && position === expected.position && row.chain !== expected.hash) {
        return fail(position, 'head-mismatch');
      }
    }
    if (expected && checked < expected.position) return fail(checked + 1, 'missing-event');
    return Promise.resolve({ ok: true, checked, head });
  }

  subscribeToAll(fromPosition: number, handler: SubscriptionHandler): Subscription {
    const subscription = new CatchUpSubscription(
      fromPosition,
      handler,
      (after, max) => Promise.resolve(this.readAllSync(after, max)),
      this.pollIntervalMs,
      () => this.subscriptions.delete(subscription),
      true,
    );
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.queue.length > 0) this.flush();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.db.close();
  }
}
