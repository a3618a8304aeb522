import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@sg/event-store';
import { ALL_PROJECTIONS, partFile, rebuildIntoNewFile, secondThreadNames } from '@sg/read-models';
import { generateProvince } from '../bench/src/generate/province';

const root = resolve(__dirname, '..');
const cli = join(root, 'dist/apps/api/src/cli.js');

/** Each table's rows in key order (as a digest) and the schema: two equal dumps are the same read models. */
function dump(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const digest = (rows: unknown[]) =>
      `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    return {
      schema: digest(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all()),
      integrity: String(db.pragma('integrity_check', { simple: true })),
      ...Object.fromEntries(
        tables.map(({ name }) => [name, digest(db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all())]),
      ),
    };
  } finally {
    db.close();
  }
}

const rebuildCommand = (dataDir: string) =>
  spawnSync(process.execPath, [cli, 'rebuild-projections'], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    // A hung command must fail this test, not hold up the whole run.
    timeout: 120_000,
  });

/**
 * `npm run projections:rebuild` of every projection (ADR 0048) loads a new file beside the live
 * one and swaps it in: killed at any point it leaves the live file whole; failing, it says so and
 * leaves the live file as it was.
 */
describe('npm run projections:rebuild (all projections, into a new file)', () => {
  let dataDir: string;
  let file: string;
  const sibling = () => `${file}.rebuilding`;
  const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.includes('.rebuilding'));
  let rebuilt: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sg-rebuild-cmd-'));
    file = join(dataDir, 'read-models.sqlite');
    // One school's four years (~19,000 events): a load long enough to be killed in the middle.
    await generateProvince(join(dataDir, 'events.sqlite'), {
      schools: 1,
      reportsPerTaskYear: 4,
      valuesPerIndicatorYear: 3,
    });
    const first = rebuildCommand(dataDir);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    rebuilt = dump(file);
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads the same file with the second thread (ADR 0050) as a load in one thread does', async () => {
    // This machine has the second core the command's second thread needs: it ran.
    expect(secondThreadNames(ALL_PROJECTIONS)).not.toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'sg-rebuild-one-thread-'));
    try {
      const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
      await rebuildIntoNewFile(store, join(dir, 'read-models.sqlite'), ALL_PROJECTIONS);
      await store.close();
      expect(dump(join(dir, 'read-models.sqlite'))).toEqual(rebuilt);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('killed (SIGKILL) in the middle of the load leaves the live file whole, and the next run discards the leftover', async () => {
    // A live file that differs from what a rebuild makes, to tell the old file from the new.
    const live = new Database(file);
    live.exec('DELETE FROM au_events WHERE rowid % 2 = 0');
    live.close();
    const before = dump(file);
    expect(before).not.toEqual(rebuilt);

    const child = spawn(process.execPath, [cli, 'rebuild-projections'], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_code, signal) => done(signal)),
    );
    // Kill it as soon as both new files exist (the second thread's too): the load has begun and is far from over.
    const deadline = Date.now() + 60_000;
    const begun = () => existsSync(sibling()) && existsSync(partFile(file));
    while (!begun() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(existsSync(sibling())).toBe(true);
    expect(existsSync(partFile(file))).toBe(true);
    expect(dump(file)).toEqual(before);

    const next = rebuildCommand(dataDir);
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    expect(next.stdout).toContain('已重建 全部投影');
    expect(leftovers(dataDir)).toEqual([]);
    expect(dump(file)).toEqual(rebuilt);
  });

  it('fails with a message when a projection fails, leaving the live file as it was and nothing beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-rebuild-fail-'));
    try {
      copyFileSync(join(dataDir, 'events.sqlite'), join(dir, 'events.sqlite'));
      copyFileSync(file, join(dir, 'read-models.sqlite'));
      // An event no projection can file (a task with no plan): completion stops on it.
      const store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
      await store.append(
        'task-broken',
        [
          {
            type: 'TaskDefined',
            data: { taskId: 'broken' },
            metadata: { actor: 'u-office', correlationId: 'c', time: '2024-01-01T00:00:00.000Z' },
          },
        ],
        'no-stream',
      );
      await store.close();
      const before = dump(join(dir, 'read-models.sqlite'));

      const failed = rebuildCommand(dir);

      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain('重建失败：completion：');
      expect(failed.stderr).toContain('读模型文件保持原样');
      expect(dump(join(dir, 'read-models.sqlite'))).toEqual(before);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
