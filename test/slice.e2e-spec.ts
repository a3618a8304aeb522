import { startApi, type ApiHarness } from './api-harness';
import { recordProgress } from './request-helpers';

describe('first vertical slice over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('creates a plan, a level, a project and a task, records progress and reads completion', async () => {
    const http = api.admin;
    const owner = await api.createUser('zhang.san');
    const plan = await http
      .post('/api/plans')
      .send({ name: '双高建设方案', school: '某职业技术学院', startYear: 2019, endYear: 2023 })
      .expect(201);
    const planId = plan.body.id as string;
    expect(plan.headers.location).toBe(`/api/plans/${planId}`);
    const level = await http
      .post(`/api/plans/${planId}/levels`)
      .send({ name: '学校层面', kind: 'school', weight: '0.3' })
      .expect(201);
    const project = await http
      .post(`/api/plans/${planId}/projects`)
      .send({ levelId: level.body.id, code: '1', name: '党建引领示范' })
      .expect(201);
    const projectId = project.body.id as string;
    const tasks = [];
    for (const title of ['思政课程建设', '党建工作样板支部', '课程思政示范课']) {
      const task = await http
        .post(`/api/plans/${planId}/tasks`)
        .send({ projectId, title, ownerId: owner.userId, dueDate: '2023-12-31' })
        .expect(201);
      tasks.push(task.body.id as string);
    }
    await recordProgress(owner.client, tasks[0], '1', '2021-12-31');
    const progress = await owner.client
      .post(`/api/tasks/${tasks[1]}/progress`)
      .send({ completion: '0.39', effectiveDate: '2021-12-31', note: '已完成样板支部申报' })
      .expect(201);
    expect(progress.headers.etag).toBe('"1"');

    const task = await http.get(`/api/tasks/${tasks[1]}`).expect(200);
    expect(task.body).toMatchObject({
      title: '党建工作样板支部',
      completion: '0.39',
      completionPercent: '39.00',
    });
    expect(task.headers.etag).toBe('"1"');

    const completion = await http.get(`/api/projects/${projectId}/completion`).expect(200);
    expect(completion.body).toMatchObject({
      total: 3,
      completed: '1.39',
      fullyDone: 1,
      ratePercent: '46.33',
    });
  });
});
