import type Database from 'better-sqlite3';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from '@sg/event-store';
import type { OutboxStatus, Projection } from './projection';
import { statement } from './statement-cache';

/** One event a process manager must append, to a stream of its own that must not exist yet. */
export interface Intent {
  /** Derived from what caused it (rule, subject, transition): the same cause always names the same stream. */
  stream: string;
  event: NewEvent;
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
  private stopped = false;
  private lastError: string | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly manager: ProcessManager,
    private readonly options: ProcessManagerOptions = DEFAULT_PROCESS_MANAGER_OPTIONS,
  ) {
    this.outbox = `${manager.tablePrefix}outbox`;
    const migrate = (db: Database.Database) => {
      manager.migrate(db);
      db.exec(`CREATE TABLE IF NOT EXISTS ${this.outbox} (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL UNIQUE, event TEXT NOT NULL,
        created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT)`);
    };
    this.projection = {
      name: manager.name,
      version: manager.version,
      tablePrefix: manager.tablePrefix,
      migrate,
      apply: (db, event) => this.apply(db, event),
      afterCommit: () => this.kick(),
      outbox: () => this.status(),
      stop: () => this.stop(),
    };
  }

  private apply(db: Database.Database, event: RecordedEvent): void {
    const intents = this.manager.react(db, event);
    if (intents.length === 0) return;
    if (Date.now() - Date.parse(event.metadata.time) > this.options.horizonMs) return;
    const insert = statement<[string, string, string]>(
      db,
      `INSERT OR IGNORE INTO ${this.outbox} (stream, event, created_at) VALUES (?, ?, ?)`,
    );
    for (const intent of intents) {
      insert.run(intent.stream, JSON.stringify(intent.event), event.metadata.time);
    }
  }

  status(): OutboxStatus {
    const row = statement<[], { pending: number; oldest: string | null }>(
      this.db,
      `SELECT count(*) AS pending, min(created_at) AS oldest FROM ${this.outbox}`,
    ).get();
    return {
      pending: row?.pending ?? 0,
      oldestPendingAt: row?.oldest ?? null,
      ...(this.lastError && (row?.pending ?? 0) > 0 ? { lastError: this.lastError } : {}),
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
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }

  private fail(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(this.manager.name, error);
  }

  private async drain(): Promise<void> {
    const due = statement<[number, number], OutboxRow>(
      this.db,
      `SELECT seq, stream, event, attempts, created_at FROM ${this.outbox} WHERE next_at <= ? ORDER BY seq LIMIT ?`,
    );
    const done = statement<[number]>(this.db, `DELETE FROM ${this.outbox} WHERE seq = ?`);
    const retry = statement<[number, string, number]>(
      this.db,
      `UPDATE ${this.outbox} SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE seq = ?`,
    );
    for (;;) {
      const rows = due.all(Date.now(), BATCH);
      if (rows.length === 0 || this.stopped) break;
      // Appends issued together share one commit in the embedded store.
      await Promise.all(
        rows.map(async (row) => {
          try {
            await this.store.append(row.stream, [JSON.parse(row.event) as NewEvent], 'no-stream');
            done.run(row.seq);
          } catch (error) {
            // The stream exists: this intent was appended before (by this or another process).
            if (error instanceof ConcurrencyError) return void done.run(row.seq);
            const wait = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** row.attempts);
            retry.run(Date.now() + wait, error instanceof Error ? error.message : String(error), row.seq);
            this.fail(error);
          }
        }),
      );
    }
    const next = statement<[], { next: number | null }>(
      this.db,
      `SELECT min(next_at) AS next FROM ${this.outbox}`,
    ).get()?.next;
    if (next !== null && next !== undefined && !this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), Math.max(0, next - Date.now()));
      this.timer.unref();
    } else {
      this.lastError = undefined;
    }
  }
}
