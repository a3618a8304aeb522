import type Database from 'better-sqlite3';
import type { LogFeed, ProjectedEvent, Subscription } from '@sg/event-store';
import type { OutboxStatus, Projection } from './projection';
import { forgetStatements, setReadBarrier } from './statement-cache';

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
  caughtUp: boolean;
  error?: string;
  /** A process manager's appends still to make. */
  outbox?: OutboxStatus;
}

/** Projections fed by one subscription: the log is read and parsed once for all of them. */
interface Group {
  subscription: Subscription | undefined;
  members: Set<Running>;
  /**
   * A group started from position 0 loads in bulk until it first catches up: one transaction per
   * batch for all its members, their secondary indexes dropped until the load is over.
   */
  bulk: boolean;
  /** Live events the lingering members have not applied yet, oldest first (ADR 0049). */
  pending: ProjectedEvent[];
  pendingTypes: Set<string>;
  /** Applies `pending` to the lingering members now. */
  flush: () => void;
  timer: NodeJS.Timeout | undefined;
  /** The subscription said it reached the head after its last batch. */
  atHead: boolean;
}

interface Running {
  projection: Projection;
  group: Group;
  /** What waiters see: during a bulk load it stays put until the indexes are back. */
  position: number;
  /** The last position applied (and checkpointed). */
  applied: number;
  caughtUp: boolean;
  error?: string;
  /** Applied as each live batch arrives, never lingering (see `ProjectionRunnerOptions`). */
  eager: boolean;
}

interface Waiter {
  position: number;
  /** Waits only for the eager members (a command's answer), not for those that linger. */
  answer: boolean;
  resolve(reached: boolean): void;
  timer: NodeJS.Timeout;
}

export interface ProjectionRunnerOptions {
  /**
   * Live batches of the projections no answer waits for are applied this many ms after they
   * arrive, several commits in one transaction, or at once when a read of their tables or a
   * waiter needs them (ADR 0049). 0 (the default): every live batch is applied as it arrives.
   */
  lingerMs?: number;
  /**
   * Projections applied as each batch arrives even when others linger: those a write reads on its
   * way in (the users projection, which authentication reads). Process managers an answer waits
   * for (with `settle`) are always eager.
   */
  eager?: readonly string[];
}

/**
 * Runs the projections from their stored checkpoints. Projections that start from the same
 * position share one catch-up subscription (on a fresh file, or after a clean stop, that is all
 * of them), so the log is read and parsed once, not once per projection. Each projection still
 * applies a batch and moves its checkpoint in a savepoint of its own inside one transaction per
 * batch for the whole group, and one that fails stops alone: its savepoint is rolled back, it
 * leaves the group, keeps its position, and reports its error.
 *
 * From position 0 (a new file, a new version, a rebuild) a group loads in bulk: each batch goes
 * into one transaction for all the group's projections (each still in a savepoint of its own, so
 * one that fails still stops alone), and secondary indexes are dropped for the load and created
 * again, by the projection's own `migrate`, once the group has caught up or stops. Waiters see
 * the group's position only then. Projections therefore read, in `apply`, only through primary
 * keys and unique constraints (see `Projection`).
 */
export class ProjectionRunner {
  private readonly running = new Map<string, Running>();
  private waiters: Waiter[] = [];
  private readonly committedListeners = new Set<(position: number) => void>();
  private readonly readCheckpoint: Database.Statement<[string], { version: number; position: number }>;
  private readonly writeCheckpoint: Database.Statement<[string, number, number]>;
  private readonly moveCheckpoints: Database.Statement<[number, string]>;
  private readonly lingerMs: number;
  private readonly eagerNames: ReadonlySet<string>;
  /** Groups with live events their lingering members have not applied yet. */
  private readonly pendingGroups = new Set<Group>();
  /** True while a batch is being applied: reads made by projections themselves wait for nothing. */
  private applying = false;
  /** The lingering projections, each with the pattern that finds its tables in a statement's SQL. */
  private readonly lingering: { projection: Projection; tables: RegExp }[];

