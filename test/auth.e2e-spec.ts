import Database from 'better-sqlite3';
import { join } from 'node:path';
import { apiSuite, USER_PASSWORD } from './api-harness';

describe('sign-in and sessions', () => {
  const api = apiSuite();

  const login = (username: string, password: string) =>
    api.anonymous.post('/api/auth/login').send({ username, password });

  it('gives an opaque token of at least 128 random bits, stored only as a hash', async () => {
    await api.createUser('li.si');
    const res = await login('li.si', USER_PASSWORD).expect(200);
    const token = res.body.token as string;
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const db = new Database(join(api.dataDir, 'auth.sqlite'), { readonly: true });
    const rows = JSON.stringify(db.prepare('SELECT * FROM sessions').all());
    const credentials = JSON.stringify(db.prepare('SELECT * FROM credentials').all());
    db.close();
    expect(rows).not.toContain(token);
    expect(credentials).toContain('$argon2id$v=19$m=19456,t=2,p=1$');
    expect(credentials).not.toContain(USER_PASSWORD);
  });

  it('answers a wrong password and an unknown user alike, in Chinese, writing nothing', async () => {
    const before = await api.store.headPosition();
    const wrong = await login('li.si', 'not-the-password').expect(401);
    const unknown = await login('nobody', 'not-the-password').expect(401);
    expect(wrong.body).toMatchObject({ code: 'invalid-credentials', detail: '用户名或密码错误。' });
    expect(unknown.body).toEqual({ ...wrong.body, instance: '/api/auth/login' });
    expect(await api.store.headPosition()).toBe(before);
  });

  it('stops a token working at logout', async () => {
    const client = await api.signIn('li.si');
    await client.get('/api/auth/me').expect(200);
    await client.post('/api/auth/logout').expect(204);
    const after = await client.get('/api/auth/me').expect(401);
    expect(after.body.code).toBe('session-invalid');
  });

  it('stops every token of an account when it is disabled, and refuses its sign-in', async () => {
    const { userId, client } = await api.createUser('wang.wu');
    await client.get('/api/auth/me').expect(200);
    await api.admin.post(`/api/users/${userId}/disable`).send({ reason: '调离岗位' }).expect(201);
    await client.get('/api/auth/me').expect(401);
    const refused = await login('wang.wu', USER_PASSWORD).expect(403);
    expect(refused.body.code).toBe('account-disabled');
    await api.admin.post(`/api/users/${userId}/enable`).send({}).expect(201);
    await login('wang.wu', USER_PASSWORD).expect(200);
  });

  it('stops every token at a password change; only the new password works', async () => {
    const { client } = await api.createUser('zhao.liu');
    const other = await api.signIn('zhao.liu');
    await client
      .post('/api/auth/password')
      .send({ currentPassword: USER_PASSWORD, newPassword: 'New-密码-for-zhao' })
      .expect(204);
    await client.get('/api/auth/me').expect(401);
    await other.get('/api/auth/me').expect(401);
    await login('zhao.liu', USER_PASSWORD).expect(401);
    await login('zhao.liu', 'New-密码-for-zhao').expect(200);
  });

  it('refuses a weak new password in Chinese', async () => {
    const { client } = await api.createUser('sun.qi');
    const res = await client
      .post('/api/auth/password')
      .send({ currentPassword: USER_PASSWORD, newPassword: 'short' })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'weak-password', detail: '密码长度须为 10–128 个字符。' });
  });

  it('takes the actor from the session and refuses one in the body', async () => {
    const me = (await api.admin.get('/api/auth/me').expect(200)).body.userId as string;
    const before = await api.store.headPosition();
    const body = { name: '方案', school: '学院', startYear: 2019, endYear: 2023 };
    await api.admin
      .post('/api/plans')
      .send({ ...body, actor: 'someone-else' })
      .expect(400);
    expect(await api.store.headPosition()).toBe(before);
    await api.admin
      .post('/api/plans')
      .send({ ...body, reason: '2019 年立项' })
      .expect(201);
    const [created] = await api.store.readAll({ fromPosition: before });
    expect(created.metadata).toMatchObject({ actor: me, reason: '2019 年立项' });
    expect(Date.parse(created.metadata.time)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('a login flood', () => {
  const api = apiSuite({ LOGIN_MAX_PER_ADDRESS: '30' });

  it('makes one address wait after five failures at one account, even with the right password', async () => {
    await api.createUser('target.user');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await api.anonymous
            .post('/api/auth/login')
            .send({ username: 'target.user', password: `guess-${i}` })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const right = await api.anonymous
      .post('/api/auth/login')
      .send({ username: 'target.user', password: USER_PASSWORD })
      .expect(429);
    expect(right.body.code).toBe('too-many-login-attempts');
    expect(right.body.detail).toMatch(/登录尝试过于频繁，请 \d+ 秒后再试。/);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers a flood from one address with 429', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        api.anonymous.post('/api/auth/login').send({ username: `flood-${i}`, password: 'whatever-123' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});
