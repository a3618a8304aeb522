import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore } from '@sg/event-store';
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
 */
export async function rebuildIntoNewFile(
  store: EventStore,
  file: string,
  projections: readonly Projection[],
  options: NewFileRebuildOptions = {},
): Promise<number> {
  const sibling = rebuildingFile(file);
  removeSqliteFile(sibling);
  let db: Database.Database | undefined = openBulkLoadDatabase(sibling);
  try {
    const runner = new ProjectionRunner(store, db, projections);
    let head: number;
    try {
      runner.start();
      head = await store.headPosition();
      const failedNow = () => runner.status().filter((s) => s.error);
      // Short steps: a projection that fails stops short of the head for good.
      while (failedNow().length === 0 && !(await runner.waitFor(head, options.progressMs ?? 5_000))) {
        options.onProgress?.(Math.min(...runner.status().map((s) => s.position)), head);
      }
      const failed = failedNow();
      if (failed.length > 0) throw new RebuildFailed(failed);
    } finally {
      await runner.stop();
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
    db?.close();
    removeSqliteFile(sibling);
    throw error;
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
