import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { dateIn, EVENT_STORE, handleCommand, READ_MODEL_DB } from '@sg/application';
import { loadConfig } from '@sg/config';
import {
  planDecider,
  planStream,
  taskDecider,
  taskStream,
  userDecider,
  userStream,
  type Decider,
  type Message,
} from '@sg/domain';
import { SqliteEventStore, uuidv7, type EventStore } from '@sg/event-store';
import { lastRunKey, QUEUES } from '@sg/jobs';
import { ProjectionRunner } from '@sg/read-models';
import type Database from 'better-sqlite3';
import { createWorker } from '../../apps/worker/src/bootstrap';

const OWNERS = 200;

async function decideAndAppend<S, C extends Message, E extends Message>(
  store: EventStore,
  stream: string,
  decider: Decider<S, C, E>,
  command: C,
): Promise<void> {
  const context = { actor: 'bench', correlationId: 'bench', now: new Date() };
  await handleCommand(store, stream, decider, command, context);
}

/**
 * A plan whose `n` tasks all fall due in three days, owned by 200 teachers: `n` reminders are due
 * today. Written through the deciders, so the events are exactly what the commands write.
 */
async function seed(file: string, n: number): Promise<string> {
  const store = new SqliteEventStore({ file, synchronous: 'FULL' });
  const planId = uuidv7();
  const levelId = uuidv7();
  const projectId = uuidv7();
  await decideAndAppend(store, planStream(planId), planDecider, {
    type: 'CreatePlan',
    data: { planId, name: '基准方案', school: '基准学院', startYear: 2024, endYear: 2028 },
  });
  await decideAndAppend(store, planStream(planId), planDecider, {
    type: 'AddLevel',
    data: { planId, levelId, name: '学校层面', kind: 'school', weight: '1' },
  });
  await decideAndAppend(store, planStream(planId), planDecider, {
    type: 'AddProject',
    data: { planId, projectId, levelId, code: '1', name: '项目1' },
  });
  const owners = Array.from({ length: OWNERS }, () => uuidv7());
  await Promise.all(
    owners.map((userId, i) =>
      decideAndAppend(store, userStream(userId), userDecider, {
        type: 'RegisterUser',
        data: { userId, username: `teacher${i}`, displayName: `教师${i}` },
      }),
    ),
  );
  const due = new Date(Date.parse(`${dateIn(new Date(), 'Asia/Shanghai')}T00:00:00Z`) + 3 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  for (let i = 0; i < n; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, n - i) }, (_, j) => {
        const taskId = uuidv7();
        return decideAndAppend(store, taskStream(taskId), taskDecider, {
          type: 'DefineTask',
          data: {
            taskId,
            planId,
            projectId,
            title: `任务${i + j}`,
            ownerId: owners[(i + j) % OWNERS],
            dueDate: due,
            period: { startYear: 2024, endYear: 2028 },
            owner: { userId: owners[(i + j) % OWNERS], exists: true, active: true, grants: [] },
          },
        });
      }),
    );
  }
  await store.close();
  return planId;
}

/** Seeded once per process and size; every round starts from a copy of it. */
const seeded = new Map<number, { dir: string; planId: string }>();

/**
 * Ours: a worker (with its read models caught up) is handed one reminder-scan job; timed until
 * all `n` reminders are appended to the log, each to its own stream written only if it does not
 * exist, and shown in the in-app inbox read model.
 */
export async function planAndDeliverReminders(n: number, redisUrl: string): Promise<number> {
  let base = seeded.get(n);
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bench-reminders-seed-'));
    base = { dir, planId: await seed(join(dir, 'events.sqlite'), n) };
    seeded.set(n, base);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-bench-reminders-'));
  copyFileSync(join(base.dir, 'events.sqlite'), join(dataDir, 'events.sqlite'));
  const redis = new Redis(redisUrl);
  // The worker would otherwise run the scan it "missed" as soon as it starts, before the clock.
  const now = String(Date.now());
  await redis.set(lastRunKey('reminder-scan', base.planId), now);
  await redis.set(lastRunKey('briefing-draft', base.planId), now);
  const worker = await createWorker(loadConfig({ DATA_DIR: dataDir, REDIS_URL: redisUrl }), {
    logger: false,
  });
  const queue = new Queue(QUEUES.notifications, { connection: { url: redisUrl } });
  try {
    const store = worker.get<symbol, EventStore>(EVENT_STORE);
    if (!(await worker.get(ProjectionRunner).waitFor(await store.headPosition(), 120_000))) {
      throw new Error('the worker did not catch up with the seeded log');
    }
    const db = worker.get<symbol, Database.Database>(READ_MODEL_DB);
    const inbox = db.prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM nt_messages WHERE kind = 'reminder'",
    );
    const started = process.hrtime.bigint();
    const job = await queue.add(
      'reminder-scan',
      { planId: base.planId },
      { jobId: `bench-scan-${uuidv7()}` },
    );
    while (inbox.get()!.n < n) await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Off the clock: the job records its run and plans outside deliveries (none here) before it ends.
    while ((await job.getState()) !== 'completed') await new Promise((resolve) => setTimeout(resolve, 20));
    return seconds;
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await worker.close();
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Removes the seeded logs (call once at the end of the run). */
export function removeReminderSeeds(): void {
  for (const { dir } of seeded.values()) rmSync(dir, { recursive: true, force: true });
  seeded.clear();
}
