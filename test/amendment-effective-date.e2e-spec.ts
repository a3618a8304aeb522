import { taskBookWorkbook } from '@sg/testing';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { startApi, type ApiHarness, type Client } from './api-harness';
import { planFromTaskBook } from './task-book-plan';

const ORIGINAL = taskBookWorkbook('xlsx');
const AMENDED = taskBookWorkbook('xlsx', { variant: 'amended' });

/** A 2019–2023 plan amended in 2026: the office names the 生效日期 within the plan's years (ADR 0034). */
describe('amendments take effect on their 生效日期, not on the day they are approved (issue 14)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  let office2: Client;
  const taskIds = new Map<string, string>();
  /** The task whose text the revision changes (培育2个 → 培育3个省级思政课程成果案例). */
  let revisedTask: string;

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get(EVENT_STORE);
    const owner = await api.createUser('zhang');
    const made = await planFromTaskBook(api, ORIGINAL, owner.userId, { startYear: 2019, endYear: 2023 });
    planId = made.planId;
    for (const [key, id] of made.taskIds) taskIds.set(key, id);
    office2 = (await api.createUser('office2', [{ role: 'office', scope: `plan:${planId}` }])).client;
    // The item the revision removes was done in March 2022.
    await owner.client
      .post(`/api/tasks/${taskIds.get('P1/1.1/2022/3')}/progress`)
      .send({ completion: '1', effectiveDate: '2022-03-31' })
      .expect(201);
    await api.settled();
  });
  afterAll(() => api.close());

  const propose = (file: Buffer, fields: Record<string, string>) => {
    let req = api.admin.post(`/api/plans/${planId}/amendments`).attach('file', file, '任务书（调整）.xlsx');
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req;
  };
  const approve = (id: string) => office2.post(`/api/plans/${planId}/amendments/${id}/approve`);
  const completion = async (query: Record<string, string> = {}) =>
    (await api.admin.get(`/api/plans/${planId}/completion`).query(query).expect(200)).body;
  const history = async () =>
    (await api.admin.get(`/api/plans/${planId}/amendments`).expect(200)).body.items as {
      amendmentId: string;
      status: string;
      effectiveDate: string | null;
    }[];

  it('refuses a 生效日期 outside the plan’s years, or not a date, and writes nothing', async () => {
    const head = await store.headPosition();
    const outside = await propose(AMENDED, { reason: '批复调整', effectiveDate: '2025-01-01' }).expect(422);
    expect(outside.body).toMatchObject({ code: 'amendment-outside-period' });
    expect(outside.body.detail).toContain('2019–2023');
    const invalid = await propose(AMENDED, { reason: '批复调整', effectiveDate: '2022-02-30' }).expect(422);
    expect(invalid.body.code).toBe('invalid-date');
    await api.settled();
    expect(await store.headPosition()).toBe(head);
    expect(await history()).toEqual([]);
  });

  it('an amendment dated 2022-06-30, approved today, changes the plan from 2022-06-30 on', async () => {
    const diff = await api.admin
      .post(`/api/plans/${planId}/amendments/preview`)
      .attach('file', AMENDED, '任务书（调整）.xlsx')
      .expect(200);
    revisedTask = diff.body.tasks.changed[0].taskId;
    const proposed = await propose(AMENDED, {
      reason: '省教育厅 2022 年 6 月批复调整',
      effectiveDate: '2022-06-30',
    }).expect(201);
    await api.settled();
    expect((await history())[0]).toMatchObject({ status: 'proposed', effectiveDate: '2022-06-30' });
    const beforeApproval = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await approve(proposed.body.id).expect(200);
    await api.settled();
    expect((await history())[0]).toMatchObject({ status: 'approved', effectiveDate: '2022-06-30' });

    // The day before: the old plan (the withdrawn task, done in March, counts).
    expect(await completion({ cutoff: '2022-06-29' })).toMatchObject({ total: 27, completed: '1' });
    // From the 生效日期: the withdrawn task leaves, the added one joins.
    expect(await completion({ cutoff: '2022-06-30' })).toMatchObject({ total: 27, completed: '0' });
    // What was known before the approval still reads the old plan on that date.
    expect(await completion({ cutoff: '2022-06-30', knownAt: beforeApproval })).toMatchObject({
      completed: '1',
    });
    // The plan as it stands shows the revised text.
    const revised = await api.admin.get(`/api/tasks/${revisedTask}`).expect(200);
    expect(revised.body.title).toBe('培育3个省级思政课程成果案例。');
  });

  it('without a 生效日期, after the period is over, it takes effect on the plan’s last day', async () => {
    const back = await propose(ORIGINAL, { reason: '恢复原任务书' }).expect(201);
    await api.settled();
    expect((await history())[0]).toMatchObject({ status: 'proposed', effectiveDate: null });
    await approve(back.body.id).expect(200);
    await api.settled();
    expect((await history())[0]).toMatchObject({ status: 'approved', effectiveDate: '2023-12-31' });
    const { projectId } = (await api.admin.get(`/api/tasks/${revisedTask}`).expect(200)).body;
    const asOf = async (cutoff: string) => {
      const { items } = (
        await api.admin.get(`/api/projects/${projectId}/tasks`).query({ cutoff }).expect(200)
      ).body as { items: { taskId: string; title: string }[] };
      return items.find((t) => t.taskId === revisedTask)?.title;
    };
    expect(await asOf('2022-06-29')).toBe('培育2个省级思政课程成果案例。');
    expect(await asOf('2023-12-30')).toBe('培育3个省级思政课程成果案例。');
    expect(await asOf('2023-12-31')).toBe('培育2个省级思政课程成果案例。');
  });
});
