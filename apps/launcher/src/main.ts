import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  ensureRedisServer,
  freePort,
  loadConfig,
  preparePrivateDataDir,
  removeSupervision,
  startLocalRedis,
  usePrivateUmask,
  writeSupervision,
  type LocalRedis,
  type SupervisedProcess,
} from '@sg/config';

/**
 * `npm start`: the whole system on one machine with the embedded store. Starts a private
 * redis-server under the data directory when REDIS_URL is not set, then the API and the worker,
 * waits until /api/health answers, and prints the address. A crashed API or worker is started
 * again after a back-off; DATA_DIR/supervisor.json tells the API (and /api/health) about it.
 */
const say = (line: string) => process.stdout.write(`[启动] ${line}\n`);
const dist = resolve(__dirname, '..', '..', '..');

type Name = 'api' | 'worker';
const LABEL: Record<Name, string> = { api: 'API', worker: '后台任务（worker）' };
const SCRIPT: Record<Name, string> = { api: 'apps/api/src/main.js', worker: 'apps/worker/src/main.js' };
/** Back-off before restart n: 1 s, 2 s, 4 s … at most 30 s. */
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A process that ran this long before crashing starts its back-off afresh. */
const STABLE_AFTER_MS = 60_000;

interface Slot {
  child: ChildProcess | undefined;
  status: SupervisedProcess;
  /** Crashes in a row, each before the process had run STABLE_AFTER_MS. */
  crashes: number;
  timer: NodeJS.Timeout | undefined;
}

async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig();
  preparePrivateDataDir(config.dataDir);

  let redis: LocalRedis | undefined;
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    const dir = join(config.dataDir, 'redis');
    stopLeftoverRedis(join(dir, 'redis.pid'));
    const port = Number(process.env.REDIS_PORT) || (await freePort());
    redis = await startLocalRedis({
      binary: ensureRedisServer(say),
      dir,
      port,
      extraArgs: ['--pidfile', join(dir, 'redis.pid')],
    });
    redisUrl = redis.url;
    say(`本地 Redis 已启动：${redisUrl}（AOF 已开启，数据在 ${dir}）`);
  }

  // The demo college is loaded on a first start unless DEMO_PLAN=off.
  const env = { DEMO_PLAN: 'on', ...process.env, DATA_DIR: config.dataDir, REDIS_URL: redisUrl };
  const startedAt = new Date().toISOString();
  const slot = (): Slot => ({
    child: undefined,
    status: {
      state: 'restarting',
      pid: undefined,
      startedAt,
      restarts: 0,
      lastRestartAt: undefined,
      lastExit: undefined,
    },
    crashes: 0,
    timer: undefined,
  });
  const slots: Record<Name, Slot> = { api: slot(), worker: slot() };
  const publish = () =>
    writeSupervision(config.dataDir, {
      launcherPid: process.pid,
      startedAt,
      processes: { api: slots.api.status, worker: slots.worker.status },
    });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const { timer } of Object.values(slots)) clearTimeout(timer);
    await Promise.all(
      Object.values(slots).map(({ child }) => (child ? terminate(child) : Promise.resolve())),
    );
    await redis?.stop();
    removeSupervision(config.dataDir);
    process.exit(code);
  };

  const run = (name: Name) => {
    const current = slots[name];
    const child = spawn(process.execPath, [join(dist, SCRIPT[name])], { env, stdio: 'inherit' });
    const started = Date.now();
    current.child = child;
    current.status = {
      ...current.status,
      state: 'running',
      pid: child.pid,
      startedAt: new Date().toISOString(),
    };
    publish();
    child.once('exit', (code, signal) => {
      current.child = undefined;
      if (stopping) return;
      current.crashes = Date.now() - started >= STABLE_AFTER_MS ? 1 : current.crashes + 1;
      const delay = Math.min(FIRST_BACKOFF_MS * 2 ** (current.crashes - 1), MAX_BACKOFF_MS);
      current.status = {
        ...current.status,
        state: 'restarting',
        pid: undefined,
        lastExit: { code, signal, at: new Date().toISOString() },
      };
      publish();
      say(
        `${LABEL[name]} 意外退出（${signal ?? `退出码 ${code}`}），${delay / 1000} 秒后重启（第 ${current.status.restarts + 1} 次重启）。`,
      );
      current.timer = setTimeout(() => {
        if (stopping) return;
        current.status = {
          ...current.status,
          restarts: current.status.restarts + 1,
          lastRestartAt: new Date().toISOString(),
        };
        run(name);
        say(`${LABEL[name]} 已重新启动（进程 ${current.child?.pid ?? '?'}）。`);
      }, delay);
    });
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  run('api');
  run('worker');

  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  const url = `http://${host}:${config.http.port}`;
  try {
    await waitForHealth(`${url}/api/health`, 60_000);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll(1);
    return;
  }
  say(
    `双高计划建设管理平台已启动：${url}/  （网页端；接口文档：${url}/api/docs；运行状态：${url}/api/health）`,
  );
  // Still there: the generated first password has not been changed yet.
  if (existsSync(config.auth.initialPasswordFile))
    say(
      `管理员 ${config.auth.adminUsername} 的初始密码在 ${config.auth.initialPasswordFile}（首次登录后须修改）`,
    );
}

function stopLeftoverRedis(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    if (pid > 0) process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`服务在 ${timeoutMs / 1000} 秒内未就绪（${url}）：${last}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
