import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';

/**
 * A read model fed from the global log. `apply` runs inside the transaction that also moves the
 * projection's checkpoint, so rows and checkpoint never disagree. Bumping `version` makes the
 * runner rebuild the projection from zero at the next start.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /**
   * Every table the projection creates starts with this prefix; a rebuild drops them all, so a
   * table added later can never be left behind with stale rows.
   */
  readonly tablePrefix: string;
  /** Creates the projection's tables (idempotent). */
  migrate(db: Database.Database): void;
  /**
   * Reads the projection's tables only through primary keys and unique constraints: a load from
   * zero runs without the secondary indexes (created again by `migrate` when it is over). Of the
   * event's metadata it reads the actor and the time only: a rebuild reads no more (ADR 0053). A
   * process manager, fed whole events by the store, is never rebuilt. A property, not a method:
   * TypeScript checks a method's parameters both ways, and would let an `apply` that takes a
   * whole `RecordedEvent` through.
   */
  readonly apply: (db: Database.Database, event: ProjectedEvent) => void;
  /**
   * Secondary indexes left in place during a load from zero: those whose entries arrive nearly in
   * their order (a time, a type of a few). Kept up batch by batch, they cost about what building
   * them at the end does, but during the load, where a load on two threads has the other thread
   * working, not at its end, where nothing runs beside it (ADR 0051).
   */
  readonly indexesKeptDuringLoad?: readonly string[];
  /**
   * The event types `apply` reads, when it ignores every other: the runner does not hand it a
   * batch with none of them (its checkpoint still moves). Absent: every type may matter.
   */
  readonly eventTypes?: ReadonlySet<string>;
  /**
   * The same as `apply` on each event in turn, for a whole batch of a load from zero (the runner
   * uses it only then; the live path applies event by event). Leaves the tables exactly as `apply`
   * would: the rebuild-equals-incremental test holds it to that.
   */
  readonly applyBatch?: (db: Database.Database, events: readonly ProjectedEvent[]) => void;
  /** Called after each committed batch, and once at start (a process manager appends what it asked for). */
  afterCommit?(): void;
  /** What a process manager still has to append. */
  outbox?(): OutboxStatus;
  /**
   * A process manager: resolves once what the log up to `position` caused is appended, with a
   * log position that covers it; undefined when `deadline` (epoch ms) passes first.
   */
  settle?(position: number, deadline: number): Promise<number | undefined>;
  /** Called when the runner stops, before the database closes. */
  stop?(): Promise<void>;
}

export interface OutboxStatus {
  pending: number;
  oldestPendingAt: string | null;
  /** Why the last append failed, while something is still pending. */
  lastError?: string;
  /** Causes the manager's rules refused: kept in its tables, nothing appended for them. */
  refused?: number;
}
