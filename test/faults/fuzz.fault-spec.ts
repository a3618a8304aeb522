import fc from 'fast-check';
import { join } from 'node:path';
import { EVENT_STORE } from '../../libs/application/src';
import type { EventStore } from '../../libs/event-store/src';
import { ProjectionRunner } from '../../libs/read-models/src';
import { routeTable, type RouteEntry } from '../../apps/api/src/auth/route-table';
import { OFFICE_REVIEW, startApi, type ApiHarness, type Client } from '../api-harness';
import { logAtRest } from '../eventually';
import { filesUnder, LONG, reportFigures, TEST_TIMEOUT_MS } from './support';

const RUNS_PER_ROUTE = LONG ? 150 : 12;

/** Field names the application's DTOs use, so generated bodies reach validation's inner rules. */
const KEYS = [
  'name',
  'school',
  'startYear',
  'endYear',
  'kind',
  'weight',
  'levelId',
  'code',
  'projectId',
  'title',
  'ownerId',
  'dueDate',
  'milestones',
  'parentTaskId',
  'completion',
  'effectiveDate',
  'note',
  'reason',
  'narrative',
  'evidenceIds',
  'indicatorValues',
  'achievements',
  'points',
  'target',
  'rule',
  'subcategory',
  'group',
  'actual',
  'explanation',
  'sources',
  'source',
  'year',
  'budget',
  'arrived',
  'spent',
  'respondents',
  'sampleSize',
  'satisfaction',
  'stages',
  'scope',
  'username',
  'displayName',
  'password',
  'currentPassword',
  'newPassword',
  'roles',
  'role',
  'to',
  'text',
  'figures',
  'report',
  'cutoff',
  'level',
  '__proto__',
  'constructor',
];

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '0.5',
    '1',
    '2021-12-31',
    '2023-13-45',
    '',
    ' ',
    '项目',
    'a'.repeat(6000),
    '../../etc/passwd',
  ),
  fc.integer(),
  fc.double(),
);
/** A JSON text: mostly objects with the DTOs' own keys, sometimes anything, sometimes not JSON. */
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"a":', 'null', '[]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
);
const query = fc.dictionary(
  fc.constantFrom('cutoff', 'knownAt', 'after', 'limit', 'entity', 'actor', 'type', 'from', 'to', 'today'),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('2021-12-31', '-1', '9999999999', 'task:x')),
  { maxKeys: 4 },
);

/**
 * Every route of the application's own route table, with generated bodies and queries: no answer
 * is a 5xx, and a 4xx writes nothing (the log's head does not move, no evidence file appears).
 */
describe('fuzz: generated bodies on every route', () => {
  let api: ApiHarness;
  let routes: RouteEntry[];
  let store: EventStore;
  let runner: ProjectionRunner;
  const ids: Record<string, string> = {};
  let admin: Client;
  let owner: Client;

  beforeAll(async () => {
    api = await startApi();
    admin = api.admin;
    const ownerUser = await api.createUser('fuzz-owner');
    owner = ownerUser.client;
    // The user-management routes act on a user of their own, so a generated body that happens to
    // be valid (a reset, a disable) does not take the owner's session away.
    ids.userId = (await api.createUser('fuzz-target')).userId;
    const plan = await api.createPlan();
    const taskId = await api.defineTask(plan, ownerUser.userId);
    const indicatorId = await api.defineIndicator(plan);
    const evidenceId = await api.uploadEvidence(owner, taskId, '佐证.pdf');
    await api.configureChain(plan.planId, [OFFICE_REVIEW]);
    const submissionId = await api.submit(owner, taskId, { narrative: '进展', evidenceIds: [evidenceId] });
    Object.assign(ids, {
      planId: plan.planId,
      projectId: plan.projectId,
      taskId,
      indicatorId,
      evidenceId,
      submissionId,
    });
    routes = routeTable(api.app);
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    runner = api.app.get(ProjectionRunner);
  });
  afterAll(() => api.close());

  it(
    'answers no 5xx and writes nothing on a 4xx, on every route',
    async () => {
      const evidenceDir = join(api.dataDir, 'evidence');
      const failures: string[] = [];
      const statuses: Record<string, number> = {};
      let requests = 0;
      let fuzzed = 0;
      for (const route of routes) {
        // Logout ends the session every other request uses.
        if (route.path === '/api/auth/logout') continue;
        // An event stream answers for as long as the viewer watches; its refusals (unknown plan,
        // no grant, bad parameters) are checked in test/live-screen.e2e-spec.ts.
        if (route.path === '/api/plans/:planId/live') continue;
        fuzzed++;
        const path = route.path.replace(/:(\w+)/g, (_, name: string) => ids[name]);
        const caller = /^\/api\/tasks\/:taskId\/(progress|submissions|evidence)$/.test(route.path)
          ? owner
          : admin;
        await fc.assert(
          fc.asyncProperty(body, query, fc.boolean(), async (text, params, garbleId) => {
            const target = garbleId ? path.replace(/[0-9a-f]{8}-/, 'zzzzzzzz-') : path;
            const headBefore = await logAtRest(store, runner);
            const filesBefore = filesUnder(evidenceDir).length;
            const res =
              route.method === 'GET'
                ? await caller.get(target).query(params)
                : await caller.post(target).set('content-type', 'application/json').send(text);
            requests++;
            const bucket = `${Math.floor(res.status / 100)}xx`;
            statuses[bucket] = (statuses[bucket] ?? 0) + 1;
            const where = `${route.method} ${route.path} ${JSON.stringify(text).slice(0, 120)}`;
            if (res.status >= 500) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body)}`);
            if (res.status >= 400 && res.status < 500) {
              if ((await logAtRest(store, runner)) !== headBefore)
                failures.push(`${where}: ${res.status} but the log moved`);
              if (filesUnder(evidenceDir).length !== filesBefore)
                failures.push(`${where}: ${res.status} but a file appeared`);
            }
            return true;
          }),
          { numRuns: RUNS_PER_ROUTE },
        );
      }
      reportFigures('fuzz', { routes: routes.length, fuzzed, requests, statuses, failures: failures.length });
      expect(fuzzed).toBeGreaterThanOrEqual(40);
      expect(failures).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