  constructor(
    private readonly store: LogFeed,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly onError: (projection: string, error: unknown) => void = () => undefined,
    options: ProjectionRunnerOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? 0;
    this.eagerNames = new Set(options.eager ?? []);
    this.lingering = projections
      .filter((projection) => !this.isEager(projection))
      .map((projection) => ({
        projection,
        tables: new RegExp(`(^|[^A-Za-z0-9_])${projection.tablePrefix}`),
      }));
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
    // Every running projection has its row (written by `reset`, or found at `start`).
    this.moveCheckpoints = db.prepare(
      'UPDATE projection_checkpoints SET position = ? WHERE name IN (SELECT value FROM json_each(?))',
    );
    if (this.lingerMs > 0) {
      setReadBarrier(db, {
        statement: (sql) => this.barrierFor(sql),
        projection: (name) => {
          const projection = this.projections.find((p) => p.name === name);
          if (projection && !this.isEager(projection)) this.catchUp(projection.eventTypes);
        },
      });
    }
  }

  private isEager(projection: Projection): boolean {
    return this.lingerMs === 0 || this.eagerNames.has(projection.name) || projection.settle !== undefined;
  }

  /**
   * What a statement reading the read models must wait for: the lingering projections whose
   * tables it names applied up to every live event that concerns them. Nothing for a statement on
   * eager projections' tables only. (A read of a checkpoint says which projection it depends on:
   * `beforeReading`.)
   */
  private barrierFor(sql: string): (() => void) | undefined {
    const named = this.lingering.filter(({ tables }) => tables.test(sql)).map(({ projection }) => projection);
    if (named.length === 0) return undefined;
    const types = named.some((p) => !p.eventTypes)
      ? undefined
      : new Set(named.flatMap((p) => [...p.eventTypes!]));
    return () => this.catchUp(types);
  }

  /**
   * Applies at once the live events lingering projections hold back (all of them, or only when
   * one of them is of `types`). Reads call it through the barrier; a projection's own reads while
   * a batch applies do not.
   */
  catchUp(types?: ReadonlySet<string>): void {
    if (this.pendingGroups.size === 0 || this.applying) return;
    for (const group of [...this.pendingGroups]) if (!types || heldBack(group, types)) group.flush();
  }

  /** Starts every projection; one whose stored version differs from its code is rebuilt first. */
  start(): void {
    const byPosition = new Map<number, Projection[]>();
    for (const projection of this.projections) {
      const stored = this.readCheckpoint.get(projection.name);
      if (!stored || stored.version !== projection.version) this.reset(projection);
      else projection.migrate(this.db);
      const from = stored && stored.version === projection.version ? stored.position : 0;
      byPosition.set(from, [...(byPosition.get(from) ?? []), projection]);
    }
    for (const [from, projections] of byPosition) this.subscribe(projections, from);
    for (const projection of this.projections) projection.afterCommit?.();
  }

  async stop(): Promise<void> {
    const groups = new Set([...this.running.values()].map((r) => r.group));
    await Promise.all([...groups].map((g) => g.subscription?.stop() ?? Promise.resolve()));
    // What lingered is applied before the process goes (a crash would leave it to the next start).
    for (const group of groups) group.flush();
    for (const group of groups) if (group.bulk) this.endBulk(group);
    await Promise.all(this.projections.map((p) => p.stop?.() ?? Promise.resolve()));
    this.running.clear();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters = [];
  }

  /** Drops a projection's rows and checkpoint and replays the whole log into it. */
  async rebuild(name: string): Promise<void> {
    await this.rebuildAll([name]);
  }

  /** Rebuilds the named projections together: one read of the log feeds all of them. */
  async rebuildAll(names: readonly string[]): Promise<void> {
    const projections = names.map((name) => {
      const projection = this.projections.find((p) => p.name === name);
      if (!projection) throw new Error(`Unknown projection: ${name}`);
      return projection;
    });
    for (const projection of projections) await this.detach(projection.name);
    for (const projection of projections) this.reset(projection);
    this.subscribe(projections, 0);
  }

