import type Database from 'better-sqlite3';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from '@sg/event-store';
import type { OutboxStatus, Projection } from './projection';
import { statement } from './statement-cache';

/**
 * One event a process manager must append, exactly once: as the first event of a stream of its
 * own (`once: 'stream'`, the default), or with a derived id into a stream others write too
 * (`once: 'event'`: appended after the stream's last event unless that id is already there).
 */
export interface Intent {
  /** Derived from what caused it (rule, subject, transition): the same cause always names the same stream. */
  stream: string;
  event: NewEvent;
  once?: 'stream' | 'event';
}

/**
 * A reaction to the log: it folds the events it reads into tables of its own and says what must
 * be appended because of them. It never sends commands and never appends itself: its host keeps
 * the intents in an outbox written in the same transaction as its state and its checkpoint, and
 * appends each with expected revision `no-stream`, so a replay, a restart or a second process
 * running the same manager appends each intent once.
 */
export interface ProcessManager {
  readonly name: string;
  readonly version: number;
  /** Its tables, the outbox included (`<prefix>outbox`), start with this prefix. */
  readonly tablePrefix: string;
  migrate(db: Database.Database): void;
  /** Runs inside the transaction that moves the checkpoint: reads and writes only its own tables. */
  react(db: Database.Database, event: RecordedEvent): Intent[];
  /** The event types `react` reads, when it ignores every other (see `Projection.eventTypes`). */
  readonly eventTypes?: ReadonlySet<string>;
  /** How many causes its rules refused (shown in health); absent when it refuses none. */
  refused?(db: Database.Database): number;
}

export interface ProcessManagerOptions {
  /**
   * An event older than this causes nothing: rebuilding the manager from the log (a new version,
   * a new deployment) does not announce transitions of months ago.
   */
  horizonMs: number;
  /** The first retry of a failed append waits this long, doubling up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /**
   * Whether a command's answer waits until what this manager appends because of it is appended
   * and projected (true when absent). A manager whose appends change only what other people read
   * (notices) sets false: its appends follow within `lingerMs` plus a commit, shown as the
   * outbox's oldest pending intent in /api/health (ADR 0038).
   */
  answerWaits?: boolean;
  /**
   * Intents wait for the store's next commit of other appends, at most this long (ms), and join
   * it: no commit (no fsync) of their own while writes keep coming. Only for a manager nobody's
   * answer waits for.
   */
  lingerMs?: number;
  onError?: (manager: string, error: unknown) => void;
}

export const DEFAULT_PROCESS_MANAGER_OPTIONS: ProcessManagerOptions = {
  horizonMs: 3 * 86_400_000,
  backoffMs: 200,
  maxBackoffMs: 60_000,
};

const BATCH = 256;

interface OutboxRow {
  seq: number;
  stream: string;
  once: 'stream' | 'event';
  event: string;
  attempts: number;
  created_at: string;
}

/**
 * Runs a process manager as a projection of the projection runner (checkpoint, lag, rebuild and
 * failure reporting are the runner's), and appends what it asks for after each committed batch.
 * A failed append is retried with exponential back-off; the pending count, the oldest pending
 * intent and the last error show in the runner's status (and so in /api/health).
 */
