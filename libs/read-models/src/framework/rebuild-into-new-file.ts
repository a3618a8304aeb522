import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import {
  relayedLog,
  relayLog,
  SqliteEventStore,
  type EventStore,
  type EventStoreLocation,
  type LogFeed,
  type RelayedLog,
} from '@sg/event-store';
import type { Projection } from './projection';
import { ProjectionRunner, type ProjectionStatus } from './projection-runner';
import { endBulkLoadMode, openBulkLoadDatabase } from './read-model-database';

/** What a rebuild into a new file reports as it goes, and the projections that failed it. */
export interface NewFileRebuildOptions {
  /** Called every `progressMs` while the load runs, with the lowest position every projection reached. */
  onProgress?: (reached: number, head: number) => void;
  progressMs?: number;
  /**
   * Called once the new file is complete, just before it takes the live file's place: throwing
   * keeps the live file and discards the new one (the command checks again that no API has started
   * on the data directory meanwhile).
   */
  beforeSwap?: () => void;
  /** Some of the projections loaded at the same time in a second thread (ADR 0050). */
  secondThread?: SecondThread;
}

/** A log in a SQLite file: what a second thread opens to read it for both (ADR 0051). */
export type SqliteLogLocation = Extract<EventStoreLocation, { kind: 'sqlite' }>;

/**
 * A second thread's share of a load (ADR 0050): it opens the log for itself, reads it for both
 * threads (ADR 0051), loads its projections into a file of their own (`partFile`), and this
 * thread copies that file's tables in once both loads are over.
 */
export interface SecondThread {
  /** The projections (of those rebuilt) loaded there. */
  names: readonly string[];
  /** Where it opens the log. */
  log: SqliteLogLocation;
  /**
   * Load them in this thread instead, at the same time (the two loads take turns on the event
   * loop), into the same second file, copied in the same way: for specs, which run from
   * TypeScript sources (a worker runs the compiled script).
   */
  inline?: boolean;
}

export class RebuildFailed extends Error {
  constructor(readonly failed: ProjectionStatus[]) {
    super(failed.map((s) => `${s.name}: ${s.error}`).join('; '));
  }
}

/** The file a rebuild loads before it takes the live file's place. */
export function rebuildingFile(file: string): string {
  return `${file}.rebuilding`;
}

/** The file a second thread loads its projections into, copied into `rebuildingFile` at the end. */
export function partFile(file: string): string {
  return `${file}.rebuilding-part`;
}

/**
 * The projections a full rebuild loads in a second thread (ADR 0050), when the machine has a
 * second core: every one but the audit, which alone takes about as long as all of them together.
 */
export function secondThreadNames(projections: readonly Projection[]): string[] {
  if (availableParallelism() < 2 || !projections.some((p) => p.name === 'audit')) return [];
  return projections.filter((p) => p.name !== 'audit').map((p) => p.name);
}

const SQLITE_SUFFIXES = ['', '-journal', '-wal', '-shm'];

