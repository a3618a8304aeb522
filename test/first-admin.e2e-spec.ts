import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApplication } from '../apps/api/src/bootstrap';
import { EVENT_STORE } from '../libs/application/src';
import { loadConfig } from '../libs/config/src';
import type { EventStore } from '../libs/event-store/src';
import { startApi } from './api-harness';

/** Starts the API on `dataDir` with no ADMIN_PASSWORD, capturing what it prints. */
async function start(dataDir: string, env: Record<string, string> = {}) {
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
    printed.push(String(chunk));
    return write(chunk, ...rest);
  };
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      REDIS_URL: process.env.TEST_REDIS_URL,
      PORT: '0',
      LOGIN_THROTTLE_PREFIX: `sg:test:${randomUUID()}:login`,
      ...env,
    });
    const app = await createApiApplication(config, { logger: false });
    try {
      await app.init();
    } catch (error) {
      // A start that fails must not leave its connections open behind it.
      await app.close().catch(() => undefined);
      throw error;
    }
    return { app, printed: printed.join('') };
  } finally {
    process.stdout.write = write;
  }
}

describe('the first administrator, without ADMIN_PASSWORD', () => {
  let dataDir: string;
  let app: INestApplication;
  let printed: string;
  const file = () => join(dataDir, 'initial-admin-password');
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sg-first-admin-'));
    ({ app, printed } = await start(dataDir));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let initial: string;
  let token: string;

  it('writes the generated password to a file only its owner can read, and prints only the path', () => {
    expect(existsSync(file())).toBe(true);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    initial = readFileSync(file(), 'utf8').trim();
    expect(initial.length).toBeGreaterThanOrEqual(20);
    expect(printed).toContain(file());
    expect(printed).not.toContain(initial);
  });

  it('signs in with it, saying the password must be changed first', async () => {
    const res = await http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: initial })
      .expect(200);
    expect(res.body.mustChangePassword).toBe(true);
    token = res.body.token as string;
    const me = await http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', mustChangePassword: true });
  });

  it('refuses everything else to that session until then, writing nothing', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const before = await store.headPosition();
    const auth = `Bearer ${token}`;
    const plan = { name: '方案', school: '学院', startYear: 2019, endYear: 2023 };
    const refused = [
      await http().get('/api/plans').set('Authorization', auth),
      await http().get('/api/users').set('Authorization', auth),
      await http().post('/api/plans').set('Authorization', auth).send(plan),
      await http().get('/api/me/tasks').set('Authorization', auth),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'password-change-required', title: '没有权限执行此操作' });
      expect(res.body.detail).toContain('请先修改密码');
    }
    expect(await store.headPosition()).toBe(before);
  });

  it('takes a new password that keeps the rules, removes the file, and ends the old session', async () => {
    const auth = `Bearer ${token}`;
    const weak = await http()
      .post('/api/auth/password')
      .set('Authorization', auth)
      .send({ currentPassword: initial, newPassword: 'password12' })
      .expect(422);
    expect(weak.body.details.rule).toBe('common-password');
    await http()
      .post('/api/auth/password')
      .set('Authorization', auth)
      .send({ currentPassword: initial, newPassword: initial })
      .expect(422, /password-unchanged/);
    expect(existsSync(file())).toBe(true);

    await http()
      .post('/api/auth/password')
      .set('Authorization', auth)
      .send({ currentPassword: initial, newPassword: '项目办-新的密码-2026' })
      .expect(204);
    expect(existsSync(file())).toBe(false);
    await http().get('/api/auth/me').set('Authorization', auth).expect(401);
    await http().post('/api/auth/login').send({ username: 'admin', password: initial }).expect(401);

    const again = await http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: '项目办-新的密码-2026' })
      .expect(200);
    expect(again.body.mustChangePassword).toBe(false);
    await http()
      .post('/api/plans')
      .set('Authorization', `Bearer ${again.body.token}`)
      .send({ name: '方案', school: '学院', startYear: 2019, endYear: 2023 })
      .expect(201);
  });

  it('neither writes nor prints a password at the next start', async () => {
    await app.close();
    ({ app, printed } = await start(dataDir));
    expect(existsSync(file())).toBe(false);
    expect(printed).not.toContain('初始');
    const res = await http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: '项目办-新的密码-2026' })
      .expect(200);
    expect(res.body.mustChangePassword).toBe(false);
  });
});

describe('the first administrator, with ADMIN_PASSWORD', () => {
  it('needs no change of a password the operator chose', async () => {
    const api = await startApi();
    try {
      const me = await api.admin.get('/api/auth/me').expect(200);
      expect(me.body.mustChangePassword).toBe(false);
      expect(existsSync(join(api.dataDir, 'initial-admin-password'))).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('refuses to start with a common ADMIN_PASSWORD, saying why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sg-first-admin-'));
    try {
      await expect(start(dataDir, { ADMIN_PASSWORD: 'password12' })).rejects.toThrow(
        /ADMIN_PASSWORD 不符合密码规则：.*常见密码/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