  /** Takes a projection out of its group; the group's subscription stops with its last member. */
  private async detach(name: string): Promise<void> {
    const running = this.running.get(name);
    if (!running) return;
    running.group.members.delete(running);
    this.running.delete(name);
    if (running.group.members.size === 0) {
      clearTimeout(running.group.timer);
      this.pendingGroups.delete(running.group);
      await running.group.subscription?.stop();
    }
    if (running.group.bulk) running.projection.migrate(this.db);
  }

  /**
   * Drops the secondary indexes of a projection's tables (but those it keeps during a load); its
   * `migrate` creates them again.
   */
  private dropSecondaryIndexes(projection: Projection): void {
    const indexes = this.db
      .prepare<[string, string], { name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
           AND upper(sql) NOT LIKE 'CREATE UNIQUE%' AND substr(tbl_name, 1, length(?)) = ?`,
      )
      .all(projection.tablePrefix, projection.tablePrefix)
      .filter(({ name }) => !projection.indexesKeptDuringLoad?.includes(name));
    if (indexes.length === 0) return;
    forgetStatements(this.db);
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name}"`);
  }

  /** A projection stopped by its error keeps what it has, with its indexes. */
  private restoreIndexes(projection: Projection): void {
    try {
      projection.migrate(this.db);
    } catch (error) {
      this.onError(projection.name, error);
    }
  }

  /** The bulk load is over: indexes back (each projection's `migrate`), positions visible. */
  private endBulk(group: Group): void {
    group.bulk = false;
    this.db.transaction(() => {
      for (const state of group.members) state.projection.migrate(this.db);
    })();
    for (const state of group.members) state.position = state.applied;
  }

  status(): ProjectionStatus[] {
    return this.projections.map((p) => {
      const r = this.running.get(p.name);
      return {
        name: p.name,
        version: p.version,
        position: r?.applied ?? this.readCheckpoint.get(p.name)?.position ?? 0,
        caughtUp: r?.caughtUp ?? false,
        ...(r?.error ? { error: r.error } : {}),
        ...(r && p.outbox ? { outbox: p.outbox() } : {}),
      };
    });
  }

  /**
   * Calls `listener` after projections commit a batch (once a bulk load is over): what a live
   * feed waits on instead of polling the database. A listener that throws stops nothing: its
   * error goes to `onError` under the name `committed-listener`.
   */
  onCommitted(listener: (position: number) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  private notifyCommitted(): void {
    const position = this.lowestPosition();
    for (const listener of this.committedListeners) {
      try {
        listener(position);
      } catch (error) {
        this.onError('committed-listener', error);
      }
    }
  }

  /** The lowest position every projection (or, for an answer, every eager one) has reached. */
  lowestPosition(answer = false): number {
    let lowest = Number.POSITIVE_INFINITY;
    for (const r of this.running.values()) if (!answer || r.eager) lowest = Math.min(lowest, r.position);
    return lowest === Number.POSITIVE_INFINITY ? 0 : lowest;
  }

  /**
   * Resolves true once every projection has applied `position`, and every process manager has
   * appended what the log up to it caused and the projections have applied that too (an answer
   * to a final approval shows the progress it records); false after `timeoutMs`. Lingering
   * projections are brought up to date at once.
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.waitUntil(position, timeoutMs, false);
  }

  /**
   * Resolves true once every projection has applied `position` (as `waitFor`), however long that
   * takes while they keep moving: false only after `stallMs` in which the lowest position did not
   * advance (a projection that failed, or a store that stopped answering). For a start-up, where a
   * projection rebuilt from zero on a large log may take minutes. `onProgress` hears each step.
   */
  async waitWhileMoving(
    position: number,
    stallMs: number,
    onProgress?: (reached: number) => void,
    stepMs = Math.min(stallMs, 5_000),
  ): Promise<boolean> {
    // What each has applied: during a load from zero its position moves only at the end.
    const lowestApplied = () => Math.min(...[...this.running.values()].map((r) => r.applied));
    let reached = lowestApplied();
    let movedAt = Date.now();
    while (!(await this.waitFor(position, stepMs))) {
      const now = lowestApplied();
      if (now > reached) {
        reached = now;
        movedAt = Date.now();
        onProgress?.(now);
      } else if (Date.now() - movedAt >= stallMs) return false;
    }
    return true;
  }

  /**
   * What a command's answer waits for (ADR 0049): the eager projections and the process managers
   * an answer waits for, as `waitFor` does; the lingering projections follow within `lingerMs`,
   * and any read of their tables brings them up to date first, so the writer's next read shows
   * the change. The same as `waitFor` when nothing lingers.
   */
  waitForAnswer(position: number, timeoutMs: number): Promise<boolean> {
    return this.waitUntil(position, timeoutMs, true);
  }

  private async waitUntil(position: number, timeoutMs: number, answer: boolean): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let target = position;
    // Reactions to reactions: a few rounds at most (none of today's managers reacts to another's).
    for (let round = 0; round < 4; round++) {
      if (!(await this.reach(target, deadline - Date.now(), answer))) return false;
      let next = target;
      for (const projection of this.projections) {
        if (!projection.settle || !this.running.has(projection.name)) continue;
        const settled = await projection.settle(target, deadline);
        if (settled === undefined) return false;
        next = Math.max(next, settled);
      }
      if (next === target) return true;
      target = next;
    }
    return this.reach(target, deadline - Date.now(), answer);
  }

