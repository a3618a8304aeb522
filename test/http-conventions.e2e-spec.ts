import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import type request from 'supertest';
import { startApi, type ApiHarness, type Client } from './api-harness';

describe('HTTP conventions', () => {
  let api: ApiHarness;
  let store: EventStore;
  let http: Client;
  let owner: Client;
  let planId: string;
  let projectId: string;
  let taskId: string;
  let ownerId: string;

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get(EVENT_STORE);
    http = api.admin;
    const created = await api.createUser('owner.one');
    owner = created.client;
    ownerId = created.userId;
    planId = (
      await http.post('/api/plans').send({ name: '方案', school: '学院', startYear: 2019, endYear: 2023 })
    ).body.id;
    const levelId = (
      await http.post(`/api/plans/${planId}/levels`).send({ name: '学校层面', kind: 'school', weight: '0.3' })
    ).body.id;
    projectId = (
      await http.post(`/api/plans/${planId}/projects`).send({ levelId, code: '1', name: '项目一' })
    ).body.id;
    taskId = (
      await http
        .post(`/api/plans/${planId}/tasks`)
        .send({ projectId, title: '任务', ownerId: created.userId, dueDate: '2023-12-31' })
    ).body.id;
  });
  afterAll(() => api.close());

  /** The owner reports progress on the task, with `header` (If-Match, Idempotency-Key) when given. */
  const progress = (completion: string, effectiveDate: string, header?: [string, string]) => {
    const post = owner.post(`/api/tasks/${taskId}/progress`);
    return (header ? post.set(...header) : post).send({ completion, effectiveDate });
  };

  /** Sends a request that must be refused, and checks it wrote nothing. */
  async function refused(send: () => Promise<request.Response>, status: number, code: string) {
    const before = await store.headPosition();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: `/problems/${code}` });
    expect(res.body.title).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(await store.headPosition()).toBe(before);
    return res;
  }

  it('answers malformed JSON with 400 malformed-json', async () => {
    await refused(
      () => http.post('/api/plans').set('Content-Type', 'application/json').send('{"name": "方案",'),
      400,
      'malformed-json',
    );
  });

  it('refuses unknown fields, naming them', async () => {
    const res = await refused(
      () =>
        http
          .post('/api/plans')
          .send({ name: '方案', school: '学院', startYear: 2019, endYear: 2023, admin: true }),
      400,
      'validation-failed',
    );
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'admin', code: 'whitelistValidation' }),
    ]);
  });

  it('refuses wrong types with a message per field', async () => {
    const res = await refused(
      () => http.post('/api/plans').send({ name: 42, school: '学院', startYear: '2019', endYear: 2023 }),
      400,
      'validation-failed',
    );
    const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
    expect([...fields].sort()).toEqual(['name', 'startYear']);
    expect(res.body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
  });

  it('refuses __proto__ and constructor keys', async () => {
    for (const body of [
      '{"name":"方案","school":"学院","startYear":2019,"endYear":2023,"__proto__":{"admin":true}}',
      '{"name":"方案","school":"学院","startYear":2019,"endYear":2023,"constructor":{"prototype":{}}}',
    ]) {
      await refused(
        () => http.post('/api/plans').set('Content-Type', 'application/json').send(body),
        400,
        'forbidden-key',
      );
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    await refused(
      () => http.post('/api/plans').set('Content-Type', 'text/plain').send('name=方案'),
      415,
      'unsupported-media-type',
    );
  });

  it('refuses a progress value outside its range and a date that does not exist', async () => {
    await refused(() => progress('12', '2021-12-31'), 400, 'validation-failed');
    await refused(() => progress('0.5', '2021-02-30'), 400, 'validation-failed');
  });

  it('answers a stale If-Match with 412 and a current one with the new ETag', async () => {
    const current = await http.get(`/api/tasks/${taskId}`).expect(200);
    const etag = current.headers.etag;
    const ok = await progress('0.2', '2021-06-30', ['If-Match', etag]).expect(201);
    expect(ok.headers.etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    await refused(() => progress('0.3', '2021-07-31', ['If-Match', etag]), 412, 'stale-revision');
    await refused(() => progress('0.3', '2021-07-31', ['If-Match', 'abc']), 422, 'invalid-if-match');
  });

  it('writes one set of events for a command retried 10 times with one Idempotency-Key', async () => {
    const before = await store.headPosition();
    const answers = [];
    for (let i = 0; i < 10; i++) {
      answers.push(
        await http
          .post(`/api/plans/${planId}/tasks`)
          .set('Idempotency-Key', 'define-task-7f3a')
          .send({ projectId, title: '重试的任务', ownerId: ownerId, dueDate: '2022-12-31' }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.slice(1).every((a) => a.headers['idempotent-replayed'] === 'true')).toBe(true);
    const written = (await store.readAll({ fromPosition: before })).filter((e) => e.type === 'TaskDefined');
    expect(written).toHaveLength(1);
    const tasks = await http.get(`/api/projects/${projectId}/completion`).expect(200);
    expect(tasks.body.total).toBe(2);
  });

  it('refuses an Idempotency-Key reused for a different request', async () => {
    await progress('0.4', '2021-08-31', ['Idempotency-Key', 'progress-key-1']).expect(201);
    await refused(
      () => progress('0.9', '2021-08-31', ['Idempotency-Key', 'progress-key-1']),
      422,
      'idempotency-key-reused',
    );
  });

  it('answers unknown routes and unknown entities with Problem Details 404', async () => {
    await refused(() => http.get('/api/nothing-here'), 404, 'route-not-found');
    await refused(() => http.get('/api/tasks/not-an-id'), 404, 'task-not-found');
    await refused(() => http.get('/api/tasks/0190a1b2-0000-7000-8000-000000000000'), 404, 'task-not-found');
    await refused(
      () =>
        http.post(`/api/plans/${planId}/tasks`).send({
          projectId: '0190a1b2-0000-7000-8000-000000000000',
          title: '任务',
          ownerId,
          dueDate: '2023-12-31',
        }),
      404,
      'project-not-found',
    );
  });

  it('reports the store, projection lag and Redis on /api/health', async () => {
    const res = await http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      eventStore: { status: 'up', kind: 'sqlite' },
      redis: { status: 'up' },
      projections: expect.arrayContaining([expect.objectContaining({ name: 'completion', lag: 0 })]),
    });
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await http.get('/api/docs-json').expect(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/plans', '/api/tasks/{taskId}/progress', '/api/health']),
    );
    const ui = await http.get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