export class ProcessManagerHost {
  readonly projection: Projection;
  private readonly outbox: string;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private lingering: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastError: string | undefined;
  /** The highest log position of an event this host appended (or found appended). */
  private appended = 0;
  private waiting: (() => void)[] = [];
  /**
   * Whether a committed batch may have left intents in the outbox: set by `apply`, and at start
   * for what an earlier run left. A batch that caused nothing costs no look at the outbox (failed
   * intents are retried by their own timer).
   */
  private mayHaveIntents = true;
  /** Whether an intent may be waiting for a retry (unknown at start): only then is the next retry looked up. */
  private retrying = true;
  /**
   * Lingering: intents appended but still in the outbox. They leave it in the next projection
   * batch's transaction (the one that projects what they appended), not in a commit of their own.
   */
  private appendedInOutbox: number[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly manager: ProcessManager,
    private readonly options: ProcessManagerOptions = DEFAULT_PROCESS_MANAGER_OPTIONS,
  ) {
    this.outbox = `${manager.tablePrefix}outbox`;
    if (options.lingerMs && options.answerWaits !== false) {
      throw new Error(`${manager.name}: intents linger only when no answer waits for them`);
    }
    const migrate = (db: Database.Database) => {
      manager.migrate(db);
      db.exec(`CREATE TABLE IF NOT EXISTS ${this.outbox} (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
        once TEXT NOT NULL, event TEXT NOT NULL, cause INTEGER NOT NULL, created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, last_error TEXT)`);
    };
    this.projection = {
      name: manager.name,
      version: manager.version,
      tablePrefix: manager.tablePrefix,
      migrate,
      // Fed by the store, whole events (a manager reads the correlation), never by a rebuild's
      // relayed log, which carries only what projections read (ADR 0053) and loads no manager.
      apply: (db, event) => this.apply(db, event as RecordedEvent),
      ...(manager.eventTypes ? { eventTypes: manager.eventTypes } : {}),
      afterCommit: () => {
        if (!this.mayHaveIntents) return;
        this.mayHaveIntents = false;
        this.due();
      },
      outbox: () => this.status(),
      ...(options.answerWaits === false
        ? {}
        : { settle: (position: number, deadline: number) => this.settle(position, deadline) }),
      stop: () => this.stop(),
    };
  }