function removeSqliteFile(file: string): void {
  for (const suffix of SQLITE_SUFFIXES) rmSync(file + suffix, { force: true });
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replays the whole log into `projections` in a new file beside `file` and puts it in `file`'s
 * place (ADR 0048): the classic bulk load. The new file (`<file>.rebuilding`, removed first if an
 * earlier attempt left it) is loaded with no write-ahead log, no fsync and an exclusive lock; once
 * every projection has caught up and its indexes are back, the tables no projection here makes
 * (process managers' state and outboxes, their checkpoints) are copied from the live file, the new
 * file is switched to WAL, closed and fsynced, the live file is checkpointed, its `-wal`/`-shm`
 * are removed, and the new file is renamed over it. A crash at any point leaves the old complete
 * file or the new complete one; a crash during the load leaves only the sibling, which the next
 * attempt discards. Nothing else may use `file` meanwhile (the rebuild command refuses while the
 * API runs). Throws `RebuildFailed` when a projection fails: the live file is then untouched and
 * no sibling is left. Answers the head position the file was rebuilt to.
 *
 * With `secondThread`, the projections it names are loaded at the same time by a worker thread
 * into `<file>.rebuilding-part` (loaded the same way, discarded the same way), whose tables,
 * indexes and checkpoints are copied into the new file once both loads are over (ADR 0050). The
 * worker reads the log for both, up to the head taken here at the start (ADR 0051).
 */
export async function rebuildIntoNewFile(
  store: EventStore,
  file: string,
  projections: readonly Projection[],
  options: NewFileRebuildOptions = {},
): Promise<number> {
  // Process managers' state is carried over from the live file (`carryOver`), and they read more
  // of an event than a relayed log carries (ADR 0053): a rebuild loads projections only.
  const managers = projections.filter((p) => 'settle' in p || 'outbox' in p).map((p) => p.name);
  if (managers.length > 0) throw new Error(`a rebuild loads no process manager: ${managers.join(', ')}`);
  const sibling = rebuildingFile(file);
  const part = partFile(file);
  removeSqliteFile(sibling);
  removeSqliteFile(part);
  const elsewhere = new Set(options.secondThread?.names ?? []);
  // The second thread reads the log for this one, which must then take every batch: with nothing
  // left to load here, everything is loaded here instead.
  if (projections.every((p) => elsewhere.has(p.name))) elsewhere.clear();
  const here = projections.filter((p) => !elsewhere.has(p.name));
  const there = projections.filter((p) => elsewhere.has(p.name));
  const head = await store.headPosition();
  let db: Database.Database | undefined = openBulkLoadDatabase(sibling);
  let second: SecondLoad | undefined;
  let relayed: RelayedLog | undefined;
  try {
    const progressMs = options.progressMs ?? 5_000;
    let feed: LogFeed = store;
    if (there.length > 0) {
      // The second thread reads the log for both (ADR 0051): this one takes it from the channel.
      const { port1, port2 } = new MessageChannel();
      relayed = relayedLog(port1, head);
      feed = relayed;
      const load: PartLoad = { log: options.secondThread!.log, part, head, port: port2 };
      // It reports more often than this thread does: what this thread reports is never a step behind.
      second = options.secondThread!.inline
        ? startInline(load, there, Math.min(progressMs, 1_000))
        : startSecondThread(load, there, Math.min(progressMs, 1_000));
    }
    const reachedElsewhere = () => second?.reached ?? Infinity;
    await loadFromZero(feed, head, db, here, {
      onProgress: (reached, to) => options.onProgress?.(Math.min(reached, reachedElsewhere()), to),
      progressMs,
      // The second load failing ends this one at once.
      abandon: second?.done.then(() => new Promise<never>(() => undefined)),
      // A relayed read still waiting for its batch would hold the runner's stop.
      release: () => relayed?.close(),
    });
    if (second) {
      // Still reporting while only the second thread loads.
      const step = () => new Promise<false>((resolve) => setTimeout(resolve, progressMs, false).unref());
      while (!(await Promise.race([second.done.then(() => true), step()]))) {
        options.onProgress?.(second.reached, head);
      }
      // Every batch was taken (the second load ended only then): the channel has nothing left.
      relayed!.close();
      copyIn(db, part);
      removeSqliteFile(part);
    }
    if (existsSync(file)) carryOver(db, file, projections);
    endBulkLoadMode(db);
    db.close();
    db = undefined;
    if (existsSync(`${sibling}-wal`)) throw new Error(`${sibling}-wal left after the close`);
    fsyncPath(sibling);
    options.beforeSwap?.();
    swapIn(sibling, file);
    return head;
  } catch (error) {
    // Closed first: a second load waiting for room in the channel then ends.
    relayed?.close();
    await second?.stop();
    db?.close();
    removeSqliteFile(sibling);
    removeSqliteFile(part);
    throw error;
  }
}

/**
 * Loads `projections` from zero into `db` (a new file, `openBulkLoadDatabase`) up to `head`.
 * Throws `RebuildFailed` when one of them fails.
 */
async function loadFromZero(
  feed: LogFeed,
  head: number,
  db: Database.Database,
  projections: readonly Projection[],
  {
    onProgress,
    progressMs,
    abandon,
    release,
  }: {
    onProgress?: (reached: number, head: number) => void;
    progressMs: number;
    /** Rejects when the load must end: its rejection is thrown. */
    abandon?: Promise<never>;
    /** Called when the load fails, before its runner stops: a relayed read still waiting ends. */
    release?: () => void;
  },
): Promise<void> {
  let failing: () => void = () => undefined;
  // A projection that fails stops short of the head for good: the wait for the head ends then.
  const failure = new Promise<false>((resolve) => (failing = () => resolve(false)));
  const runner = new ProjectionRunner(feed, db, projections, () => failing());
  let loaded = false;
  try {
    runner.start();
    const failedNow = () => runner.status().filter((s) => s.error);
    const waits: Promise<boolean>[] = [failure, ...(abandon ? [abandon] : [])];
    while (failedNow().length === 0 && !(await Promise.race([runner.waitFor(head, progressMs), ...waits]))) {
      onProgress?.(Math.min(...runner.status().map((s) => s.position)), head);
    }
    const failed = failedNow();
    if (failed.length > 0) throw new RebuildFailed(failed);
    loaded = true;
  } finally {
    if (!loaded) release?.();
    await runner.stop();
  }
}

/** Where and what a second load reads and loads (ADR 0050, 0051). */
interface PartLoad {
  log: SqliteLogLocation;
  /** The file it loads, `partFile`. */
  part: string;
  /** The position both loads read to. */
  head: number;
  /** Where it sends each batch it reads for the other thread (`relayLog`). */
  port: MessagePort;
}

/**
 * A second thread's load, run by the worker (or inline): the log opened at `log` and read up to
 * `head` for both threads, `projections` loaded into the new file `part`, which is closed (still
 * in its load mode: the other thread copies it, nothing else ever opens it). It ends once the
 * other thread has taken every batch.
 */
export async function loadPart(
  { log, part, head, port }: PartLoad,
  projections: readonly Projection[],
  progress: { onProgress?: (reached: number, head: number) => void; progressMs: number },
): Promise<void> {
  const store = new SqliteEventStore({ file: log.file, synchronous: log.synchronous });
  const relaying = relayLog(store, port, head);
  try {
    const db = openBulkLoadDatabase(part);
    try {
      // Failing, it closes the channel: the other thread's load then learns it from this one's outcome.
      await loadFromZero(relaying, head, db, projections, { ...progress, release: () => relaying.close() });
    } finally {
      db.close();
    }
    await relaying.drained();
  } finally {
    relaying.close();
    await store.close();
  }
}

/** What the worker thread reports (`second-thread.worker.ts`). */
export type SecondThreadMessage =
  { kind: 'reached'; position: number } | { kind: 'loaded' } | { kind: 'failed'; failed: ProjectionStatus[] };

/** What the worker thread is given (`port` in its transfer list). */
export interface SecondThreadData {
  load: PartLoad;
  names: string[];
  progressMs: number;
}

interface SecondLoad {
  /** Settles when its load is over: rejects with `RebuildFailed` or the thread's error. */
  done: Promise<void>;
  /** The lowest position its projections reached, as last reported. */
  readonly reached: number;
  /** Ends it, if it still runs, and resolves once it no longer touches its file. */
  stop(): Promise<void>;
}

function startSecondThread(
  load: PartLoad,
  projections: readonly Projection[],
  progressMs: number,
): SecondLoad {
  const data: SecondThreadData = { load, names: projections.map((p) => p.name), progressMs };
  const worker = new Worker(join(__dirname, 'second-thread.worker.js'), {
    workerData: data,
    transferList: [load.port],
  });
  let reached = 0;
  let over = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: SecondThreadMessage) => {
      if (message.kind === 'reached') reached = message.position;
      else if (message.kind === 'loaded') resolve();
      else reject(new RebuildFailed(message.failed));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      over = true;
      reject(new Error(`the second load's thread stopped (exit code ${code}) before its load was over`));
    });
  });
  // Rejected while this thread still loads: the rejection is seen when `done` is awaited.
  done.catch(() => undefined);
  return {
    done,
    get reached() {
      return reached;
    },
    stop: async () => {
      if (!over) await worker.terminate();
    },
  };
}

