import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const REDIS_SERVER_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

export function findRedisServer(): string | undefined {
  const fromPath = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  return fromPath || REDIS_SERVER_CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * Installs redis-server with apt-get when it is missing and we are root; otherwise explains how.
 * Returns the binary's path.
 */
export function ensureRedisServer(
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): string {
  const found = findRedisServer();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      '未找到 redis-server。请先安装：sudo apt-get install -y redis-server，或设置 REDIS_URL 指向已有的 Redis（需开启 AOF 且 maxmemory-policy 为 noeviction）。',
    );
  }
  log('redis-server not found: installing it with apt-get (Debian package redis-server)…');
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findRedisServer();
  if (update.status !== 0 || install.status !== 0 || !installed) {
    throw new Error('apt-get 安装 redis-server 失败，请手动安装后重试，或设置 REDIS_URL。');
  }
  return installed;
}

export interface LocalRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a private redis-server on loopback with what BullMQ needs for durability: AOF on with
 * fsync every second, no RDB snapshots, and noeviction so queued jobs are never evicted.
 */
export async function startLocalRedis(options: {
  binary: string;
  dir: string;
  port: number;
  extraArgs?: string[];
}): Promise<LocalRedis> {
  // Redis's AOF holds every queued job: its directory is private (its files follow the umask).
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  chmodSync(options.dir, 0o700);
  narrowModes(options.dir);
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(options.binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(options.port, 10_000, () => child.exitCode !== null);
  return {
    url: `redis://127.0.0.1:${options.port}`,
    port: options.port,
    process: child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Files an older version (or another umask) left readable to others. */
function narrowModes(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    chmodSync(path, entry.isDirectory() ? 0o700 : 0o600);
    if (entry.isDirectory()) narrowModes(path);
  }
}

export async function waitForPort(
  port: number,
  timeoutMs: number,
  failed: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failed()) throw new Error(`process listening on ${port} exited early`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
