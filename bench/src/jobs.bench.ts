import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { join } from 'node:path';
import { ensureRedisServer, freePort, startLocalRedis } from '@sg/config';
import { alternate, format, median, type Bench, type ResultRow } from './harness';
import { planAndDeliverReminders, removeReminderSeeds } from './reminders.ours';

/**
 * Reminders: ours hands a worker one reminder-scan job for a plan with `n` tasks due; it plans
 * the due reminders from its read models and delivers each in-app exactly once (an append to a
 * stream of its own, written only if it does not exist), timed until the inbox read model shows
 * them all (see reminders.ours.ts). Raw: BullMQ addBulk of `n` jobs and a worker doing nothing.
 */
/** The raw limit: BullMQ addBulk of n jobs and a worker whose processor does nothing. */
async function rawBullmq(redisUrl: string, n: number, round: number): Promise<number> {
  const name = `bench-reminders-${round}-${process.hrtime.bigint()}`;
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = process.hrtime.bigint();
  const worker = new Worker(
    name,
    () => {
      if (++done === n) finish();
      return Promise.resolve();
    },
    { connection: workerConnection, concurrency: 50 },
  );
  const chunk = 1000;
  for (let i = 0; i < n; i += chunk) {
    await queue.addBulk(
      Array.from({ length: Math.min(chunk, n - i) }, (_, j) => ({
        name: 'reminder',
        data: { userId: `user-${(i + j) % 400}`, taskId: `task-${i + j}`, kind: 'due' },
        opts: { jobId: `reminder-${i + j}`, removeOnComplete: true },
      })),
    );
  }
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  await workerConnection.quit();
  return n / seconds;
}

export const jobsBench: Bench = async ({ quick, scratch, log }) => {
  const n = Number(process.env.BENCH_REMINDERS ?? 10_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 5));
  const redis = await startLocalRedis({
    binary: ensureRedisServer(log),
    dir: join(scratch, `redis-${process.pid}`),
    port: await freePort(),
  });
  try {
    log(`jobs: ${n} reminders, ${rounds} rounds, redis ${redis.url} (AOF on)`);
    let round = 0;
    const contenders: Record<string, () => Promise<number>> = {
      raw: () => rawBullmq(redis.url, n, round++),
    };
    contenders.ours = async () => n / (await planAndDeliverReminders(n, redis.url));
    const samples = await alternate(rounds, contenders, log);
    const raw = median(samples.raw);
    const ours = median(samples.ours);
    const row: ResultRow = {
      bench: 'jobs',
      figure: `plan and deliver ${n} in-app reminders, reminders/s`,
      unit: 'reminders/s',
      ours: `reminders ${format(ours)}`,
      oursMedian: ours,
      baseline: `raw BullMQ addBulk + no-op worker ${format(raw)}`,
      baselineMedian: raw,
      ratio: ours / raw,
      target: '≥ 0.5× raw',
      met: ours / raw >= 0.5,
      samples,
    };
    return [row];
  } finally {
    removeReminderSeeds();
    await redis.stop();
  }
};