/** The second load in this thread (`SecondThread.inline`), taking turns with the first. */
function startInline(load: PartLoad, projections: readonly Projection[], progressMs: number): SecondLoad {
  let reached = 0;
  const done = loadPart(load, projections, { onProgress: (position) => (reached = position), progressMs });
  const over = done.catch(() => undefined);
  return {
    done,
    get reached() {
      return reached;
    },
    // The caller closes its end of the channel first: a wait for room there ends.
    stop: () => over,
  };
}

/**
 * Copies the second load's file into the new one: every table with its indexes (created first,
 * so each `INSERT … SELECT *` into an empty table copies records as they are, index entries
 * included: SQLite's transfer optimisation), the checkpoints, and any AUTOINCREMENT counters.
 */
function copyIn(db: Database.Database, part: string): void {
  db.prepare('ATTACH DATABASE ? AS part').run(part);
  try {
    db.transaction(() => {
      const objects = db
        .prepare<[], { type: string; name: string; sql: string | null }>(
          `SELECT type, name, sql FROM part.sqlite_master
           WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'projection_checkpoints' AND sql IS NOT NULL`,
        )
        .all();
      const tables = objects.filter((o) => o.type === 'table');
      for (const { sql } of tables) db.exec(sql!);
      for (const { type, sql } of objects) if (type !== 'table') db.exec(sql!);
      for (const { name } of tables) db.exec(`INSERT INTO main."${name}" SELECT * FROM part."${name}"`);
      db.exec('INSERT INTO main.projection_checkpoints SELECT * FROM part.projection_checkpoints');
      const hasSequence = db.prepare("SELECT 1 FROM part.sqlite_master WHERE name = 'sqlite_sequence'").get();
      if (hasSequence) {
        db.exec(`DELETE FROM main.sqlite_sequence WHERE name IN (SELECT name FROM part.sqlite_sequence);
                 INSERT INTO main.sqlite_sequence SELECT * FROM part.sqlite_sequence;`);
      }
    })();
  } finally {
    db.exec('DETACH DATABASE part');
  }
}

