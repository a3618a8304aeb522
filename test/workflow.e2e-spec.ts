import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { stage, startApi, type ApiHarness, type Client } from './api-harness';
import { multipart, pdf } from './fixtures/evidence-files';
import { expectRefused } from './request-helpers';

/** Submissions through a three-stage chain: 或签, then 会签, then a final 或签. */
describe('progress submissions and approvals', () => {
  let api: ApiHarness;
  let owner: { userId: string; client: Client };
  let lead: { userId: string; client: Client };
  let office1: { userId: string; client: Client };
  let office2: { userId: string; client: Client };
  let leader: { userId: string; client: Client };
  let auditor: Client;
  let planId: string;
  let projectId: string;
  let taskId: string;

  const upload = async (name: string, body: string) => {
    const form = multipart([{ field: 'file', filename: name, content: pdf(body) }]);
    return (
      await owner.client
        .post(`/api/tasks/${taskId}/evidence`)
        .set('Content-Type', form.contentType)
        .send(form.body)
        .expect(201)
    ).body.id as string;
  };
  /** The owner reports on a task (complete, at the end of 2021, no evidence unless said): the submission's id. */
  const submit = (fields: Record<string, unknown>, task = taskId) =>
    api.submit(owner.client, task, { completion: '1', ...fields });
  const projectCompletion = async () =>
    (await api.admin.get(`/api/projects/${projectId}/completion`).expect(200)).body.completed as string;

  beforeAll(async () => {
    // Writes held back a whole second (the most allowed): every read and access check below sees
    // what came before it because it catches the read models up, not by timing (ADR 0049).
    api = await startApi({ READ_MODEL_LINGER_MS: '1000' });
    owner = await api.createUser('teacher.wang');
    ({ planId, projectId } = await api.createPlan({ name: '党建引领示范' }));
    lead = await api.createUser('lead.li', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    office1 = await api.createUser('office.zhao', [{ role: 'office', scope: `plan:${planId}` }]);
    office2 = await api.createUser('office.qian', [{ role: 'office', scope: `plan:${planId}` }]);
    leader = await api.createUser('leader.sun', [{ role: 'leadership', scope: '*' }]);
    auditor = (await api.createUser('audit.zhou', [{ role: 'auditor', scope: '*' }])).client;
    taskId = await api.defineTask({ planId, projectId }, owner.userId, {
      title: '建成全国样板党支部',
      dueDate: '2021-12-31',
    });
    await api.configureChain(
      planId,
      [
        stage('项目负责人审核', 'any', { roles: ['project-lead'] }),
        stage('项目办会签', 'all', { users: [office1.userId, office2.userId] }),
        stage('领导小组审定', 'any', { roles: ['leadership'] }),
      ],
      'plan',
      '按《双高计划项目管理办法》设置三级审核',
    );
  });
  afterAll(() => api.close());

  it('counts progress only through approved submissions once a chain applies', async () => {
    await expectRefused(
      owner.client
        .post(`/api/tasks/${taskId}/progress`)
        .send({ completion: '1', effectiveDate: '2021-12-31' }),
      409,
      'approval-required',
    );
  });

  it('runs a submission through reject, resubmit and three stages; the figure changes only at the end', async () => {
    const evidence = await upload('样板支部证书.pdf', '1 0 obj << /Title (证书) >> endobj');
    const id = await submit({
      effectiveDate: '2021-11-03',
      narrative: '获评全国样板党支部',
      evidenceIds: [evidence],
    });

    // Stage 1, 或签: one project lead suffices.
    const inbox = (await lead.client.get('/api/reviews/inbox').expect(200)).body;
    expect(inbox.map((s: { submissionId: string }) => s.submissionId)).toEqual([id]);
    await lead.client.post(`/api/submissions/${id}/approve`).send({ comment: '材料齐全' }).expect(201);
    expect(await projectCompletion()).toBe('0');

    // Stage 2, 会签: one of the office sends it back, with a reason.
    await office1.client.post(`/api/submissions/${id}/reject`).send({}).expect(400);
    await office1.client.post(`/api/submissions/${id}/reject`).send({ reason: '请补充表彰文件' }).expect(201);
    const status = (await owner.client.get(`/api/tasks/${taskId}/submissions`).expect(200)).body[0];
    expect(status).toMatchObject({
      status: 'rejected',
      stageName: '项目办会签',
      lastReason: '请补充表彰文件',
      version: 1,
    });

    // The owner revises and resubmits: version 2 starts over at stage 1.
    const more = await upload('表彰文件.pdf', '2 0 obj << /Title (表彰) >> endobj');
    await owner.client
      .post(`/api/submissions/${id}/resubmit`)
      .send({
        completion: '1',
        effectiveDate: '2021-11-03',
        narrative: '获评全国样板党支部（附表彰文件）',
        evidenceIds: [evidence, more],
      })
      .expect(201);
    await lead.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
    await office1.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
    expect((await api.admin.get(`/api/submissions/${id}`).expect(200)).body).toMatchObject({
      stage: 2,
      approvals: [office1.userId],
    });
    await office2.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
    expect(await projectCompletion()).toBe('0');

    // Stage 3: the final approval makes the submission's facts count.
    await leader.client.post(`/api/submissions/${id}/approve`).send({ comment: '同意' }).expect(201);
    expect(await projectCompletion()).toBe('1');
    // The approval-effects process manager recorded the facts before the answer came: once.
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    expect(
      (await store.readStream(`task-${taskId}`)).filter((e) => e.type === 'TaskProgressRecorded'),
    ).toHaveLength(1);
    expect((await api.admin.get(`/api/submissions/${id}`).expect(200)).body).toMatchObject({
      status: 'approved',
      version: 2,
      content: { narrative: '获评全国样板党支部（附表彰文件）' },
    });

    const trail = (
      await auditor
        .get('/api/audit')
        .query({ entity: `task:${taskId}` })
        .expect(200)
    ).body.items;
    const steps = trail.map((e: { type: string; actor: { name: string }; reason: string | null }) => [
      e.type,
      e.actor.name,
    ]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['Submitted', 'teacher.wang'],
        ['SubmissionRejected', 'office.zhao'],
        ['SubmissionApproved', 'leader.sun'],
        ['TaskProgressRecorded', 'leader.sun'],
      ]),
    );
  });

  it('refuses self-approval with 403 and records the attempt', async () => {
    // The owner is also named a reviewer of stage 1 on this project: still not of their own work.
    await api.configureChain(
      planId,
      [
        {
          name: '自审',
          rule: { kind: 'any' },
          reviewers: { roles: [], users: [owner.userId, lead.userId] },
        },
      ],
      `project:${projectId}`,
    );
    const id = await submit({ narrative: '再次上报' });
    await expectRefused(owner.client.post(`/api/submissions/${id}/approve`).send({}), 403, 'own-submission');
    const refusals = (
      await auditor
        .get('/api/audit')
        .query({ entity: `submission:${id}`, type: 'ApprovalRefused' })
        .expect(200)
    ).body.items;
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      actor: { userId: owner.userId },
      summary: '拒绝：不能审核自己提交或修改过的内容',
      event: { data: { reason: 'own-submission' } },
    });
    // …and the submission still waits for its real reviewer.
    const waiting = (await lead.client.get('/api/reviews/inbox').expect(200)).body;
    expect(waiting.map((s: { submissionId: string }) => s.submissionId)).toContain(id);
  });

  it('resets approvals when the evidence under review changes', async () => {
    await api.configureChain(
      planId,
      [
        { name: '一审', rule: { kind: 'any' }, reviewers: { roles: ['project-lead'], users: [] } },
        { name: '二审', rule: { kind: 'any' }, reviewers: { roles: ['leadership'], users: [] } },
      ],
      `project:${projectId}`,
    );
    const first = await upload('甲.pdf', '3 0 obj << /T (甲) >> endobj');
    const id = await submit({ narrative: '上报', evidenceIds: [first] });
    await lead.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
    expect((await api.admin.get(`/api/submissions/${id}`)).body.stage).toBe(2);
    const second = await upload('乙.pdf', '4 0 obj << /T (乙) >> endobj');
    await owner.client
      .post(`/api/submissions/${id}/evidence`)
      .send({ evidenceIds: [second] })
      .expect(201);
    expect((await api.admin.get(`/api/submissions/${id}`)).body).toMatchObject({ stage: 1, approvals: [] });
    // The owner can no longer withdraw once stage 1 acts again; before that, they may.
    await owner.client.post(`/api/submissions/${id}/withdraw`).send({}).expect(201);
  });

  it('turns indicator values and achievements into recorded facts only at the final approval', async () => {
    await api.configureChain(
      planId,
      [
        {
          name: '一审',
          rule: { kind: 'share', share: '0.5' },
          reviewers: { roles: [], users: [office1.userId, office2.userId] },
        },
        { name: '二审', rule: { kind: 'any' }, reviewers: { roles: ['leadership'], users: [] } },
      ],
      `project:${projectId}`,
    );
    const levelId = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body.levels[0]
      .levelId as string;
    const indicatorId = await api.defineIndicator(
      { planId, levelId },
      {
        subcategory: 'quality',
        group: { code: '1.2.1', name: '党建' },
        code: '1.2.1.1',
        name: '全国样板党支部（个）',
        target: { kind: 'numeric', comparator: '>=', value: '1', unit: '个' },
        rule: { kind: 'threshold' },
      },
    );
    const score = async () => {
      const body = (await api.admin.get(`/api/plans/${planId}/scores`).expect(200)).body;
      return body.levels[0].total as string;
    };
    const achievements = async () =>
      (await api.admin.get(`/api/plans/${planId}/achievements`).expect(200)).body.total as number;

    const id = await submit({
      narrative: '建成全国样板党支部 1 个',
      indicatorValues: [
        { indicatorId, actual: { kind: 'numeric', value: '1' }, effectiveDate: '2021-11-03' },
      ],
      achievements: [
        {
          levelId,
          title: '全国党建工作样板支部',
          tier: 'national',
          attribution: '化学工程系',
          awardedOn: '2021-11-03',
        },
      ],
    });
    // Share 0.5 of two: one approval completes stage 1.
    await office2.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
    expect([await score(), await achievements()]).toEqual(['0', 0]);
    await leader.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
    expect([await score(), await achievements()]).toEqual(['1', 1]);

    const versions = (await owner.client.get(`/api/submissions/${id}/versions`).expect(200)).body;
    expect(versions).toHaveLength(1);
    expect(versions[0].content).toMatchObject({
      narrative: '建成全国样板党支部 1 个',
      indicatorValues: [{ indicatorId }],
    });
  });

  it('refuses an indicator value that does not fit, before anything is submitted', async () => {
    await expectRefused(
      owner.client.post(`/api/tasks/${taskId}/submissions`).send({
        completion: '1',
        effectiveDate: '2021-12-31',
        narrative: '上报',
        evidenceIds: [],
        indicatorValues: [
          { indicatorId: 'nope', actual: { kind: 'numeric', value: '1' }, effectiveDate: '2021-12-31' },
        ],
      }),
      422,
      'indicator-not-of-level',
    );
  });

  it('lets a reviewer named only on the chain see the evidence they review, and nobody else', async () => {
    const named = await api.createUser('expert.wu');
    const stranger = await api.createUser('stranger.he');
    await api.configureChain(
      planId,
      [{ name: '专家评审', rule: { kind: 'any' }, reviewers: { roles: [], users: [named.userId] } }],
      `project:${projectId}`,
    );
    const evidence = await upload('专家评审材料.pdf', '5 0 obj << /T (评审) >> endobj');
    const id = await submit({
      narrative: '请专家评审',
      evidenceIds: [evidence],
    });
    await named.client.get(`/api/evidence/${evidence}`).expect(200);
    await named.client.get(`/api/submissions/${id}`).expect(200);
    await stranger.client.get(`/api/evidence/${evidence}`).expect(403);
    await stranger.client.get(`/api/submissions/${id}`).expect(403);
    await named.client.post(`/api/submissions/${id}/comments`).send({ text: '材料清楚' }).expect(201);
  });
});
