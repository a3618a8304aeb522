import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { OFFICE_REVIEW, stage, startApi, type ApiHarness, type Client } from './api-harness';

/**
 * Who may act on a submission, checked against the running API as an attacker would try it:
 * transfers to people the stage could never have named, reviewers whose role was revoked,
 * read-only roles writing, a flood of refused self-approvals. Each refusal answers Problem
 * Details and writes nothing.
 */
describe('authorization on every write (issue 12)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  let levelId: string;
  let projectId: string;
  let otherProjectId: string;
  let taskId: string;
  const users = {} as Record<
    'owner' | 'lead' | 'lead2' | 'officeA' | 'auditor' | 'leader' | 'noRole' | 'otherLead' | 'gone',
    { userId: string; client: Client }
  >;

  const submit = () => api.submit(users.owner.client, taskId, { narrative: '完成一半' });
  const streamLength = async (submissionId: string) =>
    (await store.readStream(`submission-${submissionId}`)).length;
  /** A refusal: Problem Details with the code, and the log not one event longer. */
  const refused = async (
    request: () => PromiseLike<{
      status: number;
      body: { code: string; detail: string };
      headers: Record<string, string>;
    }>,
    status: number,
    code: string,
  ) => {
    await api.settled();
    const before = await store.headPosition();
    const res = await request();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(await store.headPosition()).toBe(before);
  };

  beforeAll(async () => {
    // Writes held back a whole second (the most allowed): every read and access check below sees
    // what came before it because it catches the read models up, not by timing (ADR 0049).
    api = await startApi({ READ_MODEL_LINGER_MS: '1000' });
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    ({ planId, levelId, projectId } = await api.createPlan({ name: '党建引领示范' }));
    otherProjectId = (
      await api.admin
        .post(`/api/plans/${planId}/projects`)
        .send({ levelId, code: '2', name: '高水平专业群' })
        .expect(201)
    ).body.id as string;
    users.owner = await api.createUser('teacher.wang');
    users.lead = await api.createUser('lead.li', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    users.lead2 = await api.createUser('lead.zhou', [
      { role: 'project-lead', scope: `project:${projectId}` },
    ]);
    users.officeA = await api.createUser('office.zhao', [{ role: 'office', scope: `plan:${planId}` }]);
    users.auditor = await api.createUser('audit.qian', [{ role: 'auditor', scope: '*' }]);
    users.leader = await api.createUser('leader.sun', [{ role: 'leadership', scope: '*' }]);
    users.noRole = await api.createUser('staff.wu');
    users.otherLead = await api.createUser('lead.zheng', [
      { role: 'project-lead', scope: `project:${otherProjectId}` },
    ]);
    users.gone = await api.createUser('lead.feng', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    await api.admin.post(`/api/users/${users.gone.userId}/disable`).send({ reason: '已调离' }).expect(201);
    taskId = await api.defineTask({ planId, projectId }, users.owner.userId);
    await api.configureChain(planId);
  });
  afterAll(() => api.close());

  describe('a transfer', () => {
    let submissionId: string;
    beforeAll(async () => {
      submissionId = await submit();
    });
    const transferTo = (to: string) => () =>
      users.lead.client.post(`/api/submissions/${submissionId}/transfer`).send({ to, reason: '出差' });

    it('never goes to a user without a reviewing role', async () => {
      await refused(transferTo(users.noRole.userId), 422, 'transfer-target-not-eligible');
    });

    it('never goes to the read-only auditor', async () => {
      await refused(transferTo(users.auditor.userId), 422, 'transfer-target-not-eligible');
    });

    it('never goes to a disabled account', async () => {
      await refused(transferTo(users.gone.userId), 422, 'transfer-target-disabled');
    });

    it('never goes to a user id that does not exist', async () => {
      await refused(transferTo('0190a0a0-0000-7000-8000-000000000000'), 422, 'transfer-target-not-found');
    });

    it('never goes to a project lead of another project', async () => {
      await refused(transferTo(users.otherLead.userId), 422, 'transfer-target-not-eligible');
    });

    it('never goes to leadership when the stage names project leads', async () => {
      await refused(transferTo(users.leader.userId), 422, 'transfer-target-not-eligible');
    });

    it('goes to a lead of the project appointed since, who may then approve', async () => {
      const newLead = await api.createUser('lead.han', [
        { role: 'project-lead', scope: `project:${projectId}` },
      ]);
      // The form offers exactly the people the transfer would accept.
      const offered = (
        await users.lead.client.get(`/api/submissions/${submissionId}/transfer-candidates`).expect(200)
      ).body.items.map((u: { userId: string }) => u.userId);
      expect(offered).toEqual([newLead.userId]);
      await users.auditor.client.get(`/api/submissions/${submissionId}/transfer-candidates`).expect(403);
      await transferTo(newLead.userId)().expect(201);
      await newLead.client.post(`/api/submissions/${submissionId}/approve`).send({}).expect(201);
      const events = await store.readStream(`submission-${submissionId}`);
      expect(events.map((e) => e.type)).toEqual([
        'Submitted',
        'ReviewTransferred',
        'StageApproved',
        'StageCompleted',
      ]);
    });
  });

  it('stops a reviewer whose role was revoked from approving, rejecting or transferring pending work', async () => {
    const submissionId = await submit();
    const revoked = await api.createUser('lead.chen', [
      { role: 'project-lead', scope: `project:${projectId}` },
    ]);
    // Resolved when submitted: lead.chen was not a lead then. A second submission lists them.
    await users.owner.client.post(`/api/submissions/${submissionId}/withdraw`).send({}).expect(201);
    await users.owner.client
      .post(`/api/submissions/${submissionId}/resubmit`)
      .send({ completion: '0.5', effectiveDate: '2021-12-31', narrative: '完成一半', evidenceIds: [] })
      .expect(201);
    const listed = (await api.admin.get(`/api/submissions/${submissionId}`).expect(200)).body;
    expect(JSON.stringify(listed.stages)).toContain(revoked.userId);
    await api.admin
      .post(`/api/users/${revoked.userId}/roles/revoke`)
      .send({ role: 'project-lead', scope: `project:${projectId}`, reason: '调整分工' })
      .expect(201);
    const on = (action: string, body: object) => () =>
      revoked.client.post(`/api/submissions/${submissionId}/${action}`).send(body);
    await refused(on('approve', {}), 403, 'reviewer-no-longer-entitled');
    await refused(on('reject', { reason: '材料不全' }), 403, 'reviewer-no-longer-entitled');
    await refused(
      on('transfer', { to: users.lead2.userId, reason: '出差' }),
      403,
      'reviewer-no-longer-entitled',
    );
    await refused(on('comments', { text: '请补充' }), 403, 'may-not-comment');
    // A lead who still holds the role approves as before.
    await users.lead.client.post(`/api/submissions/${submissionId}/approve`).send({}).expect(201);
  });

  it('takes no comment from the auditor or from leadership the chain does not name', async () => {
    const submissionId = await submit();
    for (const who of [users.auditor, users.leader, users.noRole]) {
      await refused(
        () => who.client.post(`/api/submissions/${submissionId}/comments`).send({ text: '意见' }),
        403,
        'forbidden',
      );
    }
    await users.lead.client
      .post(`/api/submissions/${submissionId}/comments`)
      .send({ text: '请补充获奖证书' })
      .expect(201);
    await users.owner.client
      .post(`/api/submissions/${submissionId}/comments`)
      .send({ text: '已补充' })
      .expect(201);
  });

  it('lets the auditor write nothing on a submission, whatever the route', async () => {
    const submissionId = await submit();
    for (const [action, body] of [
      ['approve', {}],
      ['reject', { reason: '不全' }],
      ['transfer', { to: users.lead2.userId, reason: '转' }],
      ['withdraw', {}],
      ['evidence', { evidenceIds: [] }],
      ['comments', { text: '意见' }],
      [
        'resubmit',
        { completion: '0.5', effectiveDate: '2021-12-31', narrative: '完成一半', evidenceIds: [] },
      ],
    ] as const) {
      await refused(
        () => users.auditor.client.post(`/api/submissions/${submissionId}/${action}`).send(body),
        403,
        'forbidden',
      );
    }
  });

  it('never lets an account be auditor and anything that writes, not even at creation', async () => {
    await refused(
      () =>
        api.admin.post('/api/users').send({
          username: 'audit.and.office',
          displayName: '兼职',
          password: 'Teacher-密码-2026',
          roles: [
            { role: 'auditor', scope: '*' },
            { role: 'office', scope: `plan:${planId}` },
          ],
        }),
      409,
      'auditor-role-exclusive',
    );
    await refused(
      () =>
        api.admin
          .post(`/api/users/${users.auditor.userId}/roles`)
          .send({ role: 'reviewer', scope: `plan:${planId}`, reason: '兼任' }),
      409,
      'auditor-role-exclusive',
    );
    await refused(
      () =>
        api.admin
          .post(`/api/users/${users.lead.userId}/roles`)
          .send({ role: 'auditor', scope: '*', reason: '兼任' }),
      409,
      'auditor-role-exclusive',
    );
  });

  it('gives no task to the auditor, whose role writes nothing', async () => {
    await refused(
      () =>
        api.admin
          .post(`/api/plans/${planId}/tasks`)
          .send({ projectId, title: '任务', ownerId: users.auditor.userId, dueDate: '2023-12-31' }),
      422,
      'owner-is-auditor',
    );
  });

  it('writes one ApprovalRefused for twenty refused self-approvals, answering each with 403', async () => {
    await api.configureChain(
      planId,
      [stage('自审', 'any', { users: [users.owner.userId, users.lead.userId] })],
      `project:${projectId}`,
    );
    const submissionId = await submit();
    for (let i = 0; i < 20; i++) {
      const res = await users.owner.client.post(`/api/submissions/${submissionId}/approve`).send({});
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'own-submission' });
    }
    const refusals = (await store.readStream(`submission-${submissionId}`)).filter(
      (e) => e.type === 'ApprovalRefused',
    );
    expect(refusals).toHaveLength(1);
    expect(await streamLength(submissionId)).toBe(2);
    await api.configureChain(
      planId,
      [stage('项目负责人审核', 'any', { roles: ['project-lead'] })],
      `project:${projectId}`,
    );
  });
});

