import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorker, WorkerStartupError } from '../apps/worker/src/bootstrap';
import { freePort, loadConfig, startLocalRedis, type LocalRedis } from '../libs/config/src';
import { QUEUES, WORKER_HEARTBEAT_KEY } from '../libs/jobs/src';

const configFor = (redisUrl: string) =>
  loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'sg-worker-')), REDIS_URL: redisUrl });

describe('worker', () => {
  const extra: { redis: LocalRedis; dir: string }[] = [];
  async function redisWith(args: string[]): Promise<LocalRedis> {
    const dir = mkdtempSync(join(tmpdir(), 'sg-redis-x-'));
    const redis = await startLocalRedis({
      binary: process.env.TEST_REDIS_BINARY!,
      dir,
      port: await freePort(),
      extraArgs: args,
    });
    extra.push({ redis, dir });
    return redis;
  }
  afterAll(async () => {
    for (const { redis, dir } of extra) {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a Redis without AOF, saying what to change', async () => {
    const redis = await redisWith(['--appendonly', 'no']);
    const error = await createWorker(configFor(redis.url), { logger: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerStartupError);
    expect((error as Error).message).toContain('appendonly yes');
  });

  it('refuses to start on a Redis that may evict keys', async () => {
    const redis = await redisWith(['--maxmemory-policy', 'allkeys-lru']);
    const error = await createWorker(configFor(redis.url), { logger: false }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('maxmemory-policy noeviction');
    expect((error as Error).message).not.toContain('appendonly yes');
  });

  it('refuses to start without a reachable Redis', async () => {
    const error = await createWorker(configFor(`redis://127.0.0.1:${await freePort()}`), {
      logger: false,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('无法连接 Redis');
  });

  it('starts on a durable Redis, leaves one schedule per job however many start, and reports in', async () => {
    const redis = await redisWith([]);
    const workers = await Promise.all(
      [1, 2, 3].map(() => createWorker(configFor(redis.url), { logger: false })),
    );
    const queue = new Queue(QUEUES.system, { connection: { url: redis.url } });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['worker-heartbeat']);

    const client = new Redis(redis.url);
    const deadline = Date.now() + 15_000;
    let seen: string | null = null;
    while (!seen && Date.now() < deadline) {
      seen = await client.get(WORKER_HEARTBEAT_KEY);
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).not.toBeNull();
    client.disconnect();
    await queue.close();
    await Promise.all(workers.map((w) => w.close()));
  });
});
