import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '@sg/config';

export const ADMIN_PASSWORD = 'Bench-密码-2026!';
export const OWNER_PASSWORD = 'Owner-密码-2026!';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '../../../..');

/** A built server started as its own process; resolves once it prints `ready`. */
async function startProcess(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<ServerProcess> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, script, ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${script} did not start:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The API exactly as deployed: `node dist/apps/api/src/main.js` on a data directory.
 * BENCH_API_DIST=<dir> starts another build instead (an older commit's `dist/`, for a same-run
 * before / after comparison).
 */
export function startApiProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  dist = process.env.BENCH_API_DIST ?? resolve(root, 'dist'),
): Promise<ServerProcess> {
  return startProcess(
    resolve(dist, 'apps/api/src/main.js'),
    [],
    {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      REDIS_URL: '',
      DEMO_PLAN: 'off',
      LOGIN_MAX_PER_ADDRESS: '100000',
      ...env,
    },
    /listening on/,
  );
}

/** A bare NestJS application answering canned JSON on the same routes. */
export function startBareProcess(cannedFile: string): Promise<ServerProcess> {
  return startProcess(resolve(__dirname, 'bare-server.js'), [cannedFile], {}, /bare listening/);
}

/** The CRUD peer (`better-sqlite3` or `typeorm`) on its own database, seeded with the owner's session and tasks. */
export function startCrudProcess(
  driver: 'better-sqlite3' | 'typeorm',
  databaseFile: string,
  seedFile: string,
): Promise<ServerProcess> {
  return startProcess(
    resolve(__dirname, 'crud-server.js'),
    [driver, databaseFile, seedFile],
    {},
    /crud .* listening/,
  );
}

export async function call(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

/** Calls that must succeed during set-up. */
export async function must(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await call(url, method, path, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

export async function signIn(url: string, username: string, password: string): Promise<string> {
  const body = await must(url, 'POST', '/api/auth/login', undefined, { username, password });
  return body.token as string;
}
