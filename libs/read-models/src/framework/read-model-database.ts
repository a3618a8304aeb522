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
  db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL
  )`);
  return db;
}
