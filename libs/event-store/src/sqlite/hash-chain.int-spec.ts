import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChainHead, NewEvent } from '../port';
import { SqliteEventStore } from './sqlite-event-store';

const event = (i: number): NewEvent => ({
  type: 'TaskProgressRecorded',
  data: { taskId: `t${i % 97}`, completion: '0.5', note: `第 ${i} 次进展` },
  metadata: { actor: `u${i % 7}`, time: '2022-01-01T00:00:00.000Z', correlationId: `c${i}` },
});

describe('hash chain over a 10,000-event SQLite log', () => {
  let dir: string;
  let pristine: string;
  let head: ChainHead;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-chain-'));
    pristine = join(dir, 'pristine.sqlite');
    const store = new SqliteEventStore({ file: pristine, synchronous: 'OFF' });
    // 100 streams written concurrently, 100 events each: group commits interleave them.
    await Promise.all(
      Array.from({ length: 100 }, async (_, s) => {
        for (let r = 0; r < 100; r++)
          await store.append(`task-${s}`, [event(s * 100 + r)], r === 0 ? 'no-stream' : r - 1);
      }),
    );
    head = (await store.chainHead())!;
    expect(head.position).toBe(10_000);
    expect(await store.verifyChain(head)).toEqual({ ok: true, checked: 10_000, head });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Tampers with a copy of the pristine file directly, as someone with file access could. */
  async function verifyAfter(tamper: (db: Database.Database) => void) {
    const file = join(dir, `copy-${Math.random().toString(36).slice(2)}.sqlite`);
    copyFileSync(pristine, file);
    const db = new Database(file);
    tamper(db);
    db.close();
    const store = new SqliteEventStore({ file });
    const result = await store.verifyChain(head);
    await store.close();
    return result;
  }

  it.each([1, 4321, 10_000])(
    'finds one flipped byte in the data of event %i at its position',
    async (position) => {
      const result = await verifyAfter((db) => {
        const { data } = db
          .prepare<[number], { data: string }>('SELECT data FROM events WHERE position = ?')
          .get(position)!;
        const flipped = data.replace('0.5', '0.6');
        expect(flipped).not.toBe(data);
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(flipped, position);
      });
      expect(result).toMatchObject({ ok: false, firstBadPosition: position, problem: 'hash-mismatch' });
    },
  );

  it('finds a changed actor in the metadata', async () => {
    const result = await verifyAfter((db) => {
      db.prepare(
        `UPDATE events SET metadata = replace(metadata, '"actor":"u', '"actor":"x') WHERE position = 777`,
      ).run();
    });
    expect(result).toMatchObject({ ok: false, firstBadPosition: 777 });
  });

  it.each([1, 5000, 10_000])('finds event %i deleted', async (position) => {
    const result = await verifyAfter((db) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(position),
    );
    expect(result).toMatchObject({ ok: false, firstBadPosition: position, problem: 'missing-event' });
  });

  it('finds two events swapped, at the first of them', async () => {
    const result = await verifyAfter((db) => {
      db.transaction(() => {
        db.prepare('UPDATE events SET position = -1 WHERE position = 2500').run();
        db.prepare('UPDATE events SET position = 2500 WHERE position = 7500').run();
        db.prepare('UPDATE events SET position = 7500 WHERE position = -1').run();
      })();
    });
    expect(result).toMatchObject({ ok: false, firstBadPosition: 2500, problem: 'hash-mismatch' });
  });

  it('finds a chain rewritten from a tampered event onwards, against the exported head', async () => {
    const result = await verifyAfter((db) => {
      const { chainLink } = jest.requireActual<typeof import('./hash-chain')>('./hash-chain');
      db.prepare(`UPDATE events SET data = replace(data, '0.5', '1') WHERE position = 9000`).run();
      let previous = db
        .prepare<[], { chain: string }>('SELECT chain FROM events WHERE position = 8999')
        .get()!.chain;
      const rows = db
        .prepare('SELECT * FROM events WHERE position >= 9000 ORDER BY position')
        .all() as Parameters<typeof chainLink>[1][];
      const update = db.prepare('UPDATE events SET chain = ? WHERE position = ?');
      for (const row of rows) {
        previous = chainLink(previous, row);
        update.run(previous, row.position);
      }
    });
    expect(result).toMatchObject({ ok: false, firstBadPosition: 10_000, problem: 'head-mismatch' });
  });
});
