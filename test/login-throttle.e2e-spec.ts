import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { freePort } from '../libs/config/src';
import { ADMIN_PASSWORD, startApi, USER_PASSWORD, type ApiHarness } from './api-harness';

interface Answer {
  status: number;
  retryAfter: number | undefined;
  body: { code?: string; title?: string; detail?: string };
}

/** The API listening on loopback; requests can then come from any 127.x address, as from other machines. */
async function listen(api: ApiHarness): Promise<number> {
  await api.app.listen(0, '127.0.0.1');
  return (api.app.getHttpServer().address() as { port: number }).port;
}

/** A sign-in from the given source address (127.0.0.0/8 is all loopback on Linux). */
function loginFrom(port: number, from: string, username: string, password: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] ? Number(res.headers['retry-after']) : undefined,
            body: text ? (JSON.parse(text) as Answer['body']) : {},
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ username, password }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('login throttling: a stranger cannot lock an owner out', () => {
  let api: ApiHarness;
  let port: number;
  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_PER_ADDRESS: '50' });
    port = await listen(api);
  });
  afterAll(() => api.close());

  it.each([
    ['owner.a', USER_PASSWORD],
    ['admin', ADMIN_PASSWORD],
  ])(
    '20 failures at %s from address A leave its owner signing in from address B',
    async (username, password) => {
      if (username !== 'admin') await api.createUser(username);
      const stranger: Answer[] = [];
      for (let i = 0; i < 20; i++)
        stranger.push(await loginFrom(port, '127.0.0.2', username, `guess-${i}-xyz`));
      expect(stranger.slice(0, 5).map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
      const refused = stranger.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(10);
      for (const answer of refused) {
        expect(answer.retryAfter).toBeGreaterThanOrEqual(1);
        expect(answer.body).toMatchObject({ code: 'too-many-login-attempts', title: '操作过于频繁' });
        expect(answer.body.detail).toMatch(/^登录尝试过于频繁，请 \d+ 秒后再试。$/);
      }
      const owner = await loginFrom(port, '127.0.0.3', username, password);
      expect(owner.status).toBe(200);
    },
  );

  it("grows the pair's wait with each further failure, and forgets it at a success", async () => {
    await api.createUser('owner.b');
    const from = '127.0.0.4';
    for (let i = 0; i < 5; i++)
      expect((await loginFrom(port, from, 'owner.b', `wrong-${i}-xyz`)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 2; round++) {
      const refused = await loginFrom(port, from, 'owner.b', USER_PASSWORD);
      expect(refused.status).toBe(429);
      waits.push(refused.retryAfter!);
      await sleep(refused.retryAfter! * 1000 + 150);
      expect((await loginFrom(port, from, 'owner.b', `again-${round}-xyz`)).status).toBe(401);
    }
    const last = await loginFrom(port, from, 'owner.b', USER_PASSWORD);
    expect(last.status).toBe(429);
    waits.push(last.retryAfter!);
    // 1 s, 2 s, 4 s: each wait longer than the one before (rounded up to whole seconds).
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]);
    expect(waits[2]).toBeGreaterThanOrEqual(3);

    await sleep(last.retryAfter! * 1000 + 150);
    expect((await loginFrom(port, from, 'owner.b', USER_PASSWORD)).status).toBe(200);
    // Success cleared the pair: the next slip is a plain 401, not a wait.
    expect((await loginFrom(port, from, 'owner.b', 'slip-of-the-finger')).status).toBe(401);
    expect((await loginFrom(port, from, 'owner.b', USER_PASSWORD)).status).toBe(200);
  }, 60_000);

  it('bounds the attempts from one address, whichever usernames they name', async () => {
    const results: Answer[] = [];
    for (let i = 0; i < 60; i++)
      results.push(await loginFrom(port, '127.0.0.5', `nobody-${i}`, 'whatever-123'));
    expect(results.slice(0, 50).every((a) => a.status === 401)).toBe(true);
    expect(results.slice(50).every((a) => a.status === 429)).toBe(true);
    // Another address is not affected.
    expect((await loginFrom(port, '127.0.0.6', 'owner.a', USER_PASSWORD)).status).toBe(200);
  }, 60_000);

  it('lets only addresses an account signed in from try it after many failures from many addresses', async () => {
    const { userId } = await api.createUser('owner.c');
    expect(userId).toBeDefined();
    expect((await loginFrom(port, '127.0.0.7', 'owner.c', USER_PASSWORD)).status).toBe(200);
    // 20 failures (the default limit per username) spread over four addresses, five each.
    for (const from of ['127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.4'])
      for (let i = 0; i < 5; i++)
        expect((await loginFrom(port, from, 'owner.c', `spray-${i}-xyz`)).status).toBe(401);
    const newcomer = await loginFrom(port, '127.0.1.5', 'owner.c', USER_PASSWORD);
    expect(newcomer.status).toBe(429);
    expect(newcomer.retryAfter).toBeGreaterThan(0);
    expect((await loginFrom(port, '127.0.0.7', 'owner.c', USER_PASSWORD)).status).toBe(200);
  });
});

describe('login throttling across API processes', () => {
  const prefix = `sg:test:${randomUUID()}:login`;
  let first: ApiHarness;
  let second: ApiHarness;
  let ports: [number, number];
  beforeAll(async () => {
    const env = { LOGIN_THROTTLE_PREFIX: prefix, LOGIN_MAX_PER_ADDRESS: '6' };
    first = await startApi(env);
    second = await startApi(env);
    ports = [await listen(first), await listen(second)];
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it("counts a pair's failures on one instance against the other", async () => {
    for (let i = 0; i < 3; i++)
      expect((await loginFrom(ports[0], '127.0.2.1', 'shared.user', `x-${i}-guess`)).status).toBe(401);
    for (let i = 0; i < 2; i++)
      expect((await loginFrom(ports[1], '127.0.2.1', 'shared.user', `y-${i}-guess`)).status).toBe(401);
    const next = await loginFrom(ports[0], '127.0.2.1', 'shared.user', 'z-guess-xyz');
    expect(next.status).toBe(429);
    expect(next.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it("counts an address's attempts on both instances together", async () => {
    for (let i = 0; i < 3; i++) {
      expect((await loginFrom(ports[0], '127.0.2.2', `first-${i}`, 'whatever-123')).status).toBe(401);
      expect((await loginFrom(ports[1], '127.0.2.2', `second-${i}`, 'whatever-123')).status).toBe(401);
    }
    expect((await loginFrom(ports[0], '127.0.2.2', 'third', 'whatever-123')).status).toBe(429);
    expect((await loginFrom(ports[1], '127.0.2.2', 'third', 'whatever-123')).status).toBe(429);
  });
});

describe('login throttling while Redis cannot be reached', () => {
  let api: ApiHarness;
  let port: number;
  beforeAll(async () => {
    api = await startApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    port = await listen(api);
  });
  afterAll(() => api.close());

  it('still signs people in, and still slows guessing (counted by the process itself)', async () => {
    await api.createUser('owner.d');
    expect((await loginFrom(port, '127.0.3.1', 'owner.d', USER_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await loginFrom(port, '127.0.3.2', 'owner.d', `g-${i}-xyz`)).status).toBe(401);
    expect((await loginFrom(port, '127.0.3.2', 'owner.d', USER_PASSWORD)).status).toBe(429);
    expect((await loginFrom(port, '127.0.3.3', 'owner.d', USER_PASSWORD)).status).toBe(200);
  });
});
