import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  ensureRedisServer,
  freePort,
  loadConfig,
  startLocalRedis,
  type LocalRedis,
} from '@sg/config';

/**
 * `npm start`: the whole system on one machine with the embedded store. Starts a private
 * redis-server under the data directory when REDIS_URL is not set, then the API and the worker,
 * waits until /api/health answers, and prints the address.
 */
const say = (line: string) => process.stdout.write(`[启动] ${line}\n`);
const dist = resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });

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
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => terminate(child)));
    await redis?.stop();
    process.exit(code);
  };
  const run = (name: string, script: string) => {
    const child = spawn(process.execPath, [join(dist, script)], { env, stdio: 'inherit' });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`${name} 意外退出（${signal ?? `退出码 ${code}`}），正在停止全部服务。`);
      void stopAll(1);
    });
    children.push(child);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  run('API', 'apps/api/src/main.js');
  run('后台任务（worker）', 'apps/worker/src/main.js');

  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  const url = `http://${host}:${config.http.port}`;
  await waitForHealth(`${url}/api/health`, 60_000);
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