describe('effective dates of every fact (issue 12)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  let levelId: string;
  let projectId: string;
  let ownerId: string;
  let owner: Client;
  let taskId: string;
  let indicatorId: string;
  /** A plan running into the future: only the tolerance bounds a date there. */
  let futurePlan: { planId: string; levelId: string; taskId: string; indicatorId: string };

  const defineIndicator = (plan: string, level: string) =>
    api.defineIndicator({ planId: plan, levelId: level }, { name: '思政课程建设项目' });
  const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const BAD_DATES: [string, string][] = [
    ['9999-12-31', 'date-after-plan'],
    ['2024-01-01', 'date-after-plan'],
    ['2018-12-31', 'date-before-plan'],
  ];

  const expectRefused = async (
    request: () => PromiseLike<{ status: number; body: { code: string; detail: string } }>,
    code: string,
  ) => {
    await api.settled();
    const before = await store.headPosition();
    const res = await request();
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code });
    expect(res.body.detail).toMatch(/建设周期|今天/);
    expect(await store.headPosition()).toBe(before);
  };

  beforeAll(async () => {
    api = await startApi({ EFFECTIVE_DATE_TOLERANCE_DAYS: '31' });
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    ({ planId, levelId, projectId } = await api.createPlan());
    ({ userId: ownerId, client: owner } = await api.createUser('teacher.li'));
    taskId = await api.defineTask({ planId, projectId }, ownerId);
    indicatorId = await defineIndicator(planId, levelId);
    const year = new Date().getUTCFullYear();
    const future = (
      await api.admin
        .post('/api/plans')
        .send({ name: '新一轮方案', school: '学院', startYear: year - 1, endYear: year + 4 })
        .expect(201)
    ).body.id as string;
    const futureLevel = (
      await api.admin
        .post(`/api/plans/${future}/levels`)
        .send({ name: '学校层面', kind: 'school', weight: '1' })
        .expect(201)
    ).body.id as string;
    const futureProject = (
      await api.admin
        .post(`/api/plans/${future}/projects`)
        .send({ levelId: futureLevel, code: '1', name: '项目' })
        .expect(201)
    ).body.id as string;
    futurePlan = {
      planId: future,
      levelId: futureLevel,
      taskId: await api.defineTask({ planId: future, projectId: futureProject }, ownerId),
      indicatorId: await defineIndicator(future, futureLevel),
    };
  });
  afterAll(() => api.close());

  const facts: Record<
    string,
    (
      date: string,
      plan?: typeof futurePlan,
    ) => PromiseLike<{
      status: number;
      body: { code: string; detail: string };
    }>
  > = {
    progress: (date, plan) =>
      owner
        .post(`/api/tasks/${plan?.taskId ?? taskId}/progress`)
        .send({ completion: '0.5', effectiveDate: date }),
    'indicator value': (date, plan) =>
      api.admin
        .post(`/api/plans/${plan?.planId ?? planId}/indicators/${plan?.indicatorId ?? indicatorId}/values`)
        .send({ actual: { kind: 'numeric', value: '3' }, effectiveDate: date }),
    funds: (date, plan) =>
      api.admin.post(`/api/plans/${plan?.planId ?? planId}/funds`).send({
        levelId: plan?.levelId ?? levelId,
        source: '中央财政',
        year: plan ? new Date().getUTCFullYear() : 2021,
        budget: '100',
        arrived: '80',
        spent: '60',
        effectiveDate: date,
      }),
    survey: (date, plan) =>
      api.admin.post(`/api/plans/${plan?.planId ?? planId}/surveys`).send({
        levelId: plan?.levelId ?? levelId,
        respondents: '在校生',
        sampleSize: 100,
        satisfaction: '95',
        effectiveDate: date,
      }),
    achievement: (date, plan) =>
      api.admin.post(`/api/plans/${plan?.planId ?? planId}/achievements`).send({
        levelId: plan?.levelId ?? levelId,
        title: '国家级教学成果奖',
        tier: 'national',
        attribution: '教务处',
        awardedOn: date,
        taskIds: [],
      }),
  };

  for (const [kind, record] of Object.entries(facts)) {
    it(`refuses a ${kind} dated outside the plan's years, saying which bound`, async () => {
      for (const [date, code] of BAD_DATES) await expectRefused(() => record(date), code);
    });

    it(`refuses a ${kind} dated past today plus the tolerance, and accepts one within it`, async () => {
      await expectRefused(() => record(daysFromToday(40), futurePlan), 'date-in-future');
      const ok = await record(daysFromToday(20), futurePlan);
      expect(ok.status).toBe(201);
    });
  }

  it('refuses a submission whose progress, indicator value or achievement is dated outside the plan', async () => {
    const chained = await api.defineTask({ planId, projectId }, ownerId);
    await api.configureChain(planId, [OFFICE_REVIEW], `project:${projectId}`);
    const base = { completion: '0.5', effectiveDate: '2021-12-31', narrative: '完成一半', evidenceIds: [] };
    const submit = (body: object) => () =>
      owner.post(`/api/tasks/${chained}/submissions`).send({ ...base, ...body });
    await expectRefused(submit({ effectiveDate: '9999-12-31' }), 'date-after-plan');
    await expectRefused(
      submit({
        indicatorValues: [
          { indicatorId, actual: { kind: 'numeric', value: '3' }, effectiveDate: '2018-01-01' },
        ],
      }),
      'date-before-plan',
    );
    await expectRefused(
      submit({
        achievements: [
          {
            levelId,
            title: '国家级教学成果奖',
            tier: 'national',
            attribution: '教务处',
            awardedOn: '2030-06-30',
          },
        ],
      }),
      'date-after-plan',
    );
  });

  it('refuses a milestone year outside the plan', async () => {
    await expectRefused(
      () =>
        api.admin.post(`/api/plans/${planId}/tasks`).send({
          projectId,
          title: '任务',
          ownerId,
          dueDate: '2023-12-31',
          milestones: [{ year: 2030, completion: '1' }],
        }),
      'year-outside-plan',
    );
  });
});
