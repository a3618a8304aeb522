import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { startApi, type ApiHarness } from './api-harness';

/** Owners by department: every task a 牵头单位 leads goes to one person in one request (issue 14). */
describe('assigning owners by 牵头单位', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  const tasks: string[] = [];
  const dept: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get(EVENT_STORE);
    const plan = await api.createPlan({ startYear: 2019, endYear: 2023 });
    planId = plan.planId;
    const first = await api.createUser('first.owner');
    for (const title of ['建设思政课程', '建设实训基地', '修订人才培养方案']) {
      const res = await api.admin
        .post(`/api/plans/${planId}/tasks`)
        .send({ projectId: plan.projectId, ownerId: first.userId, title, dueDate: '2021-12-31' })
        .expect(201);
      tasks.push(res.body.id);
    }
    dept.marx = (
      await api.admin.post('/api/departments').send({ name: '马克思主义学院' }).expect(201)
    ).body.id;
    dept.academic = (await api.admin.post('/api/departments').send({ name: '教务处' }).expect(201)).body.id;
    dept.empty = (await api.admin.post('/api/departments').send({ name: '后勤处' }).expect(201)).body.id;
    // 马克思主义学院 leads the first two; 教务处 leads the third and takes part in the first.
    for (const [task, lead, participants] of [
      [tasks[0], dept.marx, [dept.academic]],
      [tasks[1], dept.marx, []],
      [tasks[2], dept.academic, []],
    ] as const)
      await api.admin
        .post(`/api/tasks/${task}/units`)
        .send({ leadDepartmentId: lead, participantDepartmentIds: participants })
        .expect(201);
    await api.settled();
  });
  afterAll(() => api.close());

  const ownerOf = async (taskId: string) =>
    (await api.admin.get(`/api/tasks/${taskId}`).expect(200)).body.ownerId;

  it('gives every task the department leads (not those it only takes part in) to one person', async () => {
    const wang = await api.createUser('wang');
    const res = await api.admin
      .post(`/api/plans/${planId}/task-owners`)
      .send({ ownerId: wang.userId, leadDepartmentId: dept.marx })
      .expect(200);
    expect(res.body).toMatchObject({ assigned: 2, unchanged: 0 });
    expect(new Set(res.body.taskIds)).toEqual(new Set([tasks[0], tasks[1]]));
    await api.settled();
    expect(await ownerOf(tasks[0])).toBe(wang.userId);
    expect(await ownerOf(tasks[1])).toBe(wang.userId);
    expect(await ownerOf(tasks[2])).not.toBe(wang.userId);
  });

  it('refuses a department that leads nothing here, an unknown one, two selections at once, or someone not of the office; writes nothing', async () => {
    const li = await api.createUser('li.ming');
    await api.settled();
    const head = await store.headPosition();
    const none = await api.admin
      .post(`/api/plans/${planId}/task-owners`)
      .send({ ownerId: li.userId, leadDepartmentId: dept.empty })
      .expect(404);
    expect(none.body).toMatchObject({ code: 'department-leads-no-tasks' });
    expect(none.body.detail).toContain('后勤处');
    const unknown = await api.admin
      .post(`/api/plans/${planId}/task-owners`)
      .send({ ownerId: li.userId, leadDepartmentId: '0190a0a0-0000-7000-8000-000000000000' })
      .expect(404);
    expect(unknown.body.code).toBe('department-not-found');
    const both = await api.admin
      .post(`/api/plans/${planId}/task-owners`)
      .send({ ownerId: li.userId, leadDepartmentId: dept.marx, taskIds: [tasks[2]] })
      .expect(422);
    expect(both.body.code).toBe('invalid-task-selection');
    await li.client
      .post(`/api/plans/${planId}/task-owners`)
      .send({ ownerId: li.userId, leadDepartmentId: dept.marx })
      .expect(403);
    await api.settled();
    expect(await store.headPosition()).toBe(head);
  });
});
