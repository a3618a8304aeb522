import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EVENT_STORE, type NotificationViews } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { loadConfig, type AppConfig } from '../libs/config/src';
import {
  CampaignQueries,
  CompletionQueries,
  FindingQueries,
  NotificationQueries,
  SubmissionQueries,
  UserQueries,
} from '../libs/read-models/src';
import { createApiApplication } from '../apps/api/src/bootstrap';
import { pdf } from './fixtures/evidence-files';
import { indicatorBody } from './request-helpers';

const atLeastTwo = { kind: 'numeric', comparator: '>=', value: '2', unit: '项' };

export const ADMIN_PASSWORD = 'Office-密码-2026!';
export const USER_PASSWORD = 'Teacher-密码-2026';

export type Client = ReturnType<typeof request.agent>;

/**
 * An approval stage, passed by any one of its reviewers (`any`, 或签) or by every one (`all`, 会签):
 * the users named by id and the holders of `roles` over the task's scope.
 */
export function stage(
  name: string,
  rule: 'any' | 'all',
  reviewers: { roles?: string[]; users?: string[] },
): { name: string; rule: { kind: 'any' | 'all' }; reviewers: { roles: string[]; users: string[] } } {
  return {
    name,
    rule: { kind: rule },
    reviewers: { roles: reviewers.roles ?? [], users: reviewers.users ?? [] },
  };
}

/** 项目办审核, passed by any one office member. */
export const OFFICE_REVIEW = stage('项目办审核', 'any', { roles: ['office'] });

/** 项目负责人审核 then 项目办审核, each passed by any one reviewer of the role. */
export const LEAD_THEN_OFFICE = [stage('项目负责人审核', 'any', { roles: ['project-lead'] }), OFFICE_REVIEW];

