import {
  allDelivered,
  expectEachDeliveredOnce,
  receipts,
  rig,
  shift,
  today,
  until,
} from './fixtures/reminder-rig';

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
});
