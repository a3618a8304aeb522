import Database from 'better-sqlite3';
import { ProjectionViewCache } from './view-cache';

describe('projection view cache', () => {
  const setUp = () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
    );
    db.exec("INSERT INTO projection_checkpoints VALUES ('completion', 1, 10)");
    let computed = 0;
    const compute = () => ({ n: ++computed });
    return { db, compute, computed: () => computed };
  };

  it('computes a view once while the projection has not committed again', () => {
    const { db, compute, computed } = setUp();
    const cache = new ProjectionViewCache<{ n: number }>(db, 'completion');
    expect(cache.get('a', compute)).toEqual({ n: 1 });
    expect(cache.get('a', compute)).toEqual({ n: 1 });
    expect(cache.get('b', compute)).toEqual({ n: 2 });
    expect(computed()).toBe(2);
  });

  it('computes again after the checkpoint moves or the version changes', () => {
    const { db, compute } = setUp();
    const cache = new ProjectionViewCache<{ n: number }>(db, 'completion');
    cache.get('a', compute);
    db.exec("UPDATE projection_checkpoints SET position = 11 WHERE name = 'completion'");
    expect(cache.get('a', compute)).toEqual({ n: 2 });
    db.exec("UPDATE projection_checkpoints SET version = 2 WHERE name = 'completion'");
    expect(cache.get('a', compute)).toEqual({ n: 3 });
    expect(cache.get('a', compute)).toEqual({ n: 3 });
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const { db, compute } = setUp();
    const cache = new ProjectionViewCache<{ n: number }>(db, 'completion', 2);
    cache.get('a', compute);
    cache.get('b', compute);
    cache.get('a', compute);
    cache.get('c', compute); // drops b
    expect(cache.get('a', compute)).toEqual({ n: 1 });
    expect(cache.get('b', compute)).toEqual({ n: 4 });
  });
});