/**
 * Copies from the live file what none of `projections` makes, into the new one: every other
 * table with its rows, indexes and AUTOINCREMENT counter, and the checkpoints of other names (the
 * process managers' state and outboxes are not all derivable from the log: a pending intent past
 * the manager's horizon would not be made again).
 */
function carryOver(db: Database.Database, file: string, projections: readonly Projection[]): void {
  const names = new Set(projections.map((p) => p.name));
  const ours = (table: string) => projections.some((p) => table.startsWith(p.tablePrefix));
  db.prepare('ATTACH DATABASE ? AS live').run(file);
  try {
    db.transaction(() => {
      const objects = db
        .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
          "SELECT type, name, tbl_name, sql FROM live.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table' DESC",
        )
        .all();
      const carried = new Set<string>();
      for (const { type, name, sql } of objects) {
        if (type !== 'table' || name === 'projection_checkpoints' || ours(name) || !sql) continue;
        db.exec(sql);
        db.exec(`INSERT INTO main."${name}" SELECT * FROM live."${name}"`);
        carried.add(name);
      }
      for (const { type, tbl_name, sql } of objects) {
        if (type !== 'table' && sql && carried.has(tbl_name)) db.exec(sql);
      }
      const hasSequence = (schema: string) =>
        db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).get() !==
        undefined;
      if (hasSequence('live') && hasSequence('main')) {
        // The copy of the rows already set the counter to the highest seq left; the live one may be past it.
        const forget = db.prepare('DELETE FROM main.sqlite_sequence WHERE name = ?');
        const copy = db.prepare('INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)');
        for (const row of db
          .prepare<[], { name: string; seq: number }>('SELECT name, seq FROM live.sqlite_sequence')
          .all()) {
          if (!carried.has(row.name)) continue;
          forget.run(row.name);
          copy.run(row.name, row.seq);
        }
      }
      db.prepare(
        `INSERT INTO main.projection_checkpoints SELECT * FROM live.projection_checkpoints
         WHERE name NOT IN (SELECT value FROM json_each(?))`,
      ).run(JSON.stringify([...names]));
    })();
  } finally {
    db.exec('DETACH DATABASE live');
  }
}

/**
 * Puts the loaded, fsynced `sibling` in `file`'s place. The order is what makes a crash safe:
 * 1. the live file is checkpointed whole into itself (its WAL emptied) and fsynced: from here the
 *    live file alone is the old complete state;
 * 2. its `-wal` and `-shm` are removed and the directory fsynced: no old log can be replayed onto
 *    the new file later (SQLite would apply a stray WAL's frames to whatever file bears the name);
 * 3. the rename (atomic), then the directory fsynced: the new complete file.
 * A crash before 3 leaves the old file (and the sibling, discarded by the next attempt).
 */
function swapIn(sibling: string, file: string): void {
  if (existsSync(file)) {
    const live = new Database(file, { fileMustExist: true });
    try {
      const [result] = live.pragma('wal_checkpoint(TRUNCATE)') as {
        busy: number;
        log: number;
        checkpointed: number;
      }[];
      if (result && (result.busy !== 0 || result.log !== result.checkpointed)) {
        throw new Error(`the live read-model file is in use: its log could not be checkpointed`);
      }
    } finally {
      live.close();
    }
    fsyncPath(file);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    rmSync(`${file}-journal`, { force: true });
    fsyncPath(dirname(file));
  }
  renameSync(sibling, file);
  fsyncPath(dirname(file));
}
