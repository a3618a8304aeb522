import type Database from 'better-sqlite3';
import { statement } from './statement-cache';

/** A table's cached keys; `complete` when the cache holds every key the table has. */
interface Cache {
  ids: Map<string, number>;
  complete: boolean;
}

const caches = new WeakMap<Database.Database, Map<string, Cache>>();

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
 *
 * A cache begun on an empty table holds every key the table gets (keys are only added here, on
 * the projection's one connection): a key it lacks is new, and is inserted without a look-up
 * (a load from zero looks up no key in the table).
 */
export function keyOf(db: Database.Database, table: string, key: string): number {
  let tables = caches.get(db);
  if (!tables) caches.set(db, (tables = new Map<string, Cache>()));
  let cache = tables.get(table);
  if (!cache) {
    const empty =
      statement<[], { one: number }>(db, `SELECT 1 AS one FROM ${table} LIMIT 1`).get() === undefined;
    tables.set(table, (cache = { ids: new Map<string, number>(), complete: empty }));
  }
  let id = cache.ids.get(key);
  if (id === undefined) {
    id =
      (cache.complete
        ? undefined
        : statement<[string], { id: number }>(db, `SELECT id FROM ${table} WHERE key = ?`).get(key)?.id) ??
      Number(statement<[string]>(db, `INSERT INTO ${table} (key) VALUES (?)`).run(key).lastInsertRowid);
    cache.ids.set(key, id);
  }
  return id;
}

/** Drops the cached keys of one table (its projection was reset or is starting). */
export function forgetKeys(db: Database.Database, table: string): void {
  caches.get(db)?.delete(table);
}