  private apply(db: Database.Database, event: RecordedEvent): void {
    if (this.appendedInOutbox.length > 0) {
      this.remove(this.appendedInOutbox);
      this.appendedInOutbox = [];
    }
    const intents = this.manager.react(db, event);
    if (intents.length === 0) return;
    if (Date.now() - Date.parse(event.metadata.time) > this.options.horizonMs) return;
    this.mayHaveIntents = true;
    const insert = statement<[string, string, string, string, number, string]>(
      db,
      `INSERT OR IGNORE INTO ${this.outbox} (key, stream, once, event, cause, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const intent of intents) {
      const once = intent.once ?? 'stream';
      if (once === 'event' && !intent.event.id) {
        throw new Error(`${this.manager.name}: an intent into a shared stream needs a derived event id`);
      }
      const key = once === 'stream' ? intent.stream : `${intent.stream}\u0000${intent.event.id}`;
      insert.run(key, intent.stream, once, JSON.stringify(intent.event), event.position, event.metadata.time);
    }
  }

  status(): OutboxStatus {
    // Appended intents still in the outbox (lingering) are done: not pending.
    const row = statement<[string], { pending: number; oldest: string | null }>(
      this.db,
      `SELECT count(*) AS pending, min(created_at) AS oldest FROM ${this.outbox}
        WHERE seq NOT IN (SELECT value FROM json_each(?))`,
    ).get(JSON.stringify(this.appendedInOutbox));
    const refused = this.manager.refused?.(this.db) ?? 0;
    return {
      pending: row?.pending ?? 0,
      oldestPendingAt: row?.oldest ?? null,
      ...(this.lastError && (row?.pending ?? 0) > 0 ? { lastError: this.lastError } : {}),
      ...(refused > 0 ? { refused } : {}),
    };
  }

  /** Appends what is due now; runs again when asked while running, and at the next retry time. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.due();
        }
      });
  }

  /** Intents are due: appended now, or when lingering is over. */
  private due(): void {
    if (this.options.lingerMs) this.linger(this.options.lingerMs);
    else this.kick();
  }

  /**
   * Appends what is due with the store's next commit of other appends, or once `ms` have passed
   * without one: together with whatever else became due meanwhile.
   */
  private linger(ms: number): void {
    if (this.stopped || this.lingering) return;
    const go = () => {
      if (!this.lingering) return;
      clearTimeout(this.lingering);
      this.lingering = undefined;
      this.kick();
    };
    this.lingering = setTimeout(go, ms);
    this.store.beforeNextCommit?.(go);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.lingering);
    this.wake();
    await this.draining;
    this.remove(this.appendedInOutbox);
    this.appendedInOutbox = [];
  }

  /**
   * Takes appended intents out of the outbox. Left there by a crash, they are appended again at the
   * next start and found appended (the stream exists, or the event id is there).
   */
  private remove(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    const done = statement<[string]>(
      this.db,
      `DELETE FROM ${this.outbox} WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    done.run(JSON.stringify(seqs));
  }

  /**
   * Appends an event with a derived id to a shared stream unless it is there: read the stream,
   * append after its last event, and on a conflict look again. Returns the event's log position.
   */
  private async appendOnce(stream: string, event: NewEvent): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(stream);
      const found = history.find((e) => e.id === event.id);
      if (found) return found.position;
      const last = history[history.length - 1];
      try {
        return (await this.store.append(stream, [event], last ? last.revision : 'no-stream')).position;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= 10) throw error;
      }
    }
  }

  private reached(position: number): void {
    this.appended = Math.max(this.appended, position);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /**
   * Read-your-writes for reactions: resolves, once nothing caused by the log up to `position` is
   * left to append (an intent whose append failed is retried and surfaced, and waits for nobody), with a log position at or after everything this host appended; undefined
   * when `deadline` (epoch ms) passes first.
   */
  async settle(position: number, deadline: number): Promise<number | undefined> {
    const pending = statement<[number], { seq: number }>(
      this.db,
      `SELECT seq FROM ${this.outbox} WHERE cause <= ? AND attempts = 0 LIMIT 1`,
    );
    for (;;) {
      // Nothing applied since the last drain, and no drain running: no first attempt is pending.
      if (!this.mayHaveIntents && !this.draining) return this.appended;
      if (!pending.get(position)) return this.appended;
      const wait = deadline - Date.now();
      if (wait <= 0 || this.stopped) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(wait, 1_000));
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(this.manager.name, error);
  }

  private async drain(): Promise<void> {
    const due = statement<[number, number], OutboxRow>(
      this.db,
      `SELECT seq, stream, once, event, attempts, created_at FROM ${this.outbox} WHERE next_at <= ? ORDER BY seq LIMIT ?`,
    );
    const retry = statement<[number, string, number]>(
      this.db,
      `UPDATE ${this.outbox} SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE seq = ?`,
    );
    for (;;) {
      const taken = new Set(this.appendedInOutbox);
      const rows = due.all(Date.now(), BATCH).filter((row) => !taken.has(row.seq));
      if (rows.length === 0 || this.stopped) break;
      const finished: number[] = [];
      // Lingering, noted at once: the batch that projects the append usually takes it out.
      const appended = (seq: number) =>
        void (this.options.lingerMs ? this.appendedInOutbox.push(seq) : finished.push(seq));
      // Appends issued together share one commit in the embedded store.
      await Promise.all(
        rows.map(async (row) => {
          try {
            const event = JSON.parse(row.event) as NewEvent;
            this.reached(
              row.once === 'event'
                ? await this.appendOnce(row.stream, event)
                : (await this.store.append(row.stream, [event], 'no-stream')).position,
            );
            appended(row.seq);
          } catch (error) {
            // The stream exists: this intent was appended before (by this or another process).
            if (row.once === 'stream' && error instanceof ConcurrencyError) return appended(row.seq);
            const wait = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** row.attempts);
            retry.run(Date.now() + wait, error instanceof Error ? error.message : String(error), row.seq);
            this.retrying = true;
            this.fail(error);
          }
        }),
      );
      this.remove(finished);
      this.wake();
      // Lingering: what became due meanwhile waits for the next commit, not a commit of its own.
      if (this.options.lingerMs) break;
    }
    // Lingering, new intents wait for `linger`; this timer is for retries. What is left after a
    // drain and not due is an intent that failed before (new ones are due at once).
    const next = this.retrying
      ? statement<[], { next: number | null }>(
          this.db,
          `SELECT min(next_at) AS next FROM ${this.outbox}${this.options.lingerMs ? ' WHERE attempts > 0' : ''}`,
        ).get()?.next
      : null;
    if (next === null || next === undefined) this.retrying = false;
    if (next !== null && next !== undefined && !this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), Math.max(0, next - Date.now()));
      this.timer.unref();
    } else {
      this.lastError = undefined;
    }
  }
}
