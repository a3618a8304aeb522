import { apiSuite, USER_PASSWORD } from './api-harness';

/** Every way a password is set refuses the same guessable ones, saying which rule, writing nothing. */
describe('password rules', () => {
  const api = apiSuite();

  const REFUSED: [string, string, string][] = [
    ['1234567890', 'common-password', '常见密码'],
    ['password12', 'common-password', '常见密码'],
    ['PASSWORD12', 'common-password', '常见密码'],
    ['qwertyuiop', 'common-password', '常见密码'],
    ['Password2026!', 'common-password', '常见密码'],
    ['Zhou.Ba-2026-xyz', 'contains-username', '密码不能包含用户名。'],
    ['zhou.ba', 'length', '密码长度须为 10–128 个字符。'],
    ['aaaaabbbbb', 'too-few-distinct', '不同的字符'],
  ];

  it.each(REFUSED)('refuses a new account with %s (%s), creating nothing', async (password, rule, says) => {
    const before = await api.store.headPosition();
    const res = await api.admin
      .post('/api/users')
      .send({ username: 'zhou.ba', displayName: '周八', password })
      .expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'weak-password', details: { rule } });
    expect(res.body.detail).toContain(says);
    expect(res.body.title).toMatch(/[\u4e00-\u9fff]/);
    expect(await api.store.headPosition()).toBe(before);
    const users = await api.admin.get('/api/users').expect(200);
    expect(JSON.stringify(users.body)).not.toContain('zhou.ba');
  });

  it('refuses the same passwords as a change of one’s own password; the old one keeps working', async () => {
    const { client } = await api.createUser('wu.jiu');
    for (const [password, rule] of REFUSED.filter(([p]) => !p.startsWith('Zhou') && p !== 'zhou.ba')) {
      const res = await client
        .post('/api/auth/password')
        .send({ currentPassword: USER_PASSWORD, newPassword: password })
        .expect(422);
      expect(res.body.details.rule).toBe(rule);
    }
    const own = await client
      .post('/api/auth/password')
      .send({ currentPassword: USER_PASSWORD, newPassword: 'wu.jiu-2026-新密码' })
      .expect(422);
    expect(own.body.detail).toBe('密码不能包含用户名。');
    await client.get('/api/auth/me').expect(200);
    await api.anonymous
      .post('/api/auth/login')
      .send({ username: 'wu.jiu', password: USER_PASSWORD })
      .expect(200);
  });

  it('refuses them when the administrator resets a password', async () => {
    const { userId } = await api.createUser('zheng.shi');
    const before = await api.store.headPosition();
    const res = await api.admin
      .post(`/api/users/${userId}/password`)
      .send({ newPassword: 'password12', reason: '忘记密码' })
      .expect(422);
    expect(res.body.details.rule).toBe('common-password');
    expect(await api.store.headPosition()).toBe(before);
  });

  it('accepts a long password that is none of these', async () => {
    await api.admin
      .post('/api/users')
      .send({ username: 'qian.yi', displayName: '钱一', password: '春风又绿江南岸-2026' })
      .expect(201);
    await api.anonymous
      .post('/api/auth/login')
      .send({ username: 'qian.yi', password: '春风又绿江南岸-2026' })
      .expect(200);
  });
});
