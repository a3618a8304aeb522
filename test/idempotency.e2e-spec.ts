import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentStore } from '../libs/evidence/src';
import { ADMIN_PASSWORD, apiSuite, USER_PASSWORD, type Client } from './api-harness';
import { multipart, pdf } from './fixtures/evidence-files';

/** A multipart body with its own boundary: a retry may well come with another one. */
const upload = (
  content: Buffer,
  name = '报告.pdf',
  boundary = `----b${Math.random().toString(16).slice(2)}`,
) => {
  const built = multipart([{ field: 'file', filename: name, content }]);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.from(
      built.body.toString('latin1').replaceAll('----sg-test-boundary-7f3a', boundary),
      'latin1',
    ),
  };
};

describe('Idempotency-Key', () => {
  const api = apiSuite();
  /** The task's owner, signed in, the task, and the evidence files the API stores. */
  const given = {} as { owner: Client; ownerId: string; taskId: string; files: ContentStore };

  beforeAll(async () => {
    const { userId, client } = await api.createUser('idem.owner');
    Object.assign(given, {
      owner: client,
      ownerId: userId,
      taskId: await api.defineTask(await api.createPlan(), userId),
      files: new ContentStore(join(api.dataDir, 'evidence')),
    });
  });

  const send = (body: { body: Buffer; contentType: string }, key?: string, ifMatch?: string) => {
    let req = given.owner.post(`/api/tasks/${given.taskId}/evidence`).set('Content-Type', body.contentType);
    if (key) req = req.set('Idempotency-Key', key);
    if (ifMatch) req = req.set('If-Match', ifMatch);
    return req.send(body.body);
  };
  const evidence = async () =>
    (await given.owner.get(`/api/tasks/${given.taskId}/evidence`)).body as {
      evidenceId: string;
      sha256: string;
    }[];
  /** Everything the idempotency store wrote, its WAL included. */
  const idempotencyBytes = () =>
    Buffer.concat(
      readdirSync(api.dataDir)
        .filter((name) => name.startsWith('idempotency.sqlite'))
        .map((name) => readFileSync(join(api.dataDir, name))),
    ).toString('latin1');

  describe('on credential routes (passwords, session tokens)', () => {
    it('refuses the header on sign-in, and no token or password reaches the store', async () => {
      const res = await api.anonymous
        .post('/api/auth/login')
        .set('Idempotency-Key', 'login-1')
        .send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'idempotency-key-not-accepted' });
      expect(res.body.detail).toContain('Idempotency-Key');
      expect(res.body.token).toBeUndefined();
      // Express routes paths case-insensitively; the refusal does too.
      const shouted = await api.anonymous
        .post('/api/AUTH/Login')
        .set('Idempotency-Key', 'login-2')
        .send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(shouted.status).toBe(400);
      expect(shouted.body).toMatchObject({ code: 'idempotency-key-not-accepted' });
      expect(
        (await api.anonymous.post('/api/AUTH/Login').send({ username: 'admin', password: ADMIN_PASSWORD }))
          .status,
      ).toBe(200);
      // Without the header, sign-in works as ever.
      const plain = await api.anonymous
        .post('/api/auth/login')
        .send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(plain.status).toBe(200);
      expect(idempotencyBytes()).not.toContain(plain.body.token as string);
      expect(idempotencyBytes()).not.toContain(ADMIN_PASSWORD);
    });

    it.each([
      [
        'changing one’s own password',
        (c: Client) => c.post('/api/auth/password'),
        { currentPassword: USER_PASSWORD, newPassword: 'Another-密码-2027' },
      ],
      [
        'creating a user with a password',
        (c: Client) => c.post('/api/users'),
        { username: 'idem.new', displayName: '新用户', password: 'Created-密码-2027' },
      ],
    ])('refuses the header when %s, and changes nothing', async (_, route, body) => {
      const client = 'currentPassword' in body ? given.owner : api.admin;
      const res = await route(client).set('Idempotency-Key', 'credential-1').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'idempotency-key-not-accepted' });
      expect(idempotencyBytes()).not.toContain(Object.values(body).find((v) => v.includes('密码'))!);
      // Nothing happened: the old password still signs in, the user does not exist.
      await api.signIn('idem.owner');
      expect(
        (await api.admin.get('/api/users')).body.map((u: { username: string }) => u.username),
      ).not.toContain('idem.new');
    });

    it('refuses the header when an administrator resets a password', async () => {
      const res = await api.admin
        .post(`/api/users/${given.ownerId}/password`)
        .set('Idempotency-Key', 'reset-1')
        .send({ newPassword: 'Reset-密码-2027-x' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'idempotency-key-not-accepted' });
      await api.signIn('idem.owner');
    });
  });

  describe('a key reused for another request', () => {
    it('answers 422 for the same key with another file, and stores neither the file nor an event', async () => {
      const first = await send(upload(pdf('1 0 obj << >> endobj % first')), 'upload-key-1');
      expect(first.status).toBe(201);
      const stored = given.files.listAll().length;

      const second = await send(upload(pdf('1 0 obj << >> endobj % second, other bytes')), 'upload-key-1');
      expect(second.status).toBe(422);
      expect(second.body).toMatchObject({ code: 'idempotency-key-reused' });
      expect(given.files.listAll()).toHaveLength(stored);
      expect(await evidence()).toHaveLength(1);
    });

    it('replays the first answer for the same file under another multipart boundary', async () => {
      const content = pdf('1 0 obj << >> endobj % retried');
      const first = await send(upload(content, 'a.pdf', '----first'), 'upload-key-2');
      expect(first.status).toBe(201);
      const again = await send(upload(content, 'a.pdf', '----second'), 'upload-key-2');
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await evidence()).toHaveLength(2);
    });

    it('answers 422 for the same file under another name', async () => {
      const content = pdf('1 0 obj << >> endobj % renamed');
      expect((await send(upload(content, 'x.pdf'), 'upload-key-3')).status).toBe(201);
      const renamed = await send(upload(content, 'y.pdf'), 'upload-key-3');
      expect(renamed.status).toBe(422);
      expect(renamed.body).toMatchObject({ code: 'idempotency-key-reused' });
    });

    it('answers 422 for the same key on another route', async () => {
      const plan = await api.createPlan({ code: '9', name: '另一项目' });
      const first = await api.admin
        .post(`/api/plans/${plan.planId}/tasks`)
        .set('Idempotency-Key', 'cross-route-1')
        .send({ projectId: plan.projectId, title: '任务', ownerId: given.ownerId, dueDate: '2023-12-31' });
      expect(first.status).toBe(201);
      const other = await api.admin
        .post(`/api/plans/${plan.planId}/projects`)
        .set('Idempotency-Key', 'cross-route-1')
        .send({ levelId: plan.levelId, code: '10', name: '又一项目' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency-key-reused' });
    });
  });

  describe('a refused upload leaves no file', () => {
    it('removes the file of an upload answered 412 (stale If-Match)', async () => {
      const before = given.files.listAll().length;
      const count = (await evidence()).length;
      const res = await send(upload(pdf('1 0 obj << >> endobj % stale')), undefined, '"999"');
      expect(res.status).toBe(412);
      expect(given.files.listAll()).toHaveLength(before);
      expect(await evidence()).toHaveLength(count);
    });

    it('keeps content stored by earlier evidence when a new upload of it is refused', async () => {
      const content = pdf('1 0 obj << >> endobj % shared');
      expect((await send(upload(content))).status).toBe(201);
      const before = given.files.listAll();
      const res = await send(upload(content, 'copy.pdf'), undefined, '"999"');
      expect(res.status).toBe(412);
      expect(given.files.listAll()).toEqual(before);
      const [latest] = (await evidence()).slice(-1);
      expect((await given.owner.get(`/api/evidence/${latest.evidenceId}`)).status).toBe(200);
    });

    it('stores nothing for an upload refused by its content or its size', async () => {
      const before = given.files.listAll().length;
      const bad = await send(upload(Buffer.from('MZ\x90\x00 not a pdf', 'latin1')), 'bad-content-1');
      expect(bad.status).toBe(415);
      expect(given.files.listAll()).toHaveLength(before);
    });
  });
});
