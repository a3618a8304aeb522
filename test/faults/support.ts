import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../libs/config/src';
import { startNodeProcess, stopProcess } from '../fixtures/node-process';

/** FAULTS=long selects the long sizes; the default short ones keep `npm test` within minutes. */
export const LONG = process.env.FAULTS === 'long';
/** Per test: the short sizes take well under a minute each, the long ones several. */
export const TEST_TIMEOUT_MS = LONG ? 900_000 : 180_000;
export const ROOT = resolve(__dirname, '../..');
export const ADMIN_PASSWORD = 'Fault-密码-2026!';

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The API as deployed (`node dist/apps/api/src/main.js`) on `dataDir`. */
export async function startApiProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ApiProcess> {
  const main = join(ROOT, 'dist/apps/api/src/main.js');
  if (!existsSync(main)) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  const port = await freePort();
  const { child, output } = await startNodeProcess(main, {
    name: 'API',
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_PASSWORD,
      REDIS_URL: '',
      DEMO_PLAN: 'off',
      LOGIN_MAX_PER_ADDRESS: '100000',
      ...env,
    },
    timeoutMs: 60_000,
    ready: (text) => (/listening on/.test(text) ? true : undefined),
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output,
    kill: async () => void (await stopProcess(child, 'SIGKILL')),
    stop: async () => void (await stopProcess(child, 'SIGTERM')),
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

export async function must(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Record<string, unknown>> {
  const answer = await call(url, method, path, options);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

export async function signIn(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  return (await must(url, 'POST', '/api/auth/login', { body: { username, password } })).token as string;
}

/** A plan with a level, a project and `tasks` tasks owned by the signed-in administrator. */
export async function seedPlan(
  url: string,
  token: string,
  tasks: number,
): Promise<{ planId: string; levelId: string; projectId: string; taskIds: string[]; adminId: string }> {
  const adminId = (await must(url, 'GET', '/api/auth/me', { token })).userId as string;
  const planId = (
    await must(url, 'POST', '/api/plans', {
      token,
      body: { name: '方案', school: '学院', startYear: 2019, endYear: 2023 },
    })
  ).id as string;
  const levelId = (
    await must(url, 'POST', `/api/plans/${planId}/levels`, {
      token,
      body: { name: '学校层面', kind: 'school', weight: '0.3' },
    })
  ).id as string;
  const projectId = (
    await must(url, 'POST', `/api/plans/${planId}/projects`, {
      token,
      body: { levelId, code: '1', name: '项目' },
    })
  ).id as string;
  const taskIds: string[] = [];
  for (let i = 0; i < tasks; i++) {
    taskIds.push(
      (
        await must(url, 'POST', `/api/plans/${planId}/tasks`, {
          token,
          body: { projectId, title: `任务 ${i + 1}`, ownerId: adminId, dueDate: '2023-12-31' },
        })
      ).id as string,
    );
  }
  return { planId, levelId, projectId, taskIds, adminId };
}

/** Every row of every projection table (checkpoints aside), for comparing two read-model files. */
export function dumpReadModels(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((t) => t.name)
      .filter((name) => name !== 'projection_checkpoints' && !name.startsWith('reactor'));
    return Object.fromEntries(
      tables.map((name) => [
        name,
        db
          .prepare(`SELECT * FROM "${name}"`)
          .all()
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
  } finally {
    db.close();
  }
}

/** Files under a directory, recursively (evidence storage). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The suite's figures: printed, and kept in test-artifacts/faults-<suite>.json. */
export function reportFigures(suite: string, figures: Record<string, unknown>): void {
  const dir = join(ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const report = { suite, mode: LONG ? 'long' : 'short', at: new Date().toISOString(), ...figures };
  writeFileSync(join(dir, `faults-${suite}.json`), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n[faults] ${suite}: ${JSON.stringify(figures)}\n`);
}
