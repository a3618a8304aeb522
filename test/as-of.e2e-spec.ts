import { taskBookWorkbook } from '@sg/testing';
import ExcelJS from 'exceljs';
import { binary, startApi, type ApiHarness, type Client } from './api-harness';
import { recordProgress } from './request-helpers';

/**
 * Every read route that answers a figure as of `?cutoff=&knownAt=`: a fact that takes effect (and
 * is recorded) later changes today's figure, while a cut-off or a knowledge time before it still
 * answers the old one; and a parameter the route does not know is refused, never ignored.
 */
describe('as-of reads: one validator on every route', () => {
  let api: ApiHarness;
  let owner: Client;
  let planId: string;
  let levelId: string;
  let projectId: string;
  let taskId: string;
  let indicatorId: string;

  // Answers are JSON read for one figure each; their full shapes are other tests' concern.
  type Body = Record<string, unknown> & { items: Body[]; warnings: Body[] };

  /** How each as-of route is read, and the figure in its answer the later fact changes. */
  const routes: { name: string; path: () => string; figure: (body: Body) => unknown }[] = [
    {
      name: 'plan completion',
      path: () => `/api/plans/${planId}/completion`,
      figure: (b) => [b.completed, b.rate],
    },
    {
      name: 'project completion',
      path: () => `/api/projects/${projectId}/completion`,
      figure: (b) => b.rate,
    },
    {
      name: 'project tasks',
      path: () => `/api/projects/${projectId}/tasks`,
      figure: (b) => b.items.map((t) => [t.completion, t.progressDate]),
    },
    { name: 'scores', path: () => `/api/plans/${planId}/scores`, figure: (b) => b.total },
    { name: 'funds', path: () => `/api/plans/${planId}/funds`, figure: (b) => [b.arrived, b.spent] },
    { name: 'achievements', path: () => `/api/plans/${planId}/achievements`, figure: (b) => b.total },
    {
      name: 'surveys',
      path: () => `/api/plans/${planId}/surveys`,
      figure: (b) => (b.surveys as Body[]).map((s) => [s.effectiveDate, s.satisfaction, s.standing]),
    },
    {
      name: 'warnings',
      path: () => `/api/plans/${planId}/warnings`,
      figure: (b) => b.warnings.map((w) => [w.scope, w.grade, w.actual]),
    },
  ];

  const read = async (path: string, query: Record<string, string> = {}) =>
    (await api.admin.get(path).query(query).expect(200)).body;

  /** The cells of every sheet of the tables export, as values. */
  const tables = async (query: Record<string, string> = {}) => {
    const res = await api.admin
      .get(`/api/plans/${planId}/exports/tables.xlsx`)
      .query(query)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    return book.worksheets.map((sheet) => sheet.getSheetValues().map((row) => JSON.stringify(row)));
  };

  beforeAll(async () => {
    api = await startApi();
    const created = await api.createUser('zhao.laoshi');
    owner = created.client;
    ({ planId, levelId, projectId } = await api.createPlan());
    taskId = await api.defineTask({ planId, projectId }, created.userId, {
      milestones: [{ year: 2021, completion: '1' }],
    });
    indicatorId = await api.defineIndicator(
      { planId, levelId },
      {
        name: '国际合作项目',
        points: '2',
        target: { kind: 'numeric', comparator: '>=', value: '4', unit: '项' },
      },
    );
    /** Progress on the task, an indicator value, funds and an achievement, all taking effect on `date`. */
    const facts = async (date: string, figures: { completion: string; value: string; spent: string }) => {
      await recordProgress(owner, taskId, figures.completion, date);
      await api.admin
        .post(`/api/plans/${planId}/indicators/${indicatorId}/values`)
        .send({ actual: { kind: 'numeric', value: figures.value }, effectiveDate: date })
        .expect(201);
      await api.admin
        .post(`/api/plans/${planId}/funds`)
        .send({
          levelId,
          source: '中央财政',
          year: Number(date.slice(0, 4)),
          budget: '100',
          arrived: '100',
          spent: figures.spent,
          effectiveDate: date,
        })
        .expect(201);
      await api.admin
        .post(`/api/plans/${planId}/achievements`)
        .send({
          levelId,
          title: `成果 ${date}`,
          tier: 'national',
          attribution: '某处',
          awardedOn: date,
          taskIds: [taskId],
        })
        .expect(201);
      await api.admin
        .post(`/api/plans/${planId}/surveys`)
        .send({
          levelId,
          respondents: '在校生',
          sampleSize: 120,
          satisfaction: figures.value,
          effectiveDate: date,
        })
        .expect(201);
    };
    // The facts as they stood at the end of 2021.
    await facts('2021-12-31', { completion: '0.5', value: '1', spent: '40' });
    const before = { now: await Promise.all(routes.map((r) => read(r.path()))), tables: await tables() };
    const knownBefore = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The later facts: each takes effect in 2022.
    await facts('2022-06-30', { completion: '1', value: '3', spent: '90' });
    state = { ...before, knownBefore };
  });
  afterAll(() => api.close());

  let state: { now: unknown[]; tables: string[][]; knownBefore: string };

  it.each(routes.map((route, index) => [route.name, index] as const))(
    '%s: today changes, a cut-off or a knowledge time before the fact answers the old figure',
    async (_name, index) => {
      const route = routes[index];
      const old = route.figure(state.now[index] as Body);
      const now = route.figure(await read(route.path()));
      expect(now).not.toEqual(old);
      const cut = await read(route.path(), { cutoff: '2021-12-31' });
      expect(cut.asOf ?? { cutoff: '2021-12-31' }).toMatchObject({ cutoff: '2021-12-31' });
      expect(route.figure(cut)).toEqual(old);
      expect(route.figure(await read(route.path(), { knownAt: state.knownBefore }))).toEqual(old);
      // After the fact took effect, the cut-off sees it.
      expect(route.figure(await read(route.path(), { cutoff: '2022-12-31' }))).toEqual(now);
    },
  );

  it('tables.xlsx: a cut-off before the fact exports the old tables', async () => {
    const now = await tables();
    expect(now).not.toEqual(state.tables);
    const known = await tables({ knownAt: state.knownBefore });
    expect(known).toEqual(state.tables);
  });

  it.each([
    ...routes.map((route) => [route.name, route.path] as const),
    ['tables.xlsx', () => `/api/plans/${planId}/exports/tables.xlsx`] as const,
  ])('%s: an unknown parameter or a malformed date is refused with Problem Details', async (_name, path) => {
    const unknown = await api.admin
      .get(path())
      .query({ cutoff: '2021-12-31', asof: '2021-12-31' })
      .expect(400);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'validation-failed', status: 400 });
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'asof', code: 'whitelistValidation' }),
    ]);
    const malformed = await api.admin.get(path()).query({ cutoff: '31.12.2021' }).expect(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'cutoff' })]);
  });

  it.each([
    ['the plan', () => `/api/plans/${planId}`],
    ['a task', () => `/api/tasks/${taskId}`],
    ['my tasks', () => '/api/me/tasks'],
    ['my plans', () => '/api/plans'],
    ['reconciliation', () => `/api/plans/${planId}/reconciliation`],
  ])('%s answers only what stands now and refuses cutoff rather than ignore it', async (_name, path) => {
    await api.admin.get(path()).expect(200);
    const res = await api.admin.get(path()).query({ cutoff: '2021-12-31' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'validation-failed' });
    expect(res.body.detail).toContain('cutoff');
  });

  it('covers every route the OpenAPI says takes cutoff (a new as-of route needs its case here)', async () => {
    const doc = (await api.anonymous.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const asOfPaths = Object.entries(doc.paths)
      .filter(([, ops]) => (ops.get?.parameters ?? []).some((p) => p.in === 'query' && p.name === 'cutoff'))
      .map(([path]) => path)
      .sort();
    const covered = [
      ...routes.map((r) => r.path()),
      `/api/plans/${planId}/budgets`,
      // Before and after a later fact in evidence-package and self-evaluation-docx specs.
      `/api/plans/${planId}/exports/evidence-package.zip`,
      `/api/plans/${planId}/exports/tables.xlsx`,
      `/api/plans/${planId}/exports/self-evaluation.docx`,
    ]
      .map((path) => path.replace(planId, '{planId}').replace(projectId, '{projectId}'))
      .sort();
    expect(asOfPaths).toEqual(covered);
  });

  it('says in the OpenAPI which routes take cutoff and which do not', async () => {
    const doc = (await api.anonymous.get('/api/docs-json').expect(200)).body;
    const parameters = (path: string) =>
      (doc.paths[path].get.parameters as { name: string; in: string }[])
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
    expect(parameters('/api/projects/{projectId}/completion')).toEqual(['cutoff', 'knownAt', 'basis']);
    expect(parameters('/api/projects/{projectId}/tasks')).toEqual([
      'cutoff',
      'knownAt',
      'basis',
      'department',
    ]);
    expect(parameters('/api/plans/{planId}/scores')).toEqual(['cutoff', 'knownAt']);
    expect(doc.paths['/api/tasks/{taskId}'].get.description).toContain('不接受 cutoff');
  });

  // Budgets exist only where a 任务书 was confirmed: its own plan, funds recorded against it.
  it('budgets: 到位率 and 执行率 move with funds recorded later; a cut-off or knowledge time before them does not', async () => {
    const book = await api.admin
      .post('/api/plan-imports/task-book/confirm')
      .attach('file', taskBookWorkbook('xlsx', { school: '示例职业技术学院' }), '任务书.xlsx')
      .expect(201);
    const bookPlan: string = book.body.id;
    const budgets = async (query: Record<string, string> = {}) =>
      (await read(`/api/plans/${bookPlan}/budgets`, query)) as {
        levels: { levelId: string; bySource: { source: string; arrived: string; spent: string }[] }[];
      };
    const { levelId: bookLevel, bySource } = (await budgets()).levels[0];
    const source = bySource[0].source;
    const record = (date: string, arrived: string, spent: string) =>
      api.admin
        .post(`/api/plans/${bookPlan}/funds`)
        .send({
          levelId: bookLevel,
          source,
          year: Number(date.slice(0, 4)),
          budget: '100',
          arrived,
          spent,
          effectiveDate: date,
        })
        .expect(201);
    const cell = (view: Awaited<ReturnType<typeof budgets>>) =>
      view.levels.find((l) => l.levelId === bookLevel)?.bySource.find((s) => s.source === source);
    await record('2021-12-31', '10', '4');
    const old = cell(await budgets());
    const knownBefore = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await record('2022-06-30', '20', '18');
    expect(cell(await budgets())).not.toEqual(old);
    expect(cell(await budgets({ cutoff: '2021-12-31' }))).toEqual(old);
    expect(cell(await budgets({ knownAt: knownBefore }))).toEqual(old);
  }, 60_000);
});
