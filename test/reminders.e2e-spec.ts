import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateIn, EVENT_STORE } from '../libs/application/src';
import { freePort, startLocalRedis, type LocalRedis } from '../libs/config/src';
import type { EventStore, RecordedEvent } from '../libs/event-store/src';
import { startApi, type ApiHarness } from './api-harness';
import { startMailServer, startRobots, type MailServer, type Robots } from './fixtures/outside-channels';

const WORKER = join(__dirname, '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const DAY = 86_400_000;
const today = () => dateIn(new Date(), 'Asia/Shanghai');
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<Exclude<T, false | undefined | null | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, false | undefined | null | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Everything one scenario runs on: its own Redis, SMTP server, robots, API and worker processes. */
interface Rig {
  api: ApiHarness;
  dataDir: string;
  redis: LocalRedis;
  redisDir: string;
  mail: MailServer;
  robots: Robots;
  workers: ChildProcess[];
  startWorker(env?: Record<string, string>): Promise<ChildProcess>;
  /** Tasks named 任务1…任务n, each owned by its own teacher who takes email reminders. */
  tasks: { taskId: string; title: string; email: string }[];
  planId: string;
  projectId: string;
  events(type: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

async function rig(
  taskCount: number,
  options: { acceptDelayMs?: number; attempts?: number } = {},
): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-reminders-'));
  const redisDir = mkdtempSync(join(tmpdir(), 'sg-reminders-redis-'));
  const redis = await startLocalRedis({
    binary: process.env.TEST_REDIS_BINARY!,
    dir: redisDir,
    port: await freePort(),
  });
  const mail = await startMailServer({ acceptDelayMs: options.acceptDelayMs });
  const robots = await startRobots();
  const api = await startApi({ DATA_DIR: dataDir, REDIS_URL: redis.url });
  const { planId, projectId } = await api.createPlan();
  const tasks: Rig['tasks'] = [];
  for (let i = 1; i <= taskCount; i++) {
    const email = `teacher${i}@example.edu.cn`;
    const { userId, client } = await api.createUser(`teacher${i}`);
    await client
      .put('/api/me/notification-preferences')
      .send({
        email: true,
        emailAddress: email,
        mobile: `1380000${String(i).padStart(4, '0')}`,
        wecom: true,
        dingtalk: true,
      })
      .expect(200);
    // Half due within the week, half overdue: each is one reminder today.
    const dueDate = i % 2 === 0 ? shift(today(), 3) : shift(today(), -2);
    const title = `任务${i}`;
    tasks.push({
      taskId: await api.defineTask({ planId, projectId }, userId, { title, dueDate }),
      title,
      email,
    });
  }
  const workers: ChildProcess[] = [];
  const store = api.app.get<symbol, EventStore>(EVENT_STORE);
  const r: Rig = {
    api,
    dataDir,
    redis,
    redisDir,
    mail,
    robots,
    workers,
    tasks,
    planId,
    projectId,
    async startWorker(env = {}) {
      const child = spawn(process.execPath, [WORKER], {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          REDIS_URL: r.redis.url,
          SMTP_URL: mail.url,
          WECOM_WEBHOOK_URL: robots.wecomUrl,
          DINGTALK_WEBHOOK_URL: robots.dingtalkUrl,
          DINGTALK_SECRET: robots.dingtalkSecret,
          RECONCILE_INTERVAL_MS: '300',
          DELIVERY_BACKOFF_MS: '50',
          DELIVERY_ATTEMPTS: String(options.attempts ?? 5),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (process.env.DEBUG_WORKER) process.stderr.write(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (process.env.DEBUG_WORKER) process.stderr.write(chunk);
      });
      workers.push(child);
      await until('the worker to start', () => output.includes('started') || child.exitCode !== null, 20_000);
      if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
      return child;
    },
    async events(type) {
      return (await store.readAll()).filter((e) => e.type === type);
    },
    async close() {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      await api.close();
      await r.redis.stop('SIGKILL');
      await mail.close();
      await robots.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(redisDir, { recursive: true, force: true });
    },
  };
  return r;
}

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/** How many times each task's reminder reached each channel. */
function receipts(r: Rig): { email: number[]; messageIds: number[]; wecom: number[]; dingtalk: number[] } {
  const robot = (path: string) => {
    const posts = countBy(
      r.robots.posts.filter((p) => p.path === path),
      (p) => /任务\d+/.exec(p.body.text.content)?.[0] ?? '',
    );
    return r.tasks.map((t) => posts.get(t.title) ?? 0);
  };
  const mails = countBy(r.mail.accepted, (m) => m.to);
  return {
    email: r.tasks.map((t) => mails.get(t.email) ?? 0),
    // A copy sent again after a crash carries the same Message-ID: mail systems that drop
    // duplicates by Message-ID show it once.
    messageIds: r.tasks.map(
      (t) => new Set(r.mail.accepted.filter((m) => m.to === t.email).map((m) => m.messageId)).size,
    ),
    wecom: robot('/cgi-bin/webhook/send'),
    dingtalk: robot('/dingtalk/robot/send'),
  };
}

/** Every task's reminder reached every channel exactly once. */
function expectEachDeliveredOnce(r: Rig): void {
  const once = r.tasks.map(() => 1);
  expect(receipts(r)).toEqual({ email: once, messageIds: once, wecom: once, dingtalk: once });
}

const allDelivered = (r: Rig) => async () => {
  const done =
    new Set(r.mail.accepted.map((m) => m.to)).size >= r.tasks.length &&
    r.robots.posts.length >= 2 * r.tasks.length;
  if (!done && process.env.DEBUG_WORKER) {
    const { Queue } = await import('bullmq');
    const queue = new Queue('notifications', { connection: { url: r.redis.url } });
    const counts = await queue.getJobCounts();
    await queue.close();
    process.stderr.write(
      `mail ${r.mail.accepted.length} robots ${r.robots.posts.length} sent ${(await r.events('ReminderSent')).length} ` +
        `delivered ${(await r.events('NotificationDelivered')).length} jobs ${JSON.stringify(counts)}\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return done;
};

describe('reminders', () => {
  jest.setTimeout(180_000);

  it('sends each due reminder once: to the inbox, by email, to the WeCom and DingTalk robots; scanning again sends nothing', async () => {
    const r = await rig(4);
    try {
      await r.startWorker();
      await until('every delivery', allDelivered(r));
      expectEachDeliveredOnce(r);

      const sent = await r.events('ReminderSent');
      expect(sent.map((e) => (e.data as { key: string }).key).sort()).toEqual(
        r.tasks
          .map((t, i) =>
            (i + 1) % 2 === 0
              ? `task-due-soon:${t.taskId}:${shift(today(), 3)}`
              : `task-overdue:${t.taskId}:${shift(today(), -2)}:0`,
          )
          .sort(),
      );

      // The email a teacher gets, in Chinese, with a Message-ID that names the delivery.
      const mail = r.mail.accepted.find((m) => m.to === r.tasks[1].email)!;
      expect(mail.subject).toBe('【双高计划】任务即将到期：任务2');
      expect(mail.text).toContain('还有 3 天');
      expect(mail.messageId).toMatch(/^<[0-9a-f]{40}@shuanggao\.platform>$/);
      // The robots' own formats: WeCom @mentions by mobile; DingTalk signed and @mentioning.
      const wecom = r.robots.posts.find(
        (p) => p.path === '/cgi-bin/webhook/send' && p.body.text.content.includes('任务2'),
      )!;
      expect(wecom.body).toEqual({
        msgtype: 'text',
        text: {
          content: expect.stringContaining('任务即将到期：任务2') as string,
          mentioned_mobile_list: ['13800000002'],
        },
      });
      const ding = r.robots.posts.find(
        (p) => p.path === '/dingtalk/robot/send' && p.body.text.content.includes('任务1'),
      )!;
      expect(ding.body.at).toEqual({ atMobiles: ['13800000001'], isAtAll: false });
      expect(ding.query.get('access_token')).toBe('test-token');

      // The owner's inbox shows it, unread, and can mark it read.
      const owner = await r.api.signIn('teacher1');
      const inbox = (await owner.get('/api/me/notifications').expect(200)).body as {
        items: { id: string; title: string; readAt: string | null; link: string }[];
        unread: number;
      };
      expect(inbox.unread).toBe(1);
      expect(inbox.items[0]).toMatchObject({
        title: '任务已逾期：任务1',
        readAt: null,
        link: `/tasks?task=${r.tasks[0].taskId}`,
      });
      await owner.post(`/api/me/notifications/${inbox.items[0].id}/read`).send({}).expect(201);
      expect((await owner.get('/api/me/notifications?unread=true').expect(200)).body).toEqual({
        items: [],
        unread: 0,
      });
      // Someone else's notification is not theirs to mark.
      const other = await r.api.signIn('teacher2');
      const refused = await other
        .post(`/api/me/notifications/${inbox.items[0].id}/read`)
        .send({})
        .expect(404);
      expect(refused.body.code).toBe('notification-not-found');

      // A second worker and a repeated scan find every reminder already sent.
      const before = r.mail.accepted.length + r.robots.posts.length;
      await r.startWorker();
      const { Queue } = await import('bullmq');
      const queue = new Queue('notifications', { connection: { url: r.redis.url } });
      const job = await queue.add('reminder-scan', { planId: r.planId }, { jobId: 'scan-again' });
      await until('the repeated scan', async () => (await job.getState()) === 'completed');
      await queue.close();
      // A teacher who changes their address later is not sent the old reminders again.
      const teacher3 = await r.api.signIn('teacher3');
      await teacher3
        .put('/api/me/notification-preferences')
        .send({
          email: true,
          emailAddress: 'new3@example.edu.cn',
          mobile: null,
          wecom: false,
          dingtalk: false,
        })
        .expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await r.events('ReminderSent')).length).toBe(r.tasks.length);
      expect(r.mail.accepted.length + r.robots.posts.length).toBe(before);
    } finally {
      await r.close();
    }
  });

  it('retries a refused delivery with backoff, lists it as failed when retries run out, and delivers it when an administrator retries', async () => {
    const r = await rig(2, { attempts: 3 });
    try {
      r.mail.refuse.add(r.tasks[0].email);
      await r.startWorker();
      const failed = await until('the failed list', async () => {
        const items = (await r.api.admin.get('/api/deliveries/failed').expect(200)).body.items as {
          id: string;
          channel: string;
          attempts: number;
          lastError: string;
          recipientName: string;
          title: string;
        }[];
        return items.length > 0 && items;
      });
      expect(failed).toEqual([
        expect.objectContaining({
          channel: 'email',
          attempts: 3,
          recipientName: 'teacher1',
          title: '任务已逾期：任务1',
        }),
      ]);
      expect(failed[0].lastError).toContain('550');
      expect(r.mail.accepted.map((m) => m.to)).toEqual([r.tasks[1].email]);

      // Retrying something that did not fail is refused, and changes nothing.
      const bogus = await r.api.admin
        .post(`/api/deliveries/${'b'.repeat(40)}/retry`)
        .send({})
        .expect(409);
      expect(bogus.body.code).toBe('delivery-not-failed');

      r.mail.refuse.clear();
      await r.api.admin
        .post(`/api/deliveries/${failed[0].id}/retry`)
        .send({ reason: '邮箱已修复' })
        .expect(201);
      await until('the retried mail', () => r.mail.accepted.some((m) => m.to === r.tasks[0].email));
      await until(
        'an empty failed list',
        async () => (await r.api.admin.get('/api/deliveries/failed')).body.items.length === 0,
      );
      expectEachDeliveredOnce(r);
      const audit = (await r.events('DeliveryRetryRequested'))[0];
      expect(audit.metadata.reason).toBe('邮箱已修复');
    } finally {
      await r.close();
    }
  });

  it('delivers every due reminder once although the worker is killed with SIGKILL mid-batch', async () => {
    const r = await rig(30, { acceptDelayMs: 30 });
    try {
      const first = await r.startWorker();
      let started = 0;
      const killed = new Promise<void>((resolve) => {
        r.mail.onDataStart = () => {
          if (++started === 10) {
            first.kill('SIGKILL');
            resolve();
          }
        };
      });
      await killed;
      r.mail.onDataStart = undefined;
      const acceptedAtKill = new Set(r.mail.accepted.map((m) => m.to)).size;
      expect(acceptedAtKill).toBeLessThan(r.tasks.length);
      await r.startWorker();
      await until('every delivery after the restart', allDelivered(r), 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));

      // Recorded exactly once, whatever the kill interrupted.
      expect((await r.events('ReminderSent')).length).toBe(r.tasks.length);
      expect((await r.events('NotificationDelivered')).length).toBe(3 * r.tasks.length);
      // Received at least once everywhere. A send the server accepted in the instant before the kill,
      // whose acceptance the worker never recorded, is sent again (at-least-once, ADR 0011): at most
      // one per send in flight (the queue runs four at a time), and an email copy keeps its Message-ID.
      const seen = receipts(r);
      const once = r.tasks.map(() => 1);
      expect(seen.messageIds).toEqual(once);
      const all = [...seen.email, ...seen.wecom, ...seen.dingtalk];
      expect(all.every((n) => n >= 1)).toBe(true);
      const duplicates = all.reduce((sum, n) => sum + n - 1, 0);
      expect(duplicates).toBeLessThanOrEqual(4);
      process.stdout.write(`SIGKILL mid-batch: ${all.length} deliveries, ${duplicates} sent twice\n`);
    } finally {
      await r.close();
    }
  });

  it('loses no reminder when Redis freezes or is killed and comes back empty, and the API says so at once meanwhile', async () => {
    const r = await rig(16, { acceptDelayMs: 40 });
    const healthWhileDown = async () => {
      const started = Date.now();
      const health = await r.api.anonymous.get('/api/health');
      return { ms: Date.now() - started, redis: (health.body as { redis: { status: string } }).redis.status };
    };
    try {
      await r.startWorker();
      await until('some deliveries', () => r.mail.accepted.length >= 3);

      // Frozen (SIGSTOP) mid-batch, then thawed: the worker carries on where it was.
      r.redis.process.kill('SIGSTOP');
      const frozen = await healthWhileDown();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      r.redis.process.kill('SIGCONT');
      await until('more deliveries', () => r.mail.accepted.length >= 8);

      // Killed, its data gone, started again empty on the same port.
      await r.redis.stop('SIGKILL');
      rmSync(r.redisDir, { recursive: true, force: true });
      const killed = await healthWhileDown();
      r.redis = await startLocalRedis({
        binary: process.env.TEST_REDIS_BINARY!,
        dir: r.redisDir,
        port: r.redis.port,
      });
      await until('every delivery after Redis came back empty', allDelivered(r), 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));

      expect([frozen.redis, killed.redis]).toEqual(['down', 'down']);
      expect(Math.max(frozen.ms, killed.ms)).toBeLessThan(3000);
      expectEachDeliveredOnce(r);
      expect((await r.events('ReminderSent')).length).toBe(r.tasks.length);
      // The reconciler put the plan's two schedules back.
      const { Queue } = await import('bullmq');
      const queue = new Queue('notifications', { connection: { url: r.redis.url } });
      expect((await queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
        `briefing-draft-${r.planId}`,
        `reminder-scan-${r.planId}`,
      ]);
      await queue.close();
    } finally {
      await r.close();
    }
  });
});