  private reach(position: number, timeoutMs: number, answer: boolean): Promise<boolean> {
    if (this.lowestPosition(answer) >= position) return Promise.resolve(true);
    if (!answer) {
      this.catchUp();
      if (this.lowestPosition() >= position) return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        answer,
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

  private subscribe(projections: readonly Projection[], from: number): void {
    const group: Group = {
      subscription: undefined,
      members: new Set(),
      bulk: from === 0,
      pending: [],
      pendingTypes: new Set(),
      flush: () => undefined,
      timer: undefined,
      atHead: false,
    };
    if (group.bulk) for (const projection of projections) this.dropSecondaryIndexes(projection);
    const apply = new Map<Running, (events: ProjectedEvent[]) => void>();
    /** Whether a batch holds a type the member reads (every type, when it declares none). */
    const wants = (state: Running, events: readonly ProjectedEvent[]): boolean => {
      const types = state.projection.eventTypes;
      return !types || events.some((event) => types.has(event.type));
    };
    for (const projection of projections) {
      const state: Running = {
        projection,
        group,
        position: from,
        applied: from,
        caughtUp: false,
        eager: this.isEager(projection),
      };
      this.running.set(projection.name, state);
      group.members.add(state);
      const types = projection.eventTypes;
      const applyInSavepoint = this.db.transaction((events: ProjectedEvent[]) => {
        if (group.bulk && projection.applyBatch) projection.applyBatch(this.db, events);
        // `apply` ignores the types it does not declare: it is not called for them.
        else if (types) {
          for (const event of events) if (types.has(event.type)) projection.apply(this.db, event);
        } else for (const event of events) projection.apply(this.db, event);
      });
      // A batch with none of the types a projection reads costs it nothing but its checkpoint.
      apply.set(state, (events) => {
        if (wants(state, events)) applyInSavepoint(events);
      });
    }
    const fail = (state: Running, error: unknown) => {
      group.members.delete(state);
      state.error = error instanceof Error ? error.message : String(error);
      this.onError(state.projection.name, error);
      if (group.bulk) this.restoreIndexes(state.projection);
    };
    /**
     * Applies a batch to `members`, each in a savepoint of its own, then moves the checkpoints of
     * those that applied it in one statement, outside the savepoints: the checkpoint page is written
     * once per batch, not journaled once per projection. `along` are members already at the batch's
     * last position without applying it (eager ones it did not concern): their checkpoints move in
     * the same statement. Answers the members that applied it, for their after-commit hooks.
     */
    const applyAll = (events: ProjectedEvent[], members: readonly Running[], along: readonly Running[]) => {
      const last = events[events.length - 1].position;
      const applied: Running[] = [];
      for (const state of members) {
        if (!group.members.has(state)) continue;
        try {
          apply.get(state)!(events);
        } catch (error) {
          fail(state, error);
          continue;
        }
        state.applied = last;
        if (!group.bulk) state.position = last;
        state.caughtUp = false;
        applied.push(state);
      }
      const moved = [
        ...applied,
        ...along.filter((state) => group.members.has(state) && state.applied === last),
      ];
      if (moved.length > 0) {
        this.moveCheckpoints.run(last, JSON.stringify(moved.map((state) => state.projection.name)));
      }
      return applied;
    };
    // Inside it, each projection's own transaction is a savepoint: a failure rolls back its part.
    const inTransaction = this.db.transaction(applyAll);
    const applyAllAtOnce = (
      events: ProjectedEvent[],
      members: readonly Running[],
      along: readonly Running[] = [],
    ) => {
      this.applying = true;
      try {
        return inTransaction(events, members, along);
      } finally {
        this.applying = false;
      }
    };
    const committed = (applied: readonly Running[]) => {
      for (const state of applied) state.projection.afterCommit?.();
      this.releaseWaiters();
      if (!group.bulk && applied.length > 0) this.notifyCommitted();
    };
    /** The lingering members take what is pending, in one transaction (eager ones' checkpoints ride along). */
    group.flush = () => {
      clearTimeout(group.timer);
      group.timer = undefined;
      this.pendingGroups.delete(group);
      if (group.pending.length === 0) return;
      const events = group.pending;
      group.pending = [];
      group.pendingTypes = new Set();
      const members = [...group.members];
      try {
        const applied = applyAllAtOnce(
          events,
          members.filter((state) => !state.eager),
          members.filter((state) => state.eager),
        );
        for (const state of applied) state.caughtUp = group.atHead;
        committed(applied);
      } catch (error) {
        for (const state of [...group.members]) fail(state, error);
        void group.subscription?.stop();
      }
    };
    group.subscription = this.store.subscribeToAll(from, {
      onEvents: (events) => {
        group.atHead = false;
        if (group.bulk || this.lingerMs === 0) {
          // Live too: one commit for every member (fourteen commits of one page each cost a write's answer ~1 ms).
          committed(applyAllAtOnce(events, [...group.members], []));
          return;
        }
        const members = [...group.members];
        const last = events[events.length - 1].position;
        const eager = members.filter((state) => state.eager);
        const concerned = eager.filter((state) => wants(state, events));
        for (const state of eager) {
          if (concerned.includes(state)) continue;
          // Nothing in the batch for it: it stands at the batch's end (its checkpoint moves with a later commit).
          state.applied = last;
          state.position = last;
        }
        const applied = concerned.length > 0 ? applyAllAtOnce(events, concerned, []) : [];
        if (members.some((state) => !state.eager)) {
          for (const event of events) {
            group.pending.push(event);
            group.pendingTypes.add(event.type);
          }
          this.pendingGroups.add(group);
          // Someone waits for the whole log: no lingering then.
          if (this.waiters.some((waiter) => !waiter.answer)) group.flush();
          else if (!group.timer) {
            group.timer = setTimeout(group.flush, this.lingerMs);
            group.timer.unref?.();
          }
        }
        committed(applied);
      },
      onCaughtUp: (position) => {
        group.atHead = true;
        const wasBulk = group.bulk;
        if (group.bulk) this.endBulk(group);
        for (const state of group.members) {
          // A lingering member holding events back stands where it has applied.
          if (!state.eager && group.pending.length > 0) continue;
          state.applied = Math.max(state.applied, position);
          state.position = state.applied;
          state.caughtUp = true;
        }
        this.releaseWaiters();
        if (wasBulk) this.notifyCommitted();
      },
      onError: (error) => {
        for (const state of [...group.members]) fail(state, error);
      },
    });
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const lowest = this.lowestPosition();
    const lowestEager = this.lowestPosition(true);
    this.waiters = this.waiters.filter((waiter) => {
      if ((waiter.answer ? lowestEager : lowest) < waiter.position) return true;
      clearTimeout(waiter.timer);
      waiter.resolve(true);
      return false;
    });
  }
}

/** Whether a group holds back an event of one of `types`. */
function heldBack(group: Group, types: ReadonlySet<string>): boolean {
  for (const type of group.pendingTypes) if (types.has(type)) return true;
  return false;
}
