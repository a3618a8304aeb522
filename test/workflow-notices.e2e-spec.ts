import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { startApi, type ApiHarness, type Client } from './api-harness';

interface Notice {
  id: string;
  kind: string;
  rule: string;
  title: string;
  body: string;
  link: string;
  readAt: string | null;
}

const inbox = async (client: Client) =>
  ((await client.get('/api/me/notifications?limit=200').expect(200)).body as { items: Notice[] }).items;

/** Polls the user's inbox until a notice of `rule` beyond the `known` ones arrives; fails after `ms`. */
async function arrives(client: Client, rule: string, known: number, ms = 1000) {
  const started = Date.now();
  for (;;) {
    const items = (await inbox(client)).filter((n) => n.rule === rule);
    if (items.length > known) return { notice: items[0], items, elapsed: Date.now() - started };
    if (Date.now() - started > ms) throw new Error(`no ${rule} notice within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Workflow notices (ADR 0019): each transition of a submission tells the people it concerns in
 * their inbox at once, once — through replays and restarts of the process manager.
 */
describe('workflow notices', () => {
  jest.setTimeout(60_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-notices-'));
  let api: ApiHarness;
  let owner: { userId: string; client: Client };
  let lead1: { userId: string; client: Client };
  let lead2: { userId: string; client: Client };
  let office1: { userId: string; client: Client };
  let office2: { userId: string; client: Client };
  let taskId: string;
  let submissionId: string;
  let planOfTask: string;

  beforeAll(async () => {
    api = await startApi({ DATA_DIR: dataDir });
    owner = await api.createUser('teacher.wang');
    const { planId, projectId } = await api.createPlan({ name: '党建引领示范' });
    lead1 = await api.createUser('lead.li', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    lead2 = await api.createUser('lead.zhou', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    office1 = await api.createUser('office.zhao', [{ role: 'office', scope: `plan:${planId}` }]);
    // Joins the office after the report is sent, so that only a transfer makes her its reviewer.
    office2 = await api.createUser('office.qian');
    planOfTask = planId;
    taskId = await api.defineTask({ planId, projectId }, owner.userId, { title: '建成全国样板党支部' });
    await api.configureChain(planId);
  });
  afterAll(async () => {
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const report = (narrative: string) => async () => {
    const evidenceId = await api.uploadEvidence(owner.client, taskId, '证书.pdf');
    return { completion: '0.8', effectiveDate: '2023-06-30', narrative, evidenceIds: [evidenceId] };
  };

  it('asks the first stage’s reviewers when a report is submitted, and counts it on their 待办 badge', async () => {
    const body = await report('获评全国样板党支部')();
    submissionId = (await owner.client.post(`/api/tasks/${taskId}/submissions`).send(body).expect(201)).body
      .id as string;
    for (const reviewer of [lead1, lead2]) {
      const { notice, elapsed } = await arrives(reviewer.client, 'review-requested', 0);
      expect(elapsed).toBeLessThan(1000);
      expect(notice).toMatchObject({
        kind: 'workflow',
        title: '待审核：建成全国样板党支部',
        body: 'teacher.wang 提交了「建成全国样板党支部」的第 1 版进展（完成度 80%），请在「项目负责人审核」环节审核（提交人：teacher.wang）。',
        link: `/reviews?submission=${submissionId}`,
        readAt: null,
      });
      expect((await reviewer.client.get('/api/me/counts').expect(200)).body).toEqual({
        reviews: 1,
        unread: 1,
      });
    }
    // Not yet the second stage's, and nothing for the submitter.
    expect(await inbox(office1.client)).toEqual([]);
    expect(await inbox(owner.client)).toEqual([]);
    expect((await owner.client.get('/api/me/counts').expect(200)).body).toEqual({ reviews: 0, unread: 0 });
  });

  it('tells the submitter of a rejection, with the reason, within a second — once', async () => {
    // The page's badge request waits on the server for the counts to change.
    const waiting = owner.client.get('/api/me/counts?unread=0&reviews=0&wait=10').then((res) => ({
      body: res.body as { unread: number; reviews: number },
      at: Date.now(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await lead1.client
      .post(`/api/submissions/${submissionId}/reject`)
      .send({ reason: '请补充表彰文件的扫描件' })
      .expect(201);
    const { notice } = await arrives(owner.client, 'submission-returned', 0);
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(1000);
    process.stdout.write(`rejection → the submitter's inbox: ${latency} ms (reject request included)\n`);
    const badge = await waiting;
    expect(badge.body).toEqual({ reviews: 0, unread: 1 });
    expect(badge.at - started).toBeLessThan(1000);
    expect(notice).toMatchObject({
      title: '提交被退回：建成全国样板党支部',
      body: '您就「建成全国样板党支部」提交的第 1 版在「项目负责人审核」环节被 lead.li 退回，原因：请补充表彰文件的扫描件。请修改后重新提交。',
      link: `/tasks?task=${taskId}`,
    });
    // The 待办 badge of both leads drops; the teacher's 通知 badge shows it.
    expect((await lead2.client.get('/api/me/counts').expect(200)).body.reviews).toBe(0);
    expect((await owner.client.get('/api/me/counts').expect(200)).body).toEqual({ reviews: 0, unread: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await inbox(owner.client)).toHaveLength(1);
  });

  it('asks the next stage when one completes, the new reviewer on a transfer, and tells the submitter of both and of the approval', async () => {
    await owner.client
      .post(`/api/submissions/${submissionId}/resubmit`)
      .send(await report('获评全国样板党支部（附表彰文件）')())
      .expect(201);
    const asked = await arrives(lead2.client, 'review-requested', 1);
    expect(asked.notice.body).toContain('第 2 版');

    await lead2.client.post(`/api/submissions/${submissionId}/approve`).send({}).expect(201);
    const next = await arrives(office1.client, 'review-requested', 0);
    expect(next.notice.body).toBe(
      '「建成全国样板党支部」的第 2 版提交已通过「项目负责人审核」环节，请在「项目办审核」环节审核（提交人：teacher.wang）。',
    );
    expect((await office1.client.get('/api/me/counts').expect(200)).body.reviews).toBe(1);

    // A transfer goes only to someone the stage could name now (issue 12): she holds the office role.
    await api.admin
      .post(`/api/users/${office2.userId}/roles`)
      .send({ role: 'office', scope: `plan:${planOfTask}` })
      .expect(201);
    await office1.client
      .post(`/api/submissions/${submissionId}/transfer`)
      .send({ to: office2.userId, reason: '本人出差，请钱老师审核' })
      .expect(201);
    const transferred = await arrives(office2.client, 'review-transferred', 0);
    expect(transferred.notice).toMatchObject({
      title: '转办待审核：建成全国样板党支部',
      body: 'office.zhao 将「建成全国样板党支部」第 2 版提交在「项目办审核」环节的审核转给您，原因：本人出差，请钱老师审核。请尽快审核（提交人：teacher.wang）。',
    });
    const told = await arrives(owner.client, 'submission-transferred', 0);
    expect(told.notice.body).toContain('改由 office.qian 审核');
    expect((await office2.client.get('/api/me/counts').expect(200)).body.reviews).toBe(1);
    expect((await office1.client.get('/api/me/counts').expect(200)).body.reviews).toBe(0);

    await office2.client.post(`/api/submissions/${submissionId}/approve`).send({}).expect(201);
    const approved = await arrives(owner.client, 'submission-approved', 0);
    expect(approved.notice).toMatchObject({
      title: '审核通过：建成全国样板党支部',
      body: '您就「建成全国样板党支部」提交的第 2 版已通过全部审核，完成度 80% 已记入任务进展。',
    });
    expect((await owner.client.get('/api/me/counts').expect(200)).body).toEqual({ reviews: 0, unread: 3 });
  });

  it('answers a counts request at once when the page’s counts are out of date, and refuses a bad wait with Problem Details', async () => {
    const started = Date.now();
    const stale = await owner.client.get('/api/me/counts?unread=0&reviews=0&wait=5').expect(200);
    expect(stale.body).toEqual({ reviews: 0, unread: 3 });
    expect(Date.now() - started).toBeLessThan(1000);
    const refused = await owner.client.get('/api/me/counts?unread=3&reviews=0&wait=600').expect(400);
    expect(refused.body).toMatchObject({ status: 400, code: expect.any(String) as string });
    expect(refused.body.detail).toContain('wait：格式不正确');
    await owner.client.get('/api/me/counts?since=1').expect(400);
  });

  it('shows the process manager in /api/health with its lag and an empty outbox', async () => {
    const health = (await api.anonymous.get('/api/health').expect(200)).body as {
      projections: { name: string; lag: number; outbox?: { pending: number } }[];
    };
    expect(health.projections.find((p) => p.name === 'workflow-notices')).toMatchObject({
      lag: expect.any(Number) as number,
      outbox: { pending: 0, oldestPendingAt: null },
    });
  });

  it('notifies no one twice when the process manager replays the whole log after a restart', async () => {
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const notices = async () => (await store.readAll()).filter((e) => e.type === 'WorkflowNoticeSent');
    const before = await notices();
    // Keys are unique: one event per transition and rule.
    const keys = before.map((e) => (e.data as { key: string }).key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(7);

    // Stops the API; our data directory stays (the harness removes only a directory of its own).
    await api.close();
    // Forget the manager's checkpoint and state: at the next start it reads the log from the beginning.
    const db = new Database(join(dataDir, 'read-models.sqlite'));
    db.prepare("DELETE FROM projection_checkpoints WHERE name = 'workflow-notices'").run();
    db.close();
    api = await startApi({ DATA_DIR: dataDir });
    const again = api.app.get<symbol, EventStore>(EVENT_STORE);
    for (let i = 0; i < 50; i++) {
      const health = (await api.anonymous.get('/api/health')).body as {
        projections: { name: string; lag: number; outbox?: { pending: number } }[];
      };
      const pm = health.projections.find((p) => p.name === 'workflow-notices');
      if (pm && pm.lag === 0 && pm.outbox?.pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = (await again.readAll()).filter((e) => e.type === 'WorkflowNoticeSent');
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(await inbox(await api.signIn('teacher.wang'))).toHaveLength(3);
  });
});
