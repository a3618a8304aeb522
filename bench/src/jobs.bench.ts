import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@sg/event-store';
import { ensureRedisServer, freePort, startLocalRedis } from '@sg/config';
import { alternate, format, median, type Bench, type ResultRow } from './harness';
import { planAndDeliverReminders, removeReminderSeeds } from './reminders.ours';

/**
 * Reminders: ours hands a worker one reminder-scan job for a plan with `n` tasks due; it plans
 * the due reminders from its read models and delivers each in-app exactly once (an append to a
 * stream of its own, written only if it does not exist), timed until the inbox read model shows
 * them all (see reminders.ours.ts). Raw: BullMQ addBulk of `n` jobs and a worker doing nothing.
 */
/**
 * Queues `n` reminder jobs (addBulk, 1000 at a time) on a fresh queue and times a worker, 50 jobs at
 * a time, through all of them: jobs per second. `processor` calls `one()` once a job's work is done.
 */
async function timeJobs(
  redisUrl: string,
  name: string,
  n: number,
  processor: (job: Job, one: () => void) => Promise<void>,
): Promise<number> {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const one = () => {
    if (++done === n) finish();
  };
  const started = process.hrtime.bigint();
  const worker = new Worker(name, (job) => processor(job, one), {
    connection: workerConnection,
    concurrency: 50,
  });
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

/** The raw limit: BullMQ addBulk of n jobs and a worker whose processor does nothing. */
function rawBullmq(redisUrl: string, n: number, round: number): Promise<number> {
  return timeJobs(redisUrl, `bench-reminders-${round}-${process.hrtime.bigint()}`, n, (_, one) => {
    one();
    return Promise.resolve();
  });
}

/**
 * Like work: a job per reminder, as a queue-first application would do it, each job's worker
 * appending the delivery to a stream of its own (written only if it does not exist) in the same
 * event store, synchronous=FULL, 50 jobs at a time (so our group commit serves it as it serves
 * ours). What ours does on top: planning the reminders from the read models and the inbox
 * projection catching up before the clock stops.
 */
async function bullmqAppends(redisUrl: string, n: number, round: number, dir: string): Promise<number> {
  const name = `bench-deliveries-${round}-${process.hrtime.bigint()}`;
  const file = join(dir, `${name}.sqlite`);
  const store = new SqliteEventStore({ file, synchronous: 'FULL' });
  const perSecond = await timeJobs(redisUrl, name, n, async (job, one) => {
    const data = job.data as { userId: string; taskId: string; kind: string };
    await store.append(
      `delivery-${job.id}`,
      [
        {
          type: 'NotificationDelivered',
          data: { deliveryId: job.id, channel: 'in-app', userId: data.userId, taskId: data.taskId },
          metadata: { actor: 'system', time: new Date().toISOString(), correlationId: job.id! },
        },
      ],
      'no-stream',
    );
    one();
  });
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return perSecond;
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
    let likeRound = 0;
    contenders.like = () => bullmqAppends(redis.url, n, likeRound++, scratch);
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
    const like = median(samples.like);
    const likeRow: ResultRow = {
      bench: 'jobs',
      figure: `deliver ${n} in-app reminders, like work: a BullMQ job per reminder appending its delivery, reminders/s`,
      unit: 'reminders/s',
      ours: `reminders ${format(ours)}`,
      oursMedian: ours,
      baseline: `BullMQ job + event-store append each ${format(like)}`,
      baselineMedian: like,
      ratio: ours / like,
      target: 'none',
      met: null,
      note: 'ours also plans the reminders and waits for the inbox read model',
      samples: { ours: samples.ours, like: samples.like },
    };
    return [row, likeRow];
  } finally {
    removeReminderSeeds();
    await redis.stop();
  }
};
