import { stage, type Client } from './api-harness';
import { eventually } from './eventually';
import { rig, shift, today, until, type Rig } from './fixtures/reminder-rig';

/**
 * Workflow notices over the outside channels (ADR 0019), with the worker run as a process
 * (`npx nest build worker` first): one email per recipient and transition, through a SIGKILL of
 * the worker; and the daily digest for those who asked for it.
 */
const LEAD_EMAIL = 'li@example.edu.cn';

describe('workflow notices by email', () => {
  jest.setTimeout(180_000);

  /** A teacher with a task due in two months (no reminder is due), a project lead reviewing it. */
  async function scenario(r: Rig, teachers: { name: string; email: string; digest: boolean }[]) {
    const lead = await r.api.createUser('lead.li', [
      { role: 'project-lead', scope: `project:${r.projectId}` },
    ]);
    await lead.client
      .put('/api/me/notification-preferences')
      .send({ email: true, emailAddress: LEAD_EMAIL, mobile: null, wecom: false, dingtalk: false })
      .expect(200);
    await r.api.configureChain(r.planId, [stage('项目负责人审核', 'any', { roles: ['project-lead'] })]);
    const people: { client: Client; email: string; submit(title: string): Promise<string> }[] = [];
    for (const t of teachers) {
      const { userId, client } = await r.api.createUser(t.name);
      await client
        .put('/api/me/notification-preferences')
        .send({
          email: true,
          emailAddress: t.email,
          mobile: null,
          wecom: false,
          dingtalk: false,
          digest: t.digest,
        })
        .expect(200);
      people.push({
        client,
        email: t.email,
        async submit(title) {
          const taskId = await r.api.defineTask({ planId: r.planId, projectId: r.projectId }, userId, {
            title,
            dueDate: shift(today(), 60),
          });
          const evidenceId = await r.api.uploadEvidence(client, taskId, '证书.pdf');
          return r.api.submit(client, taskId, {
            effectiveDate: today(),
            narrative: '阶段进展',
            evidenceIds: [evidenceId],
          });
        },
      });
    }
    return { lead, people };
  }

  const mailsTo = (r: Rig, address: string) => r.mail.accepted.filter((m) => m.to === address);

  it('sends one in-app notice and one email per recipient for a rejection, although the worker is SIGKILLed and restarted in between', async () => {
    const r = await rig(0);
    try {
      const { lead, people } = await scenario(r, [
        { name: 'teacher.wang', email: 'wang@example.edu.cn', digest: false },
      ]);
      const [teacher] = people;
      await r.startWorker();
      const submissionId = await teacher.submit('建成全国样板党支部');

      await lead.client
        .post(`/api/submissions/${submissionId}/reject`)
        .send({ reason: '请补充表彰文件的扫描件' })
        .expect(201);
      // The worker dies at once, most likely before it has even read the notice from the log.
      r.workers[0].kill('SIGKILL');
      await until('the worker to die', () => r.workers[0].signalCode !== null);
      const beforeRestart = mailsTo(r, teacher.email).length;
      // The inbox does not wait for the worker; it follows the rejection within its lag (ADR 0038).
      await eventually(async () => {
        const inbox = (await teacher.client.get('/api/me/notifications').expect(200)).body as {
          items: { title: string; body: string }[];
        };
        expect(inbox.items).toEqual([
          expect.objectContaining({
            title: '提交被退回：建成全国样板党支部',
            body: expect.stringContaining('原因：请补充表彰文件的扫描件') as string,
          }),
        ]);
      });

      await r.startWorker();
      // A delivery the killed worker held comes back once its lock expires (ADR 0011: ~15 s).
      await until(
        'the rejection email and the review request',
        () => mailsTo(r, teacher.email).length > 0 && mailsTo(r, LEAD_EMAIL).length > 0,
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const mails = mailsTo(r, teacher.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe('【双高计划】提交被退回：建成全国样板党支部');
      // The reviewer was asked once too, by email.
      expect(mailsTo(r, LEAD_EMAIL).map((m) => m.subject)).toEqual([
        '【双高计划】待审核：建成全国样板党支部',
      ]);
      expect(mails[0].text).toContain('原因：请补充表彰文件的扫描件');
      expect(mails[0].text).toContain(`/tasks?task=`);
      expect(
        (await r.events('WorkflowNoticeSent')).filter(
          (e) => (e.data as { rule: string }).rule === 'submission-returned',
        ),
      ).toHaveLength(1);
      expect((await teacher.client.get('/api/me/notifications').expect(200)).body.items).toHaveLength(1);
      process.stdout.write(`rejection emails accepted before the restart: ${beforeRestart}\n`);
    } finally {
      await r.close();
    }
  });

  it('sends those who take the daily digest one email the next day with both of the day’s rejections, and the inbox at once', async () => {
    const r = await rig(0);
    try {
      const { lead, people } = await scenario(r, [
        { name: 'teacher.zhang', email: 'zhang@example.edu.cn', digest: true },
        { name: 'teacher.wang', email: 'wang@example.edu.cn', digest: false },
      ]);
      const [digested, immediate] = people;
      await r.startWorker();
      const first = await digested.submit('课程思政示范课');
      const second = await digested.submit('教学创新团队');
      const third = await immediate.submit('样板党支部');
      for (const [id, reason] of [
        [first, '缺少课程录像'],
        [second, '团队名单不完整'],
        [third, '请补充表彰文件'],
      ]) {
        await lead.client.post(`/api/submissions/${id}/reject`).send({ reason }).expect(201);
      }
      // In-app within the notices' lag (ADR 0038), for both.
      await eventually(async () => {
        const zhang = (await digested.client.get('/api/me/notifications').expect(200)).body as {
          items: { title: string }[];
        };
        expect(zhang.items.map((n) => n.title).sort()).toEqual([
          '提交被退回：教学创新团队',
          '提交被退回：课程思政示范课',
        ]);
      });
      await until(
        'the immediate emails',
        () => mailsTo(r, immediate.email).length > 0 && mailsTo(r, LEAD_EMAIL).length === 3,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(mailsTo(r, digested.email)).toEqual([]);

      // The morning run of the next day (08:00 in the plan's time zone) sends the digest.
      const { Queue } = await import('bullmq');
      const queue = new Queue('notifications', { connection: { url: r.redis.url } });
      const slot = Date.parse(`${shift(today(), 1)}T08:00:00+08:00`);
      const run = async (jobId: string) => {
        const job = await queue.add('reminder-scan', { planId: r.planId, slot }, { jobId });
        await until('the morning run', async () => (await job.getState()) === 'completed');
      };
      await run('morning-1');
      await until('the digest email', () => mailsTo(r, digested.email).length > 0);
      // Run again (a retry, a second worker): nothing more.
      await run('morning-2');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await queue.close();

      const digests = mailsTo(r, digested.email);
      expect(digests).toHaveLength(1);
      expect(digests[0].subject).toBe(`【双高计划】每日汇总：${today()} 共 2 条通知`);
      expect(digests[0].text).toContain('提交被退回：课程思政示范课');
      expect(digests[0].text).toContain('原因：缺少课程录像');
      expect(digests[0].text).toContain('提交被退回：教学创新团队');
      expect(digests[0].text).toContain('原因：团队名单不完整');
      expect(mailsTo(r, immediate.email)).toHaveLength(1);
      expect(mailsTo(r, LEAD_EMAIL)).toHaveLength(3);
      expect(await r.events('DigestCompiled')).toHaveLength(1);
      // The digest repeats what the inbox showed: it is not a notice of its own.
      expect((await digested.client.get('/api/me/notifications').expect(200)).body.items).toHaveLength(2);
      // A group robot post of a notice whose only recipient takes the digest is not made at once.
      await until('the group posts', () => r.robots.posts.length > 0);
      const texts = r.robots.posts.map((p) => p.body.text.content);
      expect(texts.some((p) => p.includes('提交被退回：课程思政示范课'))).toBe(false);
      expect(texts.some((p) => p.includes('提交被退回：样板党支部'))).toBe(true);
    } finally {
      await r.close();
    }
  });
});
