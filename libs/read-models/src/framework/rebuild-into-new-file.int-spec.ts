import { SqliteEventStore } from '@sg/event-store';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../index';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { dumpFile, writePlanHistory, writeStraddlingReports } from './plan-history.fixtures';
import { openReadModelDatabase } from './read-model-database';
import {
  partFile,
  RebuildFailed,
  rebuildIntoNewFile,
  rebuildingFile,
  type SecondThread,
} from './rebuild-into-new-file';

const dump = dumpFile;

/** A projection that fails on the first task progress it is handed. */
const failing: Projection = {
  name: 'failing',
  tablePrefix: 'zz_',
  version: 1,
  migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS zz_seen (position INTEGER PRIMARY KEY)'),
  apply: (db, event) => {
    if (event.type === 'TaskProgressRecorded') throw new Error('无法处理该事件');
    db.prepare('INSERT INTO zz_seen VALUES (?)').run(event.position);
  },
};

describe('a full rebuild into a new file swapped in', () => {
  let dir: string;
  let store: SqliteEventStore;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-newfile-'));
    file = join(dir, 'read-models.sqlite');
    store = new SqliteEventStore({
      file: join(dir, 'events.sqlite'),
      pollIntervalMs: 10,
      synchronous: 'NORMAL',
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const small = () => writePlanHistory(store, { projects: 1, tasks: 12, reports: 3, owners: 3 });
  /** A task's reports on both sides of the load's first batch line, its latest date in the first. */
  const straddling = async () => {
    await writeStraddlingReports(store);
    expect(await store.headPosition()).toBeGreaterThan(2_000);
  };
  /** The standing of the task whose reports straddle the line, in the file `rebuildIntoNewFile` left. */
  const straddlingStanding = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare("SELECT standing_completion, standing_effective_date FROM cp_tasks WHERE title = '跨批任务'")
        .get();
    } finally {
      db.close();
    }
  };

  /**
   * The live file as the API leaves it: every projection maintained event by event, plus what a
   * process manager keeps there (its state, an outbox with an AUTOINCREMENT counter past its last
   * row, an index, its checkpoint), which the log cannot give back.
   */
  async function liveFile(write: () => Promise<unknown> = small): Promise<void> {
    const db = openReadModelDatabase(file);
    const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    await write();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    await runner.stop();
    db.exec(`CREATE TABLE pm_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, event TEXT NOT NULL);
      CREATE INDEX pm_outbox_event ON pm_outbox (event);
      INSERT INTO pm_outbox (key, event) VALUES ('a', '待发送'), ('b', '已发送'), ('c', '待发送');
      DELETE FROM pm_outbox WHERE key = 'c';
      INSERT INTO projection_checkpoints VALUES ('pm-manager', 3, 17);`);
    db.close();
  }

  const leftovers = () => readdirSync(dir).filter((name) => name.includes('.rebuilding'));

  it('equals the file maintained event by event, keeps what only the live file had, and is in WAL mode', async () => {
    await liveFile();
    const before = dump(file);
    expect(before.au_entities.length).toBeGreaterThan(0);

    const head = await rebuildIntoNewFile(store, file, ALL_PROJECTIONS);

    expect(head).toBe(await store.headPosition());
    expect(existsSync(`${file}-wal`)).toBe(false);
    const after = dump(file);
    expect(after).toEqual(before);
    expect(after.sqlite_sequence).toEqual([{ name: 'pm_outbox', seq: 3 }]);
    expect(after.projection_checkpoints).toContainEqual({ name: 'pm-manager', version: 3, position: 17 });
    expect(leftovers()).toEqual([]);
    const db = openReadModelDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The API starts on it as on any file: nothing is rebuilt, every projection resumes.
    const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS);
    runner.start();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    await runner.stop();
    db.close();
    expect(dump(file)).toEqual(before);
  });

  it("equals the file maintained event by event when a task's reports straddle the load's batches", async () => {
    await liveFile(straddling);
    const before = dump(file);

    await rebuildIntoNewFile(store, file, ALL_PROJECTIONS);

    expect(straddlingStanding()).toEqual({
      standing_completion: '0.9',
      standing_effective_date: '2021-12-15',
    });
    expect(dump(file)).toEqual(before);
  });

  it('builds the file where none was', async () => {
    await liveFile();
    const expected = dump(file);
    rmSync(file);
    await rebuildIntoNewFile(store, file, ALL_PROJECTIONS);
    const { pm_outbox: _outbox, sqlite_sequence: _sequence, ...rebuilt } = dump(file);
    const { pm_outbox: _o, sqlite_sequence: _s, ...derivable } = expected;
    derivable.schema = derivable.schema.filter((row) => !(row as { name: string }).name.startsWith('pm_'));
    derivable.projection_checkpoints = derivable.projection_checkpoints.filter(
      (row) => (row as { name: string }).name !== 'pm-manager',
    );
    expect(rebuilt).toEqual(derivable);
  });

  it('discards what a killed attempt left beside the file and rebuilds', async () => {
    await liveFile();
    const before = dump(file);
    const sibling = rebuildingFile(file);
    writeFileSync(sibling, 'half a page of a load a power cut interrupted');
    writeFileSync(`${sibling}-journal`, 'and its journal');

    await rebuildIntoNewFile(store, file, ALL_PROJECTIONS);

    expect(dump(file)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('leaves the live file as it was, and nothing beside it, when a projection fails', async () => {
    await liveFile();
    const before = dump(file);

    const failed = rebuildIntoNewFile(store, file, [...ALL_PROJECTIONS, failing]);

    await expect(failed).rejects.toBeInstanceOf(RebuildFailed);
    await expect(failed).rejects.toThrow('failing: 无法处理该事件');
    expect(dump(file)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a process manager before it touches anything: its state is carried over, not rebuilt', async () => {
    await liveFile();
    const before = dump(file);
    const manager: Projection = {
      name: 'notices',
      tablePrefix: 'pm_',
      version: 1,
      migrate: () => undefined,
      apply: () => undefined,
      outbox: () => ({ pending: 0, oldestPendingAt: null }),
    };

    await expect(rebuildIntoNewFile(store, file, [...ALL_PROJECTIONS, manager])).rejects.toThrow(
      'a rebuild loads no process manager: notices',
    );
    expect(dump(file)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('keeps the live file, and discards the new one, when the last check before the swap refuses', async () => {
    await liveFile();
    const live = new Database(file);
    live.exec('DELETE FROM au_events WHERE position % 2 = 0');
    live.close();
    const before = dump(file);

    const refused = rebuildIntoNewFile(store, file, ALL_PROJECTIONS, {
      beforeSwap: () => {
        throw new Error('API 已启动');
      },
    });

    await expect(refused).rejects.toThrow('API 已启动');
    expect(dump(file)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  describe('with a second load (ADR 0050, 0051; here in this thread, beside the first: specs run uncompiled)', () => {
    const secondLoad = (names: string[]): SecondThread => ({
      names,
      log: { kind: 'sqlite', file: join(dir, 'events.sqlite') },
      inline: true,
    });
    const allButAudit = ALL_PROJECTIONS.filter((p) => p.name !== 'audit').map((p) => p.name);

    it.each([
      { history: 'a few events', write: small },
      { history: "a task's reports straddling the load's batches", write: straddling },
    ])(
      'equals the file maintained event by event, with its tables, indexes and checkpoints copied in ($history)',
      async ({ write }) => {
        await liveFile(write);
        const before = dump(file);

        const head = await rebuildIntoNewFile(store, file, ALL_PROJECTIONS, {
          secondThread: secondLoad(allButAudit),
        });

        expect(head).toBe(await store.headPosition());
        expect(dump(file)).toEqual(before);
        expect(leftovers()).toEqual([]);
        const db = openReadModelDatabase(file);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        db.close();
      },
    );

    it.each([
      { load: 'the second load', names: ['failing', 'scores'] },
      { load: 'the first load, while the second reads for it,', names: allButAudit },
    ])(
      'fails when a projection of $load fails, leaving the live file as it was and nothing beside it',
      async ({ names }) => {
        await liveFile();
        const before = dump(file);

        const failed = rebuildIntoNewFile(store, file, [...ALL_PROJECTIONS, failing], {
          secondThread: secondLoad(names),
        });

        await expect(failed).rejects.toBeInstanceOf(RebuildFailed);
        await expect(failed).rejects.toThrow('failing: 无法处理该事件');
        expect(dump(file)).toEqual(before);
        expect(leftovers()).toEqual([]);
      },
    );

    it('loads every projection in this thread when all are named for the second (nothing here would take the log)', async () => {
      await liveFile();
      const before = dump(file);

      await rebuildIntoNewFile(store, file, ALL_PROJECTIONS, {
        secondThread: secondLoad(ALL_PROJECTIONS.map((p) => p.name)),
      });

      expect(dump(file)).toEqual(before);
      expect(leftovers()).toEqual([]);
    });

    it('discards a second file a killed attempt left', async () => {
      await liveFile();
      const before = dump(file);
      writeFileSync(partFile(file), 'a second load cut short');
      writeFileSync(`${partFile(file)}-journal`, 'and its journal');

      await rebuildIntoNewFile(store, file, ALL_PROJECTIONS, { secondThread: secondLoad(allButAudit) });

      expect(dump(file)).toEqual(before);
      expect(leftovers()).toEqual([]);
    });
  });
});
