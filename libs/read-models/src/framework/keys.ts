import type Database from 'better-sqlite3';
import { statement } from './statement-cache';

const caches = new WeakMap<Database.Database, Map<string, Map<string, number>>>();

/**
 * The integer key of a string in a projection's key table (`id INTEGER PRIMARY KEY, key TEXT
 * NOT NULL UNIQUE`), created on first use. Read models refer to long ids (uuids, `task:…`) by
 * these keys: a row of a few bytes instead of tens, and a tree that stays in the page cache.
 *
 * Keys are handed out in the order strings are first seen, so a rebuild from zero numbers them
 * exactly as the incremental path did. The cache is per connection and per table, and the
 * projection's `migrate` forgets it (`forgetKeys`): `migrate` runs after every reset and at every
 * start, so the cache never outlives the rows it mirrors (an id cached inside a savepoint that
 * was rolled back only lives on in a projection that has stopped, and it starts through `migrate`).
 */
export function keyOf(db: Database.Database, table: string, key: string): number {
  let tables = caches.get(db);
  if (!tables) caches.set(db, (tables = new Map<string, Map<string, number>>()));
  let cache = tables.get(table);
  if (!cache) tables.set(table, (cache = new Map<string, number>()));
  let id = cache.get(key);
  if (id === undefined) {
    id =
      statement<[string], { id: number }>(db, `SELECT id FROM ${table} WHERE key = ?`).get(key)?.id ??
      Number(statement<[string]>(db, `INSERT INTO ${table} (key) VALUES (?)`).run(key).lastInsertRowid);
    cache.set(key, id);
  }
  return id;
}

/** Drops the cached keys of one table (its projection was reset or is starting). */
export function forgetKeys(db: Database.Database, table: string): void {
  caches.get(db)?.delete(table);
}
