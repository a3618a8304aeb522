import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../libs/config/src';
import { startLauncher } from './fixtures/launcher';
import { stopProcess as stop } from './fixtures/node-process';

const root = resolve(__dirname, '..');
const cli = join(root, 'dist/apps/api/src/cli.js');

/** README command 1 after its install step: the built launcher, on a fresh data directory. */
describe('npm start (the launcher)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sg-launch-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const launch = (port: number) => startLauncher(dataDir, port, { timeoutMs: 60_000 });

  it('starts Redis, the API and the worker, serves health and docs, and keeps data across restarts', async () => {
    const port = await freePort();
    const first = await launch(port);
    expect(first.url).toBe(`http://127.0.0.1:${port}`);

    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', redis: { status: 'up' } });
    expect((await fetch(`${first.url}/api/docs`)).status).toBe(200);
    const web = await fetch(`${first.url}/`);
    expect(web.status).toBe(200);
    expect(await web.text()).toContain('<div id="root">');
    expect((await fetch(`${first.url}/api/docs-json`)).status).toBe(200);

    // No default password: the first start writes a generated one to a file only its owner
    // reads, and prints the file's path, never the password.
    const passwordFile = join(dataDir, 'initial-admin-password');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const initial = readFileSync(passwordFile, 'utf8').trim();
    expect(first.output()).toContain(`初始管理员账号：admin`);
    expect(first.output()).toContain(passwordFile);
    expect(first.output()).not.toContain(initial);
    const signIn = async (password: string) => {
      const res = await fetch(`${first.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { token: string; mustChangePassword: boolean };
    };
    const firstSession = await signIn(initial);
    expect(firstSession.mustChangePassword).toBe(true);
    const changed = await fetch(`${first.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${firstSession.token}` },
      body: JSON.stringify({ currentPassword: initial, newPassword: '项目办-启动测试-2026' }),
    });
    expect(changed.status).toBe(204);
    expect(existsSync(passwordFile)).toBe(false);
    const { token } = await signIn('项目办-启动测试-2026');
    const created = await fetch(`${first.url}/api/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '双高建设方案', school: '学院', startYear: 2019, endYear: 2023 }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    expect(await stop(first.child)).toBe(0);
    expect(() => process.kill(redisPid, 0)).toThrow();

    const rebuilt = spawnSync(process.execPath, [cli, 'rebuild-projections'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      // A hung command must fail this test, not hold up the whole run.
      timeout: 60_000,
    });
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toContain('已重建');

    const second = await launch(port);
    expect(second.output()).not.toContain('初始密码');
    const plan = await fetch(`${second.url}/api/plans/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(plan.status).toBe(200);
    expect(await plan.json()).toMatchObject({ name: '双高建设方案' });
    expect(await stop(second.child)).toBe(0);
  });

  it('refuses to rebuild projections while the API serves the data directory', async () => {
    const { child } = await launch(await freePort());
    const refused = spawnSync(process.execPath, [cli, 'rebuild-projections'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      // A hung command must fail this test, not hold up the whole run.
      timeout: 60_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('请先停止');
    await stop(child);
  });
});
