import { Controller, Get } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { assertEveryRouteHasAccessRule, routeTable, type RouteEntry } from '../apps/api/src/auth/route-table';
import type { PolicyName } from '../apps/api/src/auth/access';
import { midTerm } from '../libs/domain/src/campaign/campaign.fixtures';
import { startApi, USER_PASSWORD, type ApiHarness, type Client } from './api-harness';

/**
 * Route × role. The routes come from the application's own route table; each route's rule comes
 * from its metadata; what each rule must allow is written here, by hand, per policy. A new route
 * with a new policy, or without a rule, fails this test.
 */
type Actor =
  | 'anonymous'
  | 'admin'
  | 'officeA'
  | 'officeB'
  | 'leadership'
  | 'auditor'
  | 'leadA1'
  | 'leadA2'
  | 'reviewerA'
  | 'owner1'
  | 'owner2'
  | 'outsider'
  | 'expertA';

const EVERYONE_SIGNED_IN: Actor[] = [
  'admin',
  'officeA',
  'officeB',
  'leadership',
  'auditor',
  'leadA1',
  'leadA2',
  'reviewerA',
  'owner1',
  'owner2',
  'outsider',
  'expertA',
];
const READ_ALL: Actor[] = ['admin', 'leadership', 'auditor'];

/** Who may call a route of each policy, on plan A, project A1, task T1 (owner1's) and user owner1. */
const EXPECTED: Record<PolicyName | 'public' | 'signed-in', Actor[]> = {
  public: ['anonymous', ...EVERYONE_SIGNED_IN],
  'signed-in': EVERYONE_SIGNED_IN,
  'users.manage': ['admin'],
  'users.list': READ_ALL,
  'user.read': [...READ_ALL, 'owner1'],
  'audit.read': READ_ALL,
  'plan.create': ['admin'],
  'plan.read': [...READ_ALL, 'officeA', 'leadA1', 'leadA2', 'reviewerA', 'owner1', 'owner2'],
  'plan.manage': ['admin', 'officeA'],
  'project.read': [...READ_ALL, 'officeA', 'leadA1', 'reviewerA'],
  'task.read': [...READ_ALL, 'officeA', 'leadA1', 'reviewerA', 'owner1'],
  'task.report': ['owner1'],
  'plan.audit': [...READ_ALL, 'officeA'],
  'submission.read': [...READ_ALL, 'officeA', 'leadA1', 'reviewerA', 'owner1'],
  // Writes: never the auditor; leadership only where a chain names it (this one does not).
  // The submitter reaches approve so that a self-approval is refused and recorded by the decider.
  'submission.review': ['admin', 'officeA', 'leadA1', 'owner1'],
  'submission.comment': ['admin', 'officeA', 'leadA1', 'owner1'],
  'submission.revise': ['owner1'],
  // Batch approval: whoever holds a reviewing role somewhere; each item is then decided on its own.
  'submission.batch-review': ['admin', 'officeA', 'officeB', 'leadership', 'leadA1', 'leadA2', 'reviewerA'],
  'evidence.read': [...READ_ALL, 'officeA', 'leadA1', 'reviewerA', 'owner1'],
  'briefing.read': [...READ_ALL, 'officeA', 'leadA1', 'leadA2', 'reviewerA', 'owner1', 'owner2'],
  'briefing.manage': ['admin', 'officeA'],
  'briefing.audit': [...READ_ALL, 'officeA'],
  'deliveries.manage': ['admin'],
  'campaign.read': [...READ_ALL, 'officeA', 'leadA1', 'leadA2', 'reviewerA', 'owner1', 'owner2'],
  'campaign.write': ['admin', 'officeA', 'leadA1', 'leadA2', 'reviewerA', 'owner1', 'owner2'],
  'campaign.manage': ['admin', 'officeA'],
  // The outside expert of plan A reads its report, scores and evidence package, and nothing else.
  'plan.review-material': [
    ...READ_ALL,
    'officeA',
    'leadA1',
    'leadA2',
    'reviewerA',
    'owner1',
    'owner2',
    'expertA',
  ],
  'plan.review-package': [...READ_ALL, 'officeA', 'expertA'],
  'finding.read': [...READ_ALL, 'officeA', 'leadA1', 'leadA2', 'reviewerA', 'owner1', 'owner2'],
  'finding.rectify': ['owner1'],
  'finding.manage': ['admin', 'officeA'],
  'finding.review': ['admin', 'officeA'],
  'expert-review.read': [...READ_ALL, 'officeA', 'expertA'],
  'expert-review.audit': [...READ_ALL, 'officeA'],
  'expert-review.manage': ['admin', 'officeA'],
  'expert-review.score': ['expertA'],
  'departments.manage': ['admin', 'officeA', 'officeB'],
  'task.manage': ['admin', 'officeA'],
};

