import Database from 'better-sqlite3';
import { BulkRows } from './bulk-rows';

describe('bulk rows', () => {
  it.each([0, 1, 7, 511, 512, 1024, 1300])(
    'writes %i rows, all of them, in the order they were added',
    (count) => {
      const db = new Database(':memory:');
      db.exec('CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL)');
      const rows = new BulkRows('INSERT INTO t (n, label)', 2);
      for (let n = 0; n < count; n++) rows.add(n, `row ${n}`);
      rows.flush(db);
      const written = db
        .prepare<[], { n: number; label: string }>('SELECT n, label FROM t ORDER BY rowid')
        .all();
      expect(written).toEqual(Array.from({ length: count }, (_, n) => ({ n, label: `row ${n}` })));
      rows.flush(db);
      expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: count });
      db.close();
    },
  );

  it('refuses a row of the wrong width', () => {
    const rows = new BulkRows('INSERT INTO t (a, b, c)', 3);
    expect(() => rows.add(1, 2)).toThrow('2 values for 3 columns');
    expect(() => rows.add2(1, 2)).toThrow('2 values for 3 columns');
    expect(() => rows.add5(1, 2, 3, 4, 5)).toThrow('5 values for 3 columns');
    expect(() => rows.addRow([1, 2, 3, 4])).toThrow('4 values for 3 columns');
  });
});
