import { taskBookWorkbook } from '@sg/testing';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import type { BudgetsView } from '../libs/contracts/src';
import { startApi, type ApiHarness, type Client } from './api-harness';

/** One 建设任务's line of `GET /api/plans/:planId/budgets`, as the contract states it. */
type LineView = BudgetsView['levels'][number]['tasks'][number];

/** 到位率 and 执行率 per 建设任务: funds recorded against a line of the 任务书's 总预算 (issue 14). */
describe('funds per 建设任务 against its budget line, as of a date', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  let levelId: string;
  let office: { userId: string; client: Client };
  const known: string[] = [];

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get(EVENT_STORE);
    const made = await api.admin
      .post('/api/plan-imports/task-book/confirm')
      .attach('file', taskBookWorkbook('xlsx', { school: '示例职业技术学院' }), '建设任务书.xlsx')
      .expect(201);
    planId = made.body.id;
    const budgets = (await api.admin.get(`/api/plans/${planId}/budgets`).expect(200)).body;
    levelId = budgets.levels[0].levelId;
    office = await api.createUser('fin.office', [{ role: 'office', scope: `plan:${planId}` }]);
  });
  afterAll(() => api.close());

  const record = (client: Client, body: Record<string, string>) =>
    client.post(`/api/plans/${planId}/task-funds`).send({ levelId, lineKey: 'P1/1.1', ...body });
  const line = async (query: Record<string, string> = {}): Promise<LineView> => {
    const view = (await api.admin.get(`/api/plans/${planId}/budgets`).query(query).expect(200)).body;
    return view.levels[0].tasks.find((t: LineView) => t.sourceKey === 'P1/1.1');
  };
  const source = (view: LineView, name: string) => view.funds.bySource.find((s) => s.source === name)!;

  it('the line 1.实施政治引领专项行动 has its budget (地方财政 50, 学校自筹 50 万元) and nothing received yet', async () => {
    const view = await line();
    expect(view.funds).toMatchObject({ budget: '100', arrived: '0', spent: '0', arrivalRate: '0' });
    // A source without budget on the line has no rate, not 0 %.
    expect(source(view, '中央财政')).toMatchObject({
      budget: '0',
      arrivalRate: null,
      display: { arrivalRate: '—' },
    });
  });

  it('records what arrived and was spent, and reads 到位率 / 执行率 per task and source, as of a date', async () => {
    const recorded = (source: string, arrived: string, spent: string, effectiveDate: string) =>
      record(office.client, { source, arrived, spent, effectiveDate }).expect(201);
    await recorded('地方财政', '30', '12', '2020-12-31');
    await api.settled();
    known.push(new Date().toISOString());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await recorded('地方财政', '50', '37.5', '2021-12-31');
    await recorded('学校自筹', '20', '20', '2021-06-30');
    await api.settled();

    const now = await line();
    // (50 + 20) / 100 and (37.5 + 20) / 100.
    expect(now.funds).toMatchObject({
      budget: '100',
      arrived: '70',
      spent: '57.5',
      arrivalRate: '0.7',
      executionRate: '0.575',
      display: { arrivalRate: '70%', executionRate: '57.5%' },
    });
    expect(source(now, '地方财政')).toMatchObject({ arrivalRate: '1', executionRate: '0.75' });
    expect(source(now, '学校自筹')).toMatchObject({ arrivalRate: '0.4', executionRate: '0.4' });

    // As of 2020-12-31: only the first record stands.
    const early = await line({ cutoff: '2020-12-31' });
    expect(early.funds).toMatchObject({
      arrived: '30',
      spent: '12',
      arrivalRate: '0.3',
      executionRate: '0.12',
    });
    expect(source(early, '地方财政')).toMatchObject({ arrivalRate: '0.6', executionRate: '0.24' });
    // As of 2021-06-30: the first 地方财政 record and the 学校自筹 one.
    expect((await line({ cutoff: '2021-06-30' })).funds).toMatchObject({ arrived: '50', spent: '32' });
    // What was known before the later records, whatever the cut-off.
    expect((await line({ cutoff: '2023-12-31', knownAt: known[0] })).funds).toMatchObject({
      arrived: '30',
      spent: '12',
    });
  });

  it('refuses an unknown line or source, spending beyond arrival, and a user without the office grant, writing nothing', async () => {
    const owner = await api.createUser('some.owner');
    await api.settled();
    const head = await store.headPosition();
    const ok = { source: '地方财政', arrived: '10', spent: '5', effectiveDate: '2022-06-30' };
    expect((await record(office.client, { ...ok, lineKey: 'P9/9.9' }).expect(404)).body.code).toBe(
      'budget-line-not-found',
    );
    expect((await record(office.client, { ...ok, source: '某基金' }).expect(422)).body.code).toBe(
      'invalid-fund-source',
    );
    expect((await record(office.client, { ...ok, spent: '11' }).expect(422)).body.code).toBe(
      'spent-exceeds-arrived',
    );
    const forbidden = await record(owner.client, ok).expect(403);
    expect(forbidden.body.title).toMatch(/[\u4e00-\u9fff]/);
    // The grant revoked: the same session is refused at once.
    await api.admin
      .post(`/api/users/${office.userId}/roles/revoke`)
      .send({ role: 'office', scope: `plan:${planId}` })
      .expect(201);
    await api.settled();
    await record(office.client, ok).expect(403);
    await api.settled();
    expect(await store.headPosition()).toBe(head + 1); // the revocation only
    expect((await line()).funds).toMatchObject({ arrived: '70', spent: '57.5' });
  });
});
