import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { stage, startApi, type ApiHarness, type Client } from './api-harness';

/** Task search (paging, validation, who sees what), the 待办 list and batch approval over HTTP. */
describe('task search, the 待办 list and batch approval', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  let projectA: string;
  let projectB: string;
  let owner: { userId: string; client: Client };
  let other: { userId: string; client: Client };
  let lead: { userId: string; client: Client };
  let lead2: { userId: string; client: Client };
  let office1: { userId: string; client: Client };
  const tasks: string[] = [];
  const year = new Date().getFullYear();

  const submit = async (taskId: string) =>
    (
      await owner.client
        .post(`/api/tasks/${taskId}/submissions`)
        .send({
          completion: '0.5',
          effectiveDate: `${year - 1}-12-31`,
          narrative: '完成阶段建设',
          evidenceIds: [],
        })
        .expect(201)
    ).body.id as string;
  const eventsOf = async (submissionId: string) =>
    (await store.readStream(`submission-${submissionId}`)).map((e) => e.type);

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    ({ planId, projectId: projectA } = await api.createPlan({
      code: '1',
      name: '党建引领示范',
      startYear: year - 3,
      endYear: year + 2,
    }));
    const levelId = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body.levels[0]
      .levelId as string;
    projectB = (
      await api.admin
        .post(`/api/plans/${planId}/projects`)
        .send({ levelId, code: '2', name: '人才培养高地' })
        .expect(201)
    ).body.id as string;
    owner = await api.createUser('wang.laoshi');
    other = await api.createUser('zhao.laoshi');
    lead = await api.createUser('li.zhuren', [{ role: 'project-lead', scope: `project:${projectA}` }]);
    lead2 = await api.createUser('sun.zhuren', [
      { role: 'project-lead', scope: `project:${projectA}` },
      { role: 'reviewer', scope: `project:${projectB}` },
    ]);
    office1 = await api.createUser('office.zhang', [{ role: 'office', scope: `plan:${planId}` }]);
    const office2 = await api.createUser('office.qian', [{ role: 'office', scope: `plan:${planId}` }]);
    const define = (project: string, ownerId: string, fields: Record<string, unknown>) =>
      api.defineTask({ planId, projectId: project }, ownerId, fields);
    // Project 1: five tasks of the owner's (1.1–1.5), one of another teacher's (1.6); project 2: one (2.1).
    tasks.push(
      await define(projectA, owner.userId, { title: '思政课程示范课建设', dueDate: `${year + 1}-06-30` }),
    );
    tasks.push(
      await define(projectA, owner.userId, { title: '思政课程教学团队', dueDate: `${year + 1}-03-31` }),
    );
    tasks.push(
      await define(projectA, owner.userId, { title: '样板党支部创建', dueDate: `${year - 1}-12-31` }),
    );
    tasks.push(
      await define(projectA, owner.userId, {
        title: '课程思政案例库',
        year: year + 1,
        dueDate: `${year + 1}-12-31`,
      }),
    );
    tasks.push(await define(projectA, owner.userId, { title: '党建品牌培育', dueDate: `${year + 2}-12-31` }));
    tasks.push(
      await define(projectA, other.userId, { title: '思政课程资源平台', dueDate: `${year + 1}-12-31` }),
    );
    tasks.push(
      await define(projectB, owner.userId, { title: '现代学徒制试点', dueDate: `${year + 1}-12-31` }),
    );
    await api.configureChain(planId, [
      stage('项目负责人审核', 'any', { roles: ['project-lead', 'reviewer'] }),
      stage('项目办会签', 'all', { users: [office1.userId, office2.userId] }),
    ]);
  });
  afterAll(() => api.close());

  const search = (client: Client, query: Record<string, string | number>) =>
    client.get(`/api/plans/${planId}/tasks/search`).query(query);

  it('finds tasks by name, code, owner, year and project, a page at a time with the total', async () => {
    const byName = (await search(office1.client, { q: '思政课程', pageSize: 2 }).expect(200)).body;
    expect(byName).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(byName.items.map((t: { code: string }) => t.code)).toEqual(['1.1', '1.2']);
    const second = (await search(office1.client, { q: '思政课程', pageSize: 2, page: 2 }).expect(200)).body;
    expect(second).toMatchObject({ total: 3, page: 2 });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({
      code: '1.6',
      title: '思政课程资源平台',
      ownerName: 'zhao.laoshi',
      projectCode: '1',
      projectName: '党建引领示范',
      state: 'not-started',
      completionPercent: '0%',
    });
    const beyond = (await search(office1.client, { q: '思政课程', pageSize: 2, page: 5 }).expect(200)).body;
    expect(beyond).toMatchObject({ total: 3, items: [] });

    expect((await search(office1.client, { code: '1.3' }).expect(200)).body.items[0].title).toBe(
      '样板党支部创建',
    );
    expect((await search(office1.client, { code: '1' }).expect(200)).body.total).toBe(6);
    expect((await search(office1.client, { owner: other.userId }).expect(200)).body.total).toBe(1);
    expect((await search(office1.client, { year: year + 1 }).expect(200)).body.items[0].title).toBe(
      '课程思政案例库',
    );
    expect((await search(office1.client, { projectId: projectB }).expect(200)).body.items[0].code).toBe(
      '2.1',
    );
    // The owner's name finds their tasks too; by due date, the soonest first.
    const byOwner = (await search(office1.client, { q: 'zhao', sort: 'due' }).expect(200)).body;
    expect(byOwner.total).toBe(1);
    const byDue = (await search(office1.client, { sort: 'due', pageSize: 1 }).expect(200)).body;
    expect(byDue.items[0].title).toBe('样板党支部创建');
  });

  it('says where each task stands: past due, under review, sent back', async () => {
    expect((await search(office1.client, { state: 'overdue' }).expect(200)).body.items[0].title).toBe(
      '样板党支部创建',
    );
    const submissionId = await submit(tasks[1]);
    await lead.client
      .post(`/api/submissions/${submissionId}/reject`)
      .send({ reason: '请补充教学团队名单' })
      .expect(201);
    const rejected = (await search(office1.client, { state: 'rejected' }).expect(200)).body;
    expect(rejected.items.map((t: { title: string }) => t.title)).toEqual(['思政课程教学团队']);
    expect(rejected.items[0].latestSubmission).toMatchObject({
      status: 'rejected',
      lastReason: '请补充教学团队名单',
    });
  });

  it('lists only the tasks a reader may open: a teacher their own, a lead their project’s', async () => {
    const mine = (await search(other.client, {}).expect(200)).body;
    expect(mine.items.map((t: { title: string }) => t.title)).toEqual(['思政课程资源平台']);
    const leads = (await search(lead.client, { pageSize: 100 }).expect(200)).body;
    expect(leads.total).toBe(6);
    expect(leads.items.every((t: { projectId: string }) => t.projectId === projectA)).toBe(true);
  });

  it('refuses parameters it does not know and values out of range, naming each', async () => {
    for (const [query, field] of [
      [{ foo: '1' }, 'foo'],
      [{ cutoff: '2021-12-31' }, 'cutoff'],
      [{ pageSize: 500 }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ state: 'done' }, 'state'],
      [{ sort: 'owner' }, 'sort'],
      [{ year: 'last' }, 'year'],
      [{ owner: 'nobody' }, 'owner'],
    ] as const) {
      const res = await search(office1.client, query).expect(400);
      expect(res.body.code).toBe('validation-failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body.title).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lists 待办 with submitter, project, task, due date and time submitted, filtered and paged', async () => {
    const first = await submit(tasks[0]);
    const second = await submit(tasks[6]);
    const queue = (await lead.client.get('/api/reviews/queue').query({ pageSize: 10 }).expect(200)).body;
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({
      submissionId: first,
      submitterName: 'wang.laoshi',
      taskTitle: '思政课程示范课建设',
      taskCode: '1.1',
      projectName: '党建引领示范',
      dueDate: `${year + 1}-06-30`,
      stageRule: 'any',
    });
    expect(queue.items[0].submittedAtLocal).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const both = (
      await lead2.client.get('/api/reviews/queue').query({ sort: 'project', order: 'desc' }).expect(200)
    ).body;
    expect(both.items.map((s: { submissionId: string }) => s.submissionId)).toEqual([second, first]);
    const paged = (await lead2.client.get('/api/reviews/queue').query({ pageSize: 1, page: 2 }).expect(200))
      .body;
    expect(paged).toMatchObject({ total: 2, page: 2 });
    expect(paged.items).toHaveLength(1);
    const filtered = (await lead2.client.get('/api/reviews/queue').query({ q: '学徒' }).expect(200)).body;
    expect(filtered.items.map((s: { submissionId: string }) => s.submissionId)).toEqual([second]);
    expect((await lead.client.get('/api/reviews/queue').query({ limit: 5 }).expect(400)).body.code).toBe(
      'validation-failed',
    );
  });

  it('approves a batch item by item: each refused one writes nothing and stops none of the others', async () => {
    const a = await submit(tasks[3]);
    const b = await submit(tasks[4]);
    const notLeads = await submit(tasks[6]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    await api.settled();
    const before = await store.headPosition();
    const beforeNotLeads = await eventsOf(notLeads);
    const res = await lead.client
      .post('/api/reviews/batch-approve')
      .send({ submissionIds: [a, notLeads, unknown, b], reason: '材料齐全，同意' })
      .expect(200);
    expect(res.body).toMatchObject({ approved: 2, refused: 2 });
    expect(res.body.items).toEqual([
      expect.objectContaining({ submissionId: a, outcome: 'approved' }),
      expect.objectContaining({
        submissionId: notLeads,
        outcome: 'refused',
        code: 'not-a-reviewer',
        title: '没有权限执行此操作',
      }),
      expect.objectContaining({ submissionId: unknown, outcome: 'refused', code: 'submission-not-found' }),
      expect.objectContaining({ submissionId: b, outcome: 'approved' }),
    ]);
    expect(await eventsOf(notLeads)).toEqual(beforeNotLeads);
    expect(await eventsOf(a)).toEqual(['Submitted', 'StageApproved', 'StageCompleted']);
    // The one reason is the comment each approval carries, and the audit's reason.
    const approvedEvent = (await store.readStream(`submission-${a}`))[1];
    expect(approvedEvent.data).toMatchObject({ comment: '材料齐全，同意' });
    expect(approvedEvent.metadata).toMatchObject({ reason: '材料齐全，同意' });
    await api.settled();
    // Two approvals, each three events at most; nothing for the refused.
    expect(await store.headPosition()).toBeGreaterThan(before);
    // The approved ones left the lead's 待办 at once.
    const left = (await lead.client.get('/api/reviews/queue').expect(200)).body.items.map(
      (s: { submissionId: string }) => s.submissionId,
    );
    expect(left).not.toContain(a);
    expect(left).not.toContain(b);
  });

  it('refuses a batch at a 会签 stage, and re-checks the actor’s grants now at each item', async () => {
    const atCountersign = (await office1.client.get('/api/reviews/queue').expect(200)).body.items[0]
      .submissionId as string;
    const before = await eventsOf(atCountersign);
    const countersign = await office1.client
      .post('/api/reviews/batch-approve')
      .send({ submissionIds: [atCountersign], reason: '同意' })
      .expect(200);
    expect(countersign.body.items[0]).toMatchObject({ outcome: 'refused', code: 'batch-needs-any-stage' });
    expect(countersign.body.items[0].detail).toContain('项目办会签');
    expect(await eventsOf(atCountersign)).toEqual(before);

    // lead2 was asked when it was submitted; the role is revoked before the batch.
    const waiting = await submit(tasks[2]);
    await api.admin
      .post(`/api/users/${lead2.userId}/roles/revoke`)
      .send({ role: 'project-lead', scope: `project:${projectA}` })
      .expect(201);
    const revoked = await lead2.client
      .post('/api/reviews/batch-approve')
      .send({ submissionIds: [waiting], reason: '同意' })
      .expect(200);
    expect(revoked.body.items[0]).toMatchObject({ outcome: 'refused', code: 'reviewer-no-longer-entitled' });
    expect(await eventsOf(waiting)).toEqual(['Submitted']);
  });

  it('refuses a batch without a reason or with repeated ids, and the auditor altogether', async () => {
    const missing = await lead.client
      .post('/api/reviews/batch-approve')
      .send({ submissionIds: [tasks[0]] })
      .expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const twice = await lead.client
      .post('/api/reviews/batch-approve')
      .send({ submissionIds: [tasks[0], tasks[0]], reason: '同意' })
      .expect(400);
    expect(twice.body.errors.map((e: { field: string }) => e.field)).toContain('submissionIds');
    const auditor = await api.createUser('shen.ji', [{ role: 'auditor', scope: '*' }]);
    await auditor.client
      .post('/api/reviews/batch-approve')
      .send({ submissionIds: [tasks[0]], reason: '同意' })
      .expect(403);
  });

  it('shows the office how the plan stands and who is late', async () => {
    const health = (await office1.client.get(`/api/plans/${planId}/health`).expect(200)).body;
    expect(health.late).toEqual([
      { ownerId: owner.userId, ownerName: 'wang.laoshi', overdue: 1, oldestDue: `${year - 1}-12-31` },
    ]);
    expect(health.states.overdue + health.states['under-review'] + health.states.rejected).toBeGreaterThan(0);
    expect(health.reviews.waiting).toBeGreaterThan(0);
    expect(health.reviews.sentBack).toBe(1);
    await office1.client.get(`/api/plans/${planId}/health`).query({ cutoff: '2021-12-31' }).expect(400);
    await owner.client.get(`/api/plans/${planId}/health`).expect(403);
  });
});
