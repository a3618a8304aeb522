import Database from 'better-sqlite3';
import { preparePrivateSqliteFile } from '@sg/event-store';

/**
 * The SQLite file that holds every read model and their checkpoints. Read models can always be
 * rebuilt from the log, so commits need not be fsynced one by one (synchronous=NORMAL in WAL
 * keeps the file consistent; a power cut loses at most the last commits, which the checkpoint
 * replays).
 */
export function openReadModelDatabase(file: string): Database.Database {
  return prepareReadModelDatabase(new Database(preparePrivateSqliteFile(file)));
}

/** The settings and the checkpoint table every read-model connection needs. */
export function prepareReadModelDatabase(db: Database.Database): Database.Database {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // A rebuild writes every table at once: with SQLite's 2 MB page cache and a checkpoint (an
  // fsync) every 4 MB of WAL, a third of its time went to re-reading pages and checkpointing.
  db.pragma('cache_size = -32768');
  db.pragma('wal_autocheckpoint = 10000');
  return createCheckpointTable(db);
}

function createCheckpointTable(db: Database.Database): Database.Database {
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL
  )`);
  return db;
}

/**
 * How a new file is loaded (ADR 0048): nobody else may open it, nothing of it needs to survive a
 * crash (an interrupted load is discarded whole), so no write-ahead log (each page written once,
 * not once to the log and again at the checkpoint), no fsync, and one lock held to the end.
 */
const BULK_LOAD_JOURNAL_MODE = 'MEMORY';

const newFileLoads = new WeakSet<Database.Database>();

/**
 * Whether `db` is a new file that an interrupted load leaves to be discarded whole
 * (`rebuildIntoNewFile`): a projection may then hold rows in memory until the end of the load.
 */
export function loadsIntoNewFile(db: Database.Database): boolean {
  return newFileLoads.has(db);
}

/** A new read-model file for a load from zero: see `rebuildIntoNewFile`. */
export function openBulkLoadDatabase(file: string): Database.Database {
  const db = new Database(preparePrivateSqliteFile(file));
  newFileLoads.add(db);
  // `main.` only: a database attached later (the live file, to carry rows across) keeps its locking.
  db.pragma('main.locking_mode = EXCLUSIVE');
  db.pragma(`journal_mode = ${BULK_LOAD_JOURNAL_MODE}`);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -32768');
  return createCheckpointTable(db);
}

/** A loaded file switched to the settings every read-model connection uses (WAL): see `rebuildIntoNewFile`. */
export function endBulkLoadMode(db: Database.Database): void {
  newFileLoads.delete(db);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`read-model file stayed in journal mode ${String(mode)}`);
  db.pragma('synchronous = NORMAL');
}
