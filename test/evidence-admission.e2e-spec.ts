import { EVENT_STORE } from '../libs/application/src';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startApi, USER_PASSWORD, type ApiHarness } from './api-harness';
import { file } from './fixtures/evidence-corpus';
import { pdf } from './fixtures/evidence-files';

describe('upload admission', () => {
  let api: ApiHarness;
  afterAll(() => api.close());

  it('answers 503 with Retry-After beyond the inspection queue, and admits again once it drains', async () => {
    api = await startApi({ EVIDENCE_INSPECTIONS: '1', EVIDENCE_INSPECTIONS_QUEUED: '0' });
    const created = await api.createUser('queue.owner');
    const taskId = await api.defineTask(await api.createPlan(), created.userId);
    const token = (
      await request(api.app.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'queue.owner', password: USER_PASSWORD })
        .expect(200)
    ).body.token as string;
    const server = api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    // The first upload is admitted and holds its place while its body is still arriving.
    const slow = file('慢.pdf', pdf('5 0 obj << /Title (slow) >> endobj'));
    const held = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/tasks/${taskId}/evidence`,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': slow.contentType,
        'Content-Length': slow.body.length,
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      held.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      held.on('error', reject);
    });
    held.write(slow.body.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const before = { head: await api.app.get(EVENT_STORE).headPosition() };
    const busy = await request(server)
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', slow.contentType)
      .send(file('b.pdf', pdf()).body);
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('10');
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(busy.body).toMatchObject({
      code: 'inspection-busy',
      detail: expect.stringMatching(/稍|秒后重试/),
    });
    expect(await api.app.get(EVENT_STORE).headPosition()).toBe(before.head);

    held.end(slow.body.subarray(100));
    expect((await answered).status).toBe(201);
    await request(server)
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', slow.contentType)
      .send(file('c.pdf', pdf('6 0 obj << >> endobj')).body)
      .expect(201);
  });
});
