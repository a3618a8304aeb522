import Database from 'better-sqlite3';
import { forgetKeys, keyOf } from './keys';

const TABLE = 'k_keys';

function keysTable(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE ${TABLE} (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)`);
  return db;
}

const stored = (db: Database.Database) =>
  db.prepare<[], { id: number; key: string }>(`SELECT id, key FROM ${TABLE} ORDER BY id`).all();

describe('integer keys', () => {
  it('numbers keys in the order they are first seen, from an empty table', () => {
    const db = keysTable();
    expect(['b', 'a', 'b', 'c', 'a'].map((key) => keyOf(db, TABLE, key))).toEqual([1, 2, 1, 3, 2]);
    expect(stored(db)).toEqual([
      { id: 1, key: 'b' },
      { id: 2, key: 'a' },
      { id: 3, key: 'c' },
    ]);
    db.close();
  });

  it('finds the keys a table already holds once its cache is forgotten, and adds only new ones', () => {
    const db = keysTable();
    keyOf(db, TABLE, 'a');
    keyOf(db, TABLE, 'b');
    forgetKeys(db, TABLE);
    expect(keyOf(db, TABLE, 'b')).toBe(2);
    expect(keyOf(db, TABLE, 'c')).toBe(3);
    expect(keyOf(db, TABLE, 'a')).toBe(1);
    expect(stored(db).map((row) => row.key)).toEqual(['a', 'b', 'c']);
    db.close();
  });

  it('finds keys written before the cache began (another start of the process)', () => {
    const db = keysTable();
    db.exec(`INSERT INTO ${TABLE} (key) VALUES ('x'), ('y')`);
    expect(keyOf(db, TABLE, 'y')).toBe(2);
    expect(keyOf(db, TABLE, 'z')).toBe(3);
    db.close();
  });
});
