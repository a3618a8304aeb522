import { prepareReadModelDatabase } from '@sg/read-models';
import Database from 'better-sqlite3';
import { preparePrivateSqliteFile } from '@sg/event-store';
import { dirname, join } from 'node:path';

const MAX_SLOTS = 32;

/**
 * The worker's own read-model file. Several workers may share a data directory (and a machine),
 * but two projection runners must never feed one file: each worker takes the first slot file no
 * other holds, and holds it with SQLite's exclusive locking mode for as long as it runs.
 */
export function openWorkerReadModels(file: string): Database.Database {
  for (let slot = 1; slot <= MAX_SLOTS; slot++) {
    const db = new Database(
      preparePrivateSqliteFile(slot === 1 ? file : join(dirname(file), `worker-read-models-${slot}.sqlite`)),
    );
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('locking_mode = EXCLUSIVE');
      // The lock is taken by the first write and kept until the connection closes.
      db.exec('BEGIN EXCLUSIVE; COMMIT;');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') continue;
      throw error;
    }
    return prepareReadModelDatabase(db);
  }
  throw new Error(`more than ${MAX_SLOTS} workers share ${dirname(file)}`);
}
