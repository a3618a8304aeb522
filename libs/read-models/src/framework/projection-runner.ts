import type Database from 'better-sqlite3';
import type { EventStore, RecordedEvent, Subscription } from '@sg/event-store';
import type { Projection } from './projection';
import { forgetStatements } from './statement-cache';

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
  caughtUp: boolean;
  error?: string;
}

interface Running {
  projection: Projection;
  subscription: Subscription | undefined;
  position: number;
  caughtUp: boolean;
  error?: string;
}

interface Waiter {
  position: number;
  resolve(reached: boolean): void;
  timer: NodeJS.Timeout;
}

/**
 * Runs each projection on its own catch-up subscription from its stored checkpoint. A batch of
 * events and the new checkpoint commit in one transaction.
 */
export class ProjectionRunner {
  private readonly running = new Map<string, Running>();
  private waiters: Waiter[] = [];
  private readonly readCheckpoint: Database.Statement<[string], { version: number; position: number }>;
  private readonly writeCheckpoint: Database.Statement<[string, number, number]>;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly onError: (projection: string, error: unknown) => void = () => undefined,
  ) {
    const names = new Set(projections.map((p) => p.name));
    if (names.size !== projections.length) throw new Error('Projection names must be unique');
    for (const a of projections) {
      for (const b of projections) {
        if (a !== b && b.tablePrefix.startsWith(a.tablePrefix)) {
          throw new Error(`Table prefix ${a.tablePrefix} of ${a.name} also covers ${b.name}'s tables`);
        }
      }
    }
    this.readCheckpoint = db.prepare('SELECT version, position FROM projection_checkpoints WHERE name = ?');
    this.writeCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
    );
  }

  /** Starts every projection; one whose stored version differs from its code is rebuilt first. */
  start(): void {
    for (const projection of this.projections) {
      const stored = this.readCheckpoint.get(projection.name);
      if (!stored || stored.version !== projection.version) this.reset(projection);
      else projection.migrate(this.db);
      this.subscribe(projection, stored && stored.version === projection.version ? stored.position : 0);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.subscription?.stop() ?? Promise.resolve()));
    this.running.clear();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
  }

  /** Drops a projection's rows and checkpoint and replays the whole log into it. */
  async rebuild(name: string): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection: ${name}`);
    await this.running.get(name)?.subscription?.stop();
    this.reset(projection);
    this.subscribe(projection, 0);
  }

  status(): ProjectionStatus[] {
    return this.projections.map((p) => {
      const r = this.running.get(p.name);
      return {
        name: p.name,
        version: p.version,
        position: r?.position ?? this.readCheckpoint.get(p.name)?.position ?? 0,
        caughtUp: r?.caughtUp ?? false,
        ...(r?.error ? { error: r.error } : {}),
      };
    });
  }

  /** The lowest position every projection has reached. */
  lowestPosition(): number {
    const positions = [...this.running.values()].map((r) => r.position);
    return positions.length === 0 ? 0 : Math.min(...positions);
  }

  /** Resolves true once every projection has applied `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.lowestPosition() >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private reset(projection: Projection): void {
    this.db.transaction(() => {
      const tables = this.db
        .prepare<[string, string], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length(?)) = ?",
        )
        .all(projection.tablePrefix, projection.tablePrefix);
      forgetStatements(this.db);
      for (const { name } of tables) this.db.exec(`DROP TABLE "${name}"`);
      projection.migrate(this.db);
      this.writeCheckpoint.run(projection.name, projection.version, 0);
    })();
  }

  private subscribe(projection: Projection, from: number): void {
    const state: Running = { projection, subscription: undefined, position: from, caughtUp: false };
    this.running.set(projection.name, state);
    const applyBatch = this.db.transaction((events: RecordedEvent[]) => {
      for (const event of events) projection.apply(this.db, event);
      this.writeCheckpoint.run(projection.name, projection.version, events[events.length - 1].position);
    });
    state.subscription = this.store.subscribeToAll(from, {
      onEvents: (events) => {
        applyBatch(events);
        state.position = events[events.length - 1].position;
        state.caughtUp = false;
        this.releaseWaiters();
      },
      onCaughtUp: (position) => {
        state.position = Math.max(state.position, position);
        state.caughtUp = true;
        this.releaseWaiters();
      },
      onError: (error) => {
        state.error = error instanceof Error ? error.message : String(error);
        this.onError(projection.name, error);
      },
    });
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const lowest = this.lowestPosition();
    this.waiters = this.waiters.filter((waiter) => {
      if (lowest < waiter.position) return true;
      clearTimeout(waiter.timer);
      waiter.resolve(true);
      return false;
    });
  }
}