/** A supertest parser that keeps a binary answer (an XLSX, a download) as one Buffer. */
export function binary(
  res: import('superagent').Response,
  done: (error: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

export interface ApiHarness {
  app: INestApplication;
  config: AppConfig;
  dataDir: string;
  /** Requests with no session. */
  anonymous: Client;
  /** Signed in as the first office administrator. */
  admin: Client;
  signIn(username: string, password?: string): Promise<Client>;
  /** Creates a user (as the administrator) and returns their id and a signed-in client. */
  createUser(
    username: string,
    roles?: { role: string; scope: string }[],
  ): Promise<{ userId: string; client: Client }>;
  /** Creates a user with a display name (as the administrator) and returns their id. */
  createPerson(
    username: string,
    displayName: string,
    roles?: { role: string; scope: string }[],
  ): Promise<string>;
  /** A plan (2019–2023 unless said otherwise) with one school level (30 %) and one project. */
  createPlan(project?: {
    code?: string;
    name?: string;
    startYear?: number;
    endYear?: number;
  }): Promise<{ planId: string; levelId: string; projectId: string }>;
  /** A task of that project, owned by `ownerId`, due at the end of 2023 unless said otherwise. */
  defineTask(
    plan: { planId: string; projectId: string },
    ownerId: string,
    fields?: Record<string, unknown>,
  ): Promise<string>;
  /**
   * An indicator of the plan's level (as `client`, the administrator by default): 1.1.1.1, a
   * quantity of 1 point scored in proportion to a target of ≥ 2 项, unless `fields` say otherwise.
   */
  defineIndicator(
    plan: { planId: string; levelId: string },
    fields?: Record<string, unknown>,
    client?: Client,
  ): Promise<string>;
  /** Uploads `content` (a small PDF unless said otherwise) as evidence of the task, as `client`; answers its id. */
  uploadEvidence(client: Client, taskId: string, filename: string, content?: Buffer): Promise<string>;
  /**
   * Submits progress on the task for approval, as `client`: half done as of 2021-12-31, with no
   * evidence unless `fields` say otherwise; answers the submission's id.
   */
  submit(client: Client, taskId: string, fields?: Record<string, unknown>): Promise<string>;
  /**
   * Configures the plan's approval chain (as the administrator): by default 项目负责人审核 then
   * 项目办审核, each 或签 over the role for the task's scope; `reason` is recorded with it.
   */
  configureChain(planId: string, stages?: unknown[], scope?: string, reason?: string): Promise<void>;
  /**
   * Waits until every projection and process manager has caught up and no outbox holds anything:
   * process managers append after the request that caused them has been answered, so a test that
   * compares the log's head before and after a refused request waits for them first.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** A plan (as `createPlan` makes it) and `username`, a member of its office, signed in. */
export async function planWithOffice(
  api: Pick<ApiHarness, 'createPlan' | 'createUser'>,
  username: string,
  project?: Parameters<ApiHarness['createPlan']>[0],
): Promise<{
  plan: { planId: string; levelId: string; projectId: string };
  office: Client;
  officeId: string;
}> {
  const plan = await api.createPlan(project);
  const { userId, client } = await api.createUser(username, [
    { role: 'office', scope: `plan:${plan.planId}` },
  ]);
  return { plan, office: client, officeId: userId };
}

/** Enters a finding about the task as `client` (the API answers 201) and answers its id. */
export async function enterFinding(
  client: Client,
  planId: string,
  taskId: string,
  {
    source,
    severity,
    title,
    description,
  }: { source: string; severity: string; title: string; description: string },
): Promise<string> {
  const subject = { kind: 'task', id: taskId };
  const res = await client
    .post(`/api/plans/${planId}/findings`)
    .send({ source, severity, subject, title, description })
    .expect(201);
  return res.body.id as string;
}

/** The views the reminder scan reads, from the API's own providers (a scan run from a test). */
export function notificationViews(api: Pick<ApiHarness, 'app'>): NotificationViews {
  return {
    completion: api.app.get(CompletionQueries),
    users: api.app.get(UserQueries),
    notifications: api.app.get(NotificationQueries),
    submissions: api.app.get(SubmissionQueries),
    campaigns: api.app.get(CampaignQueries),
    findings: api.app.get(FindingQueries),
  };
}

/** The real API on a real SQLite data directory and the run's real Redis. */
export async function startApi(env: Record<string, string> = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-api-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    REDIS_URL: process.env.TEST_REDIS_URL,
    PORT: '0',
    ADMIN_PASSWORD,
    LOGIN_MAX_PER_ADDRESS: '1000',
    // Sign-in counters live in the run's shared Redis: each API counts apart unless a test shares them.
    LOGIN_THROTTLE_PREFIX: `sg:test:${randomUUID()}:login`,
    ...env,
  });
  const app = await createApiApplication(config, { logger: ['error'] });
  await app.init();
  const server = app.getHttpServer();

  const signIn = async (username: string, password = USER_PASSWORD): Promise<Client> => {
    const res = await request(server).post('/api/auth/login').send({ username, password });
    if (res.status !== 200)
      throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return request.agent(server).set('Authorization', `Bearer ${res.body.token}`);
  };
  const admin = await signIn('admin', ADMIN_PASSWORD);
  const createPerson: ApiHarness['createPerson'] = async (username, displayName, roles = []) => {
    const res = await admin
      .post('/api/users')
      .send({ username, displayName, password: USER_PASSWORD, roles });
    if (res.status !== 201)
      throw new Error(`creating ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  return {
    app,
    config,
    dataDir,
    anonymous: request.agent(server),
    admin,
    signIn,
    createPerson,
    createUser: async (username, roles = []) => ({
      userId: await createPerson(username, username, roles),
      client: await signIn(username),
    }),
    createPlan: async ({ code = '1', name = '项目', startYear = 2019, endYear = 2023 } = {}) => {
      const created = async (path: string, body: object) => {
        const res = await admin.post(path).send(body);
        if (res.status !== 201)
          throw new Error(`POST ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      };
      const planId = await created('/api/plans', {
        name: '方案',
        school: '学院',
        startYear,
        endYear,
      });
      const levelId = await created(`/api/plans/${planId}/levels`, {
        name: '学校层面',
        kind: 'school',
        weight: '0.3',
      });
      const projectId = await created(`/api/plans/${planId}/projects`, { levelId, code, name });
      return { planId, levelId, projectId };
    },
    defineTask: async ({ planId, projectId }, ownerId, fields = {}) => {
      const res = await admin
        .post(`/api/plans/${planId}/tasks`)
        .send({ projectId, title: '任务', ownerId, dueDate: '2023-12-31', ...fields });
      if (res.status !== 201)
        throw new Error(`defining a task failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    defineIndicator: async ({ planId, levelId }, fields = {}, client = admin) => {
      const res = await client.post(`/api/plans/${planId}/indicators`).send({
        levelId,
        ...indicatorBody(
          'quantity',
          { code: '1.1.1', name: '行' },
          '1.1.1.1',
          '指标',
          '1',
          atLeastTwo,
          'proportional',
        ),
        ...fields,
      });
      if (res.status !== 201)
        throw new Error(`defining an indicator failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    uploadEvidence: async (client, taskId, filename, content = pdf()) => {
      const res = await client.post(`/api/tasks/${taskId}/evidence`).attach('file', content, filename);
      if (res.status !== 201)
        throw new Error(`uploading ${filename} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    submit: async (client, taskId, fields = {}) => {
      const res = await client
        .post(`/api/tasks/${taskId}/submissions`)
        .send({ completion: '0.5', effectiveDate: '2021-12-31', evidenceIds: [], ...fields });
      if (res.status !== 201) throw new Error(`submitting failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    configureChain: async (planId, stages = LEAD_THEN_OFFICE, scope = 'plan', reason?: string) => {
      await admin.post(`/api/plans/${planId}/approval-chains`).send({ scope, stages, reason }).expect(201);
    },
    settled: async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const health = (await request(server).get('/api/health')).body as {
          projections?: { lag: number; outbox?: { pending: number } }[];
        };
        const projections = health.projections ?? [];
        if (projections.every((p) => p.lag === 0 && (p.outbox?.pending ?? 0) === 0)) return;
        if (Date.now() > deadline) throw new Error(`read models not settled: ${JSON.stringify(projections)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An API harness with its event store, for the tests of one describe block. */
export type ApiSuite = ApiHarness & { store: EventStore };

/**
 * Registers an API (with `env`) for the enclosing describe block: the returned object is the
 * harness and its event store once `beforeAll` has run; the API is closed after the block.
 */
export function apiSuite(env: Record<string, string> = {}): ApiSuite {
  const suite = {} as ApiSuite;
  beforeAll(async () => {
    const api = await startApi(env);
    Object.assign(suite, api, { store: api.app.get(EVENT_STORE) });
  });
  afterAll(() => suite.close?.());
  return suite;
}
