import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../libs/config/src';
import { startLauncher } from './fixtures/launcher';
import { stopProcess } from './fixtures/node-process';

interface Supervised {
  state: 'running' | 'restarting';
  pid?: number;
  restarts: number;
  lastRestartAt?: string;
  lastExit?: { code: number | null; signal: string | null; at: string };
}
interface Health {
  status: string;
  supervision: { supervisor: string; api: Supervised; worker: Supervised };
}

function modesUnder(root: string): string[] {
  const out = [`${root} ${(lstatSync(root).mode & 0o777).toString(8)}`];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...modesUnder(path));
    else if (entry.isFile()) out.push(`${path} ${(lstatSync(path).mode & 0o777).toString(8)}`);
  }
  return out;
}

/** `npm start`'s launcher keeps the API and the worker running: a crash is followed by a restart. */
describe('npm start (the launcher) supervising the API and the worker', () => {
  let parent: string;
  let dataDir: string;
  let launched: Awaited<ReturnType<typeof startLauncher>>;
  let url: string;
  const output = () => launched.output();

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'sg-supervise-'));
    dataDir = join(parent, 'data');
    launched = await startLauncher(dataDir, await freePort(), {
      env: { DEMO_PLAN: 'off' },
      timeoutMs: 90_000,
    });
    url = launched.url;
  }, 120_000);
  afterAll(async () => {
    if (launched) await stopProcess(launched.child);
    rmSync(parent, { recursive: true, force: true });
  });

  const health = async (): Promise<Health | undefined> => {
    try {
      const res = await fetch(`${url}/api/health`);
      return res.status === 200 ? ((await res.json()) as Health) : undefined;
    } catch {
      return undefined;
    }
  };
  const until = async (what: string, check: (h: Health) => boolean, timeoutMs = 60_000): Promise<Health> => {
    const deadline = Date.now() + timeoutMs;
    let last: Health | undefined;
    while (Date.now() < deadline) {
      last = await health();
      if (last && check(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `${what}: not seen within ${timeoutMs} ms; last health ${JSON.stringify(last)}\n${output()}`,
    );
  };

  it('reports no restarts on a fresh start', async () => {
    const h = (await health())!;
    expect(h.supervision).toMatchObject({
      supervisor: 'launcher',
      api: { state: 'running', restarts: 0 },
      worker: { state: 'running', restarts: 0 },
    });
  });

  it('restarts the API after it is killed, and health reports the restart', async () => {
    const before = (await health())!.supervision.api;
    process.kill(before.pid!, 'SIGKILL');
    const after = await until(
      'the API back with one restart',
      (h) => h.supervision.api.restarts === 1 && h.supervision.api.state === 'running',
    );
    expect(after.status).toBe('ok');
    expect(after.supervision.api.pid).not.toBe(before.pid);
    expect(after.supervision.api.lastExit).toMatchObject({ signal: 'SIGKILL' });
    expect(Date.parse(after.supervision.api.lastRestartAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(output()).toMatch(/API 意外退出（SIGKILL），1 秒后重启/);
  });

  it('restarts the worker after it is killed, and health reports the restart', async () => {
    const before = (await health())!.supervision.worker;
    process.kill(before.pid!, 'SIGKILL');
    const after = await until(
      'the worker back with one restart',
      (h) => h.supervision.worker.restarts === 1 && h.supervision.worker.state === 'running',
    );
    expect(after.supervision.worker.pid).not.toBe(before.pid);
    expect(after.supervision.worker.lastExit).toMatchObject({ signal: 'SIGKILL' });
    expect(after.supervision.api.restarts).toBe(1);
    // The new worker is alive, not only started: it holds on for a while.
    await new Promise((r) => setTimeout(r, 3000));
    expect(() => process.kill(after.supervision.worker.pid!, 0)).not.toThrow();
    expect(output()).toMatch(/后台任务（worker） 意外退出（SIGKILL），1 秒后重启/);
  });

  it('keeps the data directory private: 0700 directories, 0600 files (Redis, pid and status files included)', () => {
    const modes = modesUnder(dataDir);
    expect(modes.some((m) => m.includes('/redis/'))).toBe(true);
    expect(modes.some((m) => m.includes('supervisor.json'))).toBe(true);
    const open = modes.filter((m) => {
      const [path, mode] = m.split(' ');
      return mode !== (lstatSync(path).isDirectory() ? '700' : '600');
    });
    expect(open).toEqual([]);
  });
});
