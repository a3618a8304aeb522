import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, type ApiHarness } from './api-harness';

/** The read routes the web UI needs beyond the rest of the API, and the UI served at `/`. */
describe('routes for the web UI', () => {
  let api: ApiHarness;
  let plan: { planId: string; levelId: string; projectId: string };
  let owner: Awaited<ReturnType<ApiHarness['createUser']>>;
  let taskId: string;

  beforeAll(async () => {
    api = await startApi();
    plan = await api.createPlan({ code: '1', name: '党建引领' });
    await api.createPlan({ code: '9', name: '别的方案' });
    owner = await api.createUser('owner-ui');
    taskId = await api.defineTask(plan, owner.userId, { title: '我的任务', dueDate: '2022-06-30' });
  });
  afterAll(() => api.close());

  it('lists the plans a person may read: all for the office, the owner only theirs', async () => {
    const all = await api.admin.get('/api/plans').expect(200);
    expect(all.body.items).toHaveLength(2);
    const mine = await owner.client.get('/api/plans').expect(200);
    expect(mine.body.items.map((p: { planId: string }) => p.planId)).toEqual([plan.planId]);
    const outsider = await api.createUser('outsider-ui');
    await outsider.client.get('/api/plans').expect(200, { items: [] });
  });

  it("lists a person's own tasks with their project and completion", async () => {
    const res = await owner.client.get('/api/me/tasks').expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        taskId,
        title: '我的任务',
        dueDate: '2022-06-30',
        projectCode: '1',
        projectName: '党建引领',
        completion: '0',
        completionPercent: '0%',
        latestSubmission: null,
      }),
    ]);
    await api.admin.get('/api/me/tasks').expect(200, { items: [] });
  });

  it("lists a project's tasks to those who may read the project", async () => {
    const res = await api.admin.get(`/api/projects/${plan.projectId}/tasks`).expect(200);
    expect(res.body.items.map((t: { taskId: string }) => t.taskId)).toEqual([taskId]);
    await owner.client.get(`/api/projects/${plan.projectId}/tasks`).expect(403);
  });

  it("shows a submission's history, rejection reason included, to its submitter", async () => {
    await api.configureChain(plan.planId, [
      { name: '项目办审核', rule: { kind: 'any' }, reviewers: { roles: ['office'], users: [] } },
    ]);
    const submissionId = (
      await owner.client
        .post(`/api/tasks/${taskId}/submissions`)
        .send({ completion: '0.5', effectiveDate: '2021-12-31', narrative: '进展', evidenceIds: [] })
        .expect(201)
    ).body.id as string;
    await api.admin
      .post(`/api/submissions/${submissionId}/reject`)
      .send({ reason: '请补充佐证' })
      .expect(201);
    // The chain reads back as configured, to anyone who may read the plan.
    const chains = await owner.client.get(`/api/plans/${plan.planId}/approval-chains`).expect(200);
    expect(chains.body).toEqual({
      items: [
        {
          scope: 'plan',
          stages: [
            { name: '项目办审核', rule: { kind: 'any' }, reviewers: { roles: ['office'], users: [] } },
          ],
        },
      ],
    });
    const mine = await owner.client.get('/api/me/tasks').expect(200);
    expect(mine.body.items[0].latestSubmission).toEqual({
      submissionId,
      status: 'rejected',
      stageName: '项目办审核',
      lastReason: '请补充佐证',
    });
    const res = await owner.client.get(`/api/submissions/${submissionId}/history`).expect(200);
    expect(res.body.items.map((i: { summary: string }) => i.summary)).toEqual([
      expect.stringContaining('提交'),
      '第 1 级审核退回：请补充佐证',
    ]);
    expect(res.body.items[1].actor.name).toBe('项目办管理员');
    const other = await api.createUser('other-ui');
    await other.client.get(`/api/submissions/${submissionId}/history`).expect(403);
  });

  it('serves the built web UI at / with a fallback for page paths, and Problem Details under /api', async () => {
    const built = existsSync(join(__dirname, '..', 'dist', 'web', 'index.html'));
    if (!built) throw new Error('dist/web is missing: run npm run build before the tests');
    const index = await api.anonymous.get('/').expect(200);
    expect(index.text).toContain('<div id="root">');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const page = await api.anonymous.get('/reviews').expect(200);
    expect(page.text).toBe(index.text);
    const unknown = await api.anonymous.get('/api/no-such-route').expect(404);
    expect(unknown.body).toMatchObject({ code: 'route-not-found', title: '找不到所要的内容' });
  });
});