/** An event stream never ends by itself: take its status and headers, then hang up. */
const eventStreamProbe = (req: ReturnType<Client['get']>) =>
  req.buffer(true).parse((res, done) => {
    if (res.statusCode !== 200) {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
      return;
    }
    done(null, null);
    (res as unknown as import('node:stream').Readable).destroy();
  });

describe('access: every route × every role', () => {
  let api: ApiHarness;
  const clients = {} as Record<Actor, Client>;
  const ids = {} as Record<
    | 'planId'
    | 'projectId'
    | 'taskId'
    | 'userId'
    | 'indicatorId'
    | 'evidenceId'
    | 'briefingId'
    | 'notificationId'
    | 'deliveryId'
    | 'campaignId'
    | 'reportId'
    | 'achievementId'
    | 'version'
    | 'findingId'
    | 'reviewId',
    string
  >;
  let routes: RouteEntry[];

  beforeAll(async () => {
    // Writes held back a whole second (the most allowed): every read and access check below sees
    // what came before it because it catches the read models up, not by timing (ADR 0049).
    api = await startApi({ READ_MODEL_LINGER_MS: '1000' });
    clients.anonymous = api.anonymous;
    clients.admin = api.admin;
    const plan = async () =>
      (
        await api.admin
          .post('/api/plans')
          .send({ name: '方案', school: '学院', startYear: 2019, endYear: 2023 })
      ).body.id as string;
    const planA = await plan();
    const planB = await plan();
    const level = (
      await api.admin
        .post(`/api/plans/${planA}/levels`)
        .send({ name: '学校层面', kind: 'school', weight: '0.3' })
    ).body.id as string;
    const project = async (code: string) =>
      (
        await api.admin
          .post(`/api/plans/${planA}/projects`)
          .send({ levelId: level, code, name: `项目${code}` })
      ).body.id as string;
    const a1 = await project('1');
    const a2 = await project('2');
    const make = async (name: Actor, roles: { role: string; scope: string }[] = []) => {
      const user = await api.createUser(
        name.toLowerCase().replace(/\d/g, (d) => `-${d}`),
        roles,
      );
      clients[name] = user.client;
      return user.userId;
    };
    await make('officeA', [{ role: 'office', scope: `plan:${planA}` }]);
    await make('officeB', [{ role: 'office', scope: `plan:${planB}` }]);
    await make('leadership', [{ role: 'leadership', scope: '*' }]);
    await make('auditor', [{ role: 'auditor', scope: '*' }]);
    await make('leadA1', [{ role: 'project-lead', scope: `project:${a1}` }]);
    await make('leadA2', [{ role: 'project-lead', scope: `project:${a2}` }]);
    await make('reviewerA', [{ role: 'reviewer', scope: `plan:${planA}` }]);
    const owner1 = await make('owner1');
    const owner2 = await make('owner2');
    await make('outsider');
    // An expert account signs in only once a review invites it.
    const expertA = (
      await api.admin.post('/api/users').send({
        username: 'expert-a',
        displayName: '专家',
        password: USER_PASSWORD,
        roles: [{ role: 'expert', scope: `plan:${planA}` }],
      })
    ).body.id as string;
    const task = async (projectId: string, ownerId: string) =>
      (
        await api.admin
          .post(`/api/plans/${planA}/tasks`)
          .send({ projectId, title: '任务', ownerId, dueDate: '2023-12-31' })
      ).body.id as string;
    const t1 = await task(a1, owner1);
    await task(a2, owner2);
    const indicatorId = await api.defineIndicator({ planId: planA, levelId: level });
    const evidenceId = await api.uploadEvidence(clients.owner1, t1, '佐证.pdf');
    await api.configureChain(planA);
    const submissionId = await api.submit(clients.owner1, t1, {
      narrative: '进展',
      evidenceIds: [evidenceId],
    });
    const briefingId = (await api.admin.post(`/api/plans/${planA}/briefings`).send({}).expect(201)).body
      .id as string;
    const campaignId = (await api.admin.post(`/api/plans/${planA}/campaigns`).send(midTerm).expect(201)).body
      .id as string;
    const findingId = (
      await api.admin
        .post(`/api/plans/${planA}/findings`)
        .send({
          source: 'expert',
          severity: 'high',
          subject: { kind: 'task', id: t1 },
          title: '问题',
          description: '问题描述',
        })
        .expect(201)
    ).body.id as string;
    await api.admin
      .post(`/api/findings/${findingId}/assign`)
      .send({ assignee: owner1, deadline: '2023-06-30' })
      .expect(201);
    const reviewId = (
      await api.admin
        .post(`/api/plans/${planA}/expert-reviews`)
        .send({
          title: '专家评审',
          periodFrom: '2021-01-01',
          periodTo: '2021-12-31',
          accessUntil: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(201)
    ).body.id as string;
    await api.admin.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId: expertA }).expect(201);
    await api.settled();
    clients.expertA = await api.signIn('expert-a');
    // Published: a draft is the office's alone, and to everyone else answers 404 (briefings.e2e-spec).
    await api.admin.post(`/api/briefings/${briefingId}/approve`).send({}).expect(201);
    await api.admin.post(`/api/briefings/${briefingId}/publish`).send({}).expect(201);
    Object.assign(ids, {
      campaignId,
      // No such report, achievement or published version: allowed callers meet 404 or 400.
      reportId: '0190a0a0-0000-7000-8000-000000000001',
      achievementId: '0190a0a0-0000-7000-8000-000000000002',
      version: '1',
      findingId,
      reviewId,
      briefingId,
      // Nobody's notification, and no delivery: the policy decides before the lookup does.
      notificationId: '0190a0a0-0000-7000-8000-000000000000',
      deliveryId: 'a'.repeat(40),
      planId: planA,
      projectId: a1,
      taskId: t1,
      userId: owner1,
      indicatorId,
      evidenceId,
      submissionId,
    });
    routes = routeTable(api.app);
  });
  afterAll(() => api.close());

  it('finds every route of the application, each with an access rule', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.filter((r) => !r.access)).toEqual([]);
  });

  it('guards every write route with a write policy; signed-in writes touch only the caller’s own account', () => {
    // Written by hand: a write route under a read policy (approve under `submission.read`) fails here.
    const WRITE_POLICIES = new Set<PolicyName>([
      'users.manage',
      'plan.create',
      'plan.manage',
      'task.report',
      'submission.review',
      'submission.batch-review',
      'submission.comment',
      'submission.revise',
      'briefing.manage',
      'deliveries.manage',
      'campaign.write',
      'campaign.manage',
      'finding.rectify',
      'finding.manage',
      'finding.review',
      'expert-review.manage',
      'expert-review.score',
      'departments.manage',
      'task.manage',
    ]);
    const writes = routes.filter((r) => r.method !== 'GET');
    expect(
      writes
        .filter((r) => r.access?.kind === 'policy' && !WRITE_POLICIES.has(r.access.policy))
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([]);
    expect(
      writes
        .filter((r) => r.access?.kind === 'signed-in')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'POST /api/auth/logout',
      'POST /api/auth/password',
      'POST /api/me/notifications/:notificationId/read',
      'POST /api/me/notifications/read-all',
      'PUT /api/me/notification-preferences',
    ]);
    // The auditor writes nothing: no write policy lets them through.
    for (const policy of WRITE_POLICIES) expect(EXPECTED[policy]).not.toContain('auditor');
  });

  it('allows exactly the expected actors on every route, and refuses the others with 401 or 403', async () => {
    const failures: string[] = [];
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const before = await store.headPosition();
    for (const route of routes) {
      const rule = route.access!;
      const key = rule.kind === 'policy' ? rule.policy : rule.kind;
      const allowed = new Set(EXPECTED[key]);
      if (!EXPECTED[key]) failures.push(`${route.method} ${route.path}: no expectation for rule ${key}`);
      // Logout ends the caller's session: probe it last, so other probes keep their sessions.
      if (route.path === '/api/auth/logout') continue;
      const path = route.path.replace(/:(\w+)/g, (_, name: keyof typeof ids) => ids[name]);
      for (const actor of Object.keys(clients) as Actor[]) {
        const client = clients[actor];
        // A body with an unknown field: an allowed caller meets validation (400) and changes nothing;
        // a refused one never gets that far.
        const res = await (route.method === 'GET'
          ? route.path.endsWith('/live')
            ? eventStreamProbe(client.get(path))
            : client.get(path)
          : route.method === 'PUT'
            ? client.put(path).send({ probe: true })
            : client.post(path).send({ probe: true }));
        const refused = res.status === 401 || res.status === 403;
        const expectedStatus = actor === 'anonymous' ? 401 : 403;
        if (allowed.has(actor) && refused)
          failures.push(`${route.method} ${route.path}: ${actor} refused (${res.status})`);
        if (!allowed.has(actor) && res.status !== expectedStatus) {
          failures.push(
            `${route.method} ${route.path}: ${actor} got ${res.status}, expected ${expectedStatus}`,
          );
        }
        if (res.status >= 500) failures.push(`${route.method} ${route.path}: ${actor} got ${res.status}`);
        if (route.method !== 'GET' && res.status < 300)
          failures.push(`${route.method} ${route.path}: probe changed something`);
      }
    }
    expect(failures).toEqual([]);
    // Probes change nothing; the one read that is itself recorded is a download of the evidence package.
    const written = await store.readAll({ fromPosition: before });
    expect(written.filter((e) => e.type !== 'EvidencePackageDownloaded').map((e) => e.type)).toEqual([]);
    // Every route × twelve actors: on a loaded shared machine this takes well over a minute.
  }, 240_000);

  it('answers every route with Problem Details when refused', async () => {
    const res = await clients.owner2.get(`/api/tasks/${ids.taskId}`).expect(403);
    expect(res.body).toMatchObject({ code: 'forbidden', title: '没有权限执行此操作' });
    const anon = await clients.anonymous.get(`/api/tasks/${ids.taskId}`).expect(401);
    expect(anon.body).toMatchObject({ code: 'not-signed-in', detail: '请先登录。' });
  });

  it('lets a revoked role stop working on the next request', async () => {
    const lead = clients.leadA1;
    await lead.get(`/api/projects/${ids.projectId}/completion`).expect(200);
    const leadId = (await lead.get('/api/auth/me')).body.userId as string;
    await api.admin
      .post(`/api/users/${leadId}/roles/revoke`)
      .send({ role: 'project-lead', scope: `project:${ids.projectId}`, reason: '调整分工' })
      .expect(201);
    await lead.get(`/api/projects/${ids.projectId}/completion`).expect(403);
  });
});

describe('a route without an access rule', () => {
  @Controller('forgotten')
  class ForgottenController {
    @Get()
    list(): string[] {
      return [];
    }
  }

  it('stops the application from starting, naming the route', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ForgottenController] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect(() => assertEveryRouteHasAccessRule(app)).toThrow('GET /api/forgotten (ForgottenController.list)');
    await app.close();
  });
});
