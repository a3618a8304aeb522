import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { enterFinding, OFFICE_REVIEW, stage, startApi, type ApiHarness, type Client } from './api-harness';

describe('整改: an action goes through the plan’s 整改 approval chain', () => {
  jest.setTimeout(120_000);
  let api: ApiHarness;
  let store: EventStore;
  let office: Client;
  let teacher: Client;
  let lead1: Client;
  let lead2: Client;
  let teacherId: string;
  let lead1Id: string;
  let lead2Id: string;
  let officeId: string;
  let plan: { planId: string; projectId: string; levelId: string };
  let taskId: string;
  let evidenceId: string;
  let departmentId: string;

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    plan = await api.createPlan({ startYear: 2019, endYear: 2030 });
    const lead = [{ role: 'project-lead', scope: `project:${plan.projectId}` }];
    ({ userId: officeId, client: office } = await api.createUser('office-c', [
      { role: 'office', scope: `plan:${plan.planId}` },
    ]));
    ({ userId: lead1Id, client: lead1 } = await api.createUser('lead-c1', lead));
    ({ userId: lead2Id, client: lead2 } = await api.createUser('lead-c2', lead));
    ({ userId: teacherId, client: teacher } = await api.createUser('teacher-c'));
    taskId = await api.defineTask(plan, teacherId);
    evidenceId = await api.uploadEvidence(teacher, taskId, '整改佐证.pdf');
    departmentId = (await api.admin.post('/api/departments').send({ name: '教务处' }).expect(201)).body
      .id as string;
    await api.configureChain(
      plan.planId,
      [stage('项目负责人会签', 'all', { roles: ['project-lead'] }), OFFICE_REVIEW],
      'rectification',
    );
  });
  afterAll(() => api.close());

  const finding = async (id: string) => (await office.get(`/api/findings/${id}`).expect(200)).body;

  it('entered → assigned → action with evidence → 会签 then 或签 → closed, with a return on the way', async () => {
    const findingId = await enterFinding(office, plan.planId, taskId, {
      source: 'expert',
      severity: 'high',
      title: '实训基地建设滞后',
      description: '实训基地二期未按期开工。',
    });
    await office
      .post(`/api/findings/${findingId}/assign`)
      .send({ assignee: teacherId, departmentId, deadline: '2030-06-30' })
      .expect(201);
    await api.settled();
    expect(await finding(findingId)).toMatchObject({
      status: 'assigned',
      departmentName: '教务处',
    });

    const submit = (narrative: string) =>
      teacher
        .post(`/api/findings/${findingId}/rectifications`)
        .send({ narrative, evidenceIds: [evidenceId] })
        .expect(201);
    await submit('二期已开工');
    await api.settled();
    expect(await finding(findingId)).toMatchObject({ status: 'in-review', reviewStage: '项目负责人会签' });

    // The office is not asked at the first stage; one lead of a 会签 does not complete it.
    const early = await office.post(`/api/findings/${findingId}/approve`).send({}).expect(403);
    expect(early.body).toMatchObject({ code: 'not-a-reviewer' });
    await lead1.post(`/api/findings/${findingId}/approve`).send({ comment: '属实' }).expect(201);
    await api.settled();
    expect(await finding(findingId)).toMatchObject({ status: 'in-review', reviewStage: '项目负责人会签' });
    await lead2.post(`/api/findings/${findingId}/approve`).send({}).expect(201);
    await api.settled();
    expect(await finding(findingId)).toMatchObject({ status: 'in-review', reviewStage: '项目办审核' });

    // Returned at the second stage with a reason: the next version starts the chain over.
    const before = await store.headPosition();
    await office.post(`/api/findings/${findingId}/return`).send({ reason: '' }).expect(422);
    expect(await store.headPosition()).toBe(before);
    await office.post(`/api/findings/${findingId}/return`).send({ reason: '缺少开工报告' }).expect(201);
    await api.settled();
    expect((await finding(findingId)).status).toBe('returned');
    await submit('补充开工报告');
    await api.settled();
    expect(await finding(findingId)).toMatchObject({ status: 'in-review', reviewStage: '项目负责人会签' });

    // Each approval re-checks the reviewer's grants now: a revoked lead may not approve.
    const role = { role: 'project-lead', scope: `project:${plan.projectId}` };
    await api.admin.post(`/api/users/${lead2Id}/roles/revoke`).send(role).expect(201);
    await lead1.post(`/api/findings/${findingId}/approve`).send({}).expect(201);
    const revoked = await lead2.post(`/api/findings/${findingId}/approve`).send({}).expect(403);
    expect(revoked.body).toMatchObject({ code: 'reviewer-no-longer-entitled' });
    await api.admin.post(`/api/users/${lead2Id}/roles`).send(role).expect(201);
    await lead2.post(`/api/findings/${findingId}/approve`).send({}).expect(201);
    await office.post(`/api/findings/${findingId}/approve`).send({ comment: '同意销号' }).expect(201);
    await api.settled();

    const closed = await finding(findingId);
    expect(closed).toMatchObject({ status: 'closed', reviewStage: null });
    expect(closed.actions).toEqual([
      expect.objectContaining({ version: 1, decision: 'returned', note: '缺少开工报告', reviewer: officeId }),
      expect.objectContaining({
        version: 2,
        decision: 'approved',
        stages: ['项目负责人会签', '项目办审核'],
        approvals: [
          expect.objectContaining({ stage: 0, reviewer: lead1Id }),
          expect.objectContaining({ stage: 0, reviewer: lead2Id }),
          expect.objectContaining({ stage: 1, reviewer: officeId, comment: '同意销号' }),
        ],
      }),
    ]);
  });
});
