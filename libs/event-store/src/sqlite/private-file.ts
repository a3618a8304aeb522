import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Data files are the service user's alone: directories 0700, files 0600. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes a SQLite database file private before SQLite opens it. SQLite creates the -wal, -shm and
 * -journal files with the database file's own mode, so creating that file 0600 first is what keeps
 * all of them from being world-readable whatever the process umask; files an older version left
 * readable are narrowed as well.
 */
export function preparePrivateSqliteFile(file: string): string {
  if (file === ':memory:' || file === '') return file;
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  }
  return file;
}
