import { startApi, USER_PASSWORD, type ApiHarness, type Client } from './api-harness';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';

interface Person {
  userId: string;
  displayName: string;
  department: { departmentId: string; name: string } | null;
  roles: { role: string; scope: string; label: string }[];
  member: boolean;
  username?: string;
}

/**
 * The people directory of a plan (ADR 0026): who sees whom, what is shown, and the departments
 * that tasks and people belong to.
 */
describe('people directory and departments', () => {
  let api: ApiHarness;
  let store: EventStore;
  const user = {} as Record<
    'officeA' | 'officeB' | 'teacher' | 'teacherB' | 'newcomer' | 'auditor' | 'lead',
    { userId: string; client: Client }
  >;
  let planA: { planId: string; levelId: string; projectId: string };
  let planB: { planId: string; levelId: string; projectId: string };
  let taskA: string;
  const dept = {} as Record<'academic' | 'it' | 'research', string>;

  const create = async (username: string, displayName: string, roles: { role: string; scope: string }[]) => {
    const userId = (
      await api.admin
        .post('/api/users')
        .send({ username, displayName, password: USER_PASSWORD, roles })
        .expect(201)
    ).body.id as string;
    return { userId, client: await api.signIn(username) };
  };
  const people = async (client: Client, planId: string, query = '') =>
    (await client.get(`/api/plans/${planId}/people${query}`).expect(200)).body as {
      items: Person[];
      total: number;
      page: number;
      pageSize: number;
    };
  const names = (page: { items: Person[] }) => page.items.map((p) => p.displayName).sort();

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    planA = await api.createPlan({ code: '1', name: '课程建设' });
    planB = await api.createPlan({ code: '1', name: '专业群建设' });
    user.officeA = await create('office.a', '王主任', [{ role: 'office', scope: `plan:${planA.planId}` }]);
    user.officeB = await create('office.b', '赵主任', [{ role: 'office', scope: `plan:${planB.planId}` }]);
    user.lead = await create('lead.liu', '刘老师', [
      { role: 'project-lead', scope: `project:${planA.projectId}` },
    ]);
    user.auditor = await create('audit.sun', '孙审计', [{ role: 'auditor', scope: '*' }]);
    user.teacher = await create('t.zhang', '张老师', []);
    user.teacherB = await create('t.li', '李老师', []);
    user.newcomer = await create('t.chen', '陈老师', []);
    taskA = await api.defineTask(planA, user.teacher.userId);
    await api.defineTask(planB, user.teacherB.userId);
    dept.academic = (await api.admin.post('/api/departments').send({ name: '教务处' }).expect(201)).body.id;
    dept.it = (await api.admin.post('/api/departments').send({ name: '信息工程学院' }).expect(201)).body.id;
    // Any office defines departments; the school has one list.
    dept.research = (
      await user.officeA.client.post('/api/departments').send({ name: '科研处' }).expect(201)
    ).body.id;
    await api.admin
      .post(`/api/users/${user.teacher.userId}/department`)
      .send({ departmentId: dept.it })
      .expect(201);
  });
  afterAll(() => api.close());

  it('lists a plan’s members with name, department and roles in the plan; usernames only to who manages users', async () => {
    const page = await people(user.officeA.client, planA.planId);
    const zhang = page.items.find((p) => p.displayName === '张老师')!;
    expect(zhang).toEqual({
      userId: user.teacher.userId,
      displayName: '张老师',
      department: { departmentId: dept.it, name: '信息工程学院' },
      roles: [{ role: 'task-owner', scope: `plan:${planA.planId}`, label: '任务负责人' }],
      member: true,
    });
    expect(page.items.find((p) => p.displayName === '刘老师')!.roles[0].label).toBe(
      '项目负责人（项目 1 课程建设）',
    );
    expect(page.items.every((p) => p.username === undefined)).toBe(true);
    const admin = await people(api.admin, planA.planId, '?q=%E5%BC%A0');
    expect(admin.items.map((p) => [p.displayName, p.username])).toEqual([['张老师', 't.zhang']]);
  });

  it('never lists people only in another plan, and shows candidates to the plan’s office alone', async () => {
    const office = names(await people(user.officeA.client, planA.planId, '?pageSize=100'));
    expect(office).toContain('陈老师'); // in no plan yet: the office may bring them in
    expect(office).not.toContain('李老师');
    expect(office).not.toContain('赵主任');
    for (const reader of [user.teacher, user.lead, user.auditor]) {
      const seen = names(await people(reader.client, planA.planId, '?pageSize=100'));
      expect(seen).toEqual(['项目办管理员', '刘老师', '孙审计', '张老师', '王主任'].sort());
    }
    await user.officeA.client.get(`/api/plans/${planB.planId}/people`).expect(403);
    await user.teacherB.client.get(`/api/plans/${planA.planId}/people`).expect(403);
    await user.newcomer.client.get(`/api/plans/${planA.planId}/people`).expect(403);
  });

  it('filters by name, department and role, and pages', async () => {
    const it = await people(user.officeA.client, planA.planId, `?department=${dept.it}`);
    expect(names(it)).toEqual(['张老师']);
    expect(names(await people(user.officeA.client, planA.planId, '?role=task-owner'))).toEqual(['张老师']);
    expect(names(await people(user.officeA.client, planA.planId, '?q=%E8%80%81%E5%B8%88'))).toEqual(
      ['刘老师', '张老师', '陈老师'].sort(),
    );
    const all = await people(user.officeA.client, planA.planId);
    const second = await people(user.officeA.client, planA.planId, '?pageSize=2&page=2');
    expect(second.total).toBe(all.total);
    expect(second.items.map((p) => p.userId)).toEqual(all.items.slice(2, 4).map((p) => p.userId));
    const unknown = await user.officeA.client
      .get(`/api/plans/${planA.planId}/people?department=0190a0a0-0000-7000-8000-000000000000`)
      .expect(404);
    expect(unknown.body.code).toBe('department-not-found');
    await user.officeA.client.get(`/api/plans/${planA.planId}/people?role=owner`).expect(400);
    await user.officeA.client.get(`/api/plans/${planA.planId}/people?email=x`).expect(400);
  });

  it('refuses a second department of the same name, and departments from people who are not the office', async () => {
    const before = await store.headPosition();
    const taken = await user.officeB.client.post('/api/departments').send({ name: ' 教务 处' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'department-name-taken' });
    await user.teacher.client.post('/api/departments').send({ name: '后勤处' }).expect(403);
    await user.auditor.client.post('/api/departments').send({ name: '后勤处' }).expect(403);
    await api.admin
      .post(`/api/users/${user.teacher.userId}/department`)
      .send({ departmentId: '0190a0a0-0000-7000-8000-000000000000' })
      .expect(404);
    await api.settled();
    expect(await store.headPosition()).toBe(before);
    const list = (await user.teacher.client.get('/api/departments').expect(200)).body.items;
    expect(list.map((d: { name: string; people: number }) => [d.name, d.people])).toEqual([
      ['教务处', 0],
      ['信息工程学院', 1],
      ['科研处', 0],
    ]);
  });

  it('gives a task its 牵头单位 and 参与单位 (the plan’s office only) and filters tasks and completion by department', async () => {
    const before = await store.headPosition();
    await user.officeB.client
      .post(`/api/tasks/${taskA}/units`)
      .send({ leadDepartmentId: dept.it, participantDepartmentIds: [dept.academic] })
      .expect(403);
    const missing = await user.officeA.client
      .post(`/api/tasks/${taskA}/units`)
      .send({ leadDepartmentId: dept.it, participantDepartmentIds: ['0190a0a0-0000-7000-8000-000000000000'] })
      .expect(404);
    expect(missing.body.code).toBe('department-not-found');
    await api.settled();
    expect(await store.headPosition()).toBe(before);
    await user.officeA.client
      .post(`/api/tasks/${taskA}/units`)
      .send({ leadDepartmentId: dept.it, participantDepartmentIds: [dept.academic] })
      .expect(201);

    const tasks = (await user.lead.client.get(`/api/projects/${planA.projectId}/tasks`).expect(200)).body
      .items;
    expect(tasks[0]).toMatchObject({
      ownerName: '张老师',
      units: {
        lead: { departmentId: dept.it, name: '信息工程学院' },
        participants: [{ departmentId: dept.academic, name: '教务处' }],
      },
    });
    const ofDepartment = async (departmentId: string) =>
      (
        await user.lead.client
          .get(`/api/projects/${planA.projectId}/tasks?department=${departmentId}`)
          .expect(200)
      ).body.items.length;
    expect(await ofDepartment(dept.academic)).toBe(1);
    expect(await ofDepartment(dept.research)).toBe(0);
    const completion = async (departmentId: string) =>
      (
        await user.officeA.client
          .get(`/api/plans/${planA.planId}/completion?department=${departmentId}`)
          .expect(200)
      ).body;
    expect((await completion(dept.it)).total).toBe(1);
    expect(await completion(dept.research)).toMatchObject({ total: 0, department: { name: '科研处' } });
    const xlsx = await user.officeA.client
      .get(`/api/plans/${planA.planId}/exports/tables.xlsx?department=${dept.research}`)
      .buffer(true)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('lets the plan’s office pick a newcomer by name as a task owner, who then is a member', async () => {
    const found = await people(user.officeA.client, planA.planId, '?q=%E9%99%88');
    expect(found.items).toEqual([
      expect.objectContaining({ displayName: '陈老师', member: false, roles: [] }),
    ]);
    await user.officeA.client
      .post(`/api/plans/${planA.planId}/tasks`)
      .send({
        projectId: planA.projectId,
        title: '新任务',
        ownerId: found.items[0].userId,
        dueDate: '2023-12-31',
      })
      .expect(201);
    const after = await people(user.lead.client, planA.planId, '?q=%E9%99%88');
    expect(after.items).toEqual([expect.objectContaining({ displayName: '陈老师', member: true })]);
  });
});
