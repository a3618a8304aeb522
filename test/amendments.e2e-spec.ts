import { taskBookWorkbook } from '@sg/testing';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { startApi, type ApiHarness, type Client } from './api-harness';
import { planFromTaskBook } from './task-book-plan';

const ORIGINAL = taskBookWorkbook('xlsx');
const AMENDED = taskBookWorkbook('xlsx', { variant: 'amended' });
const XLSX_NAME = '建设任务书（调整）.xlsx';

/** Scores of one indicator in a score report, by code. */
function indicatorOf(
  report: { levels: { categories: { subcategories: { rows: { indicators: { code: string }[] }[] }[] }[] }[] },
  code: string,
) {
  return report.levels
    .flatMap((l) => l.categories)
    .flatMap((c) => c.subcategories)
    .flatMap((s) => s.rows)
    .flatMap((r) => r.indicators)
    .find((i) => i.code === code) as
    { code: string; assessment: { score: string }; target: { value: string } } | undefined;
}

describe('amendments (任务调整): a revised 任务书 against the plan, proposed, approved, and history kept (issue 14)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let planId: string;
  let office2: Client;
  let owner: { userId: string; client: Client };
  const taskIds = new Map<string, string>();
  const indicatorIds = new Map<string, string>();
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get(EVENT_STORE);
    // The plan's period reaches this year: the amendment takes effect today.
    owner = await api.createUser('zhang');
    const made = await planFromTaskBook(api, ORIGINAL, owner.userId, {
      startYear: 2019,
      endYear: Math.max(2023, year + 1),
    });
    planId = made.planId;
    for (const [key, id] of made.taskIds) taskIds.set(key, id);
    for (const [key, id] of made.indicatorIds) indicatorIds.set(key, id);
    office2 = (await api.createUser('office2', [{ role: 'office', scope: `plan:${planId}` }])).client;
    // The item the revision removes (③ of 2022, 实施校园文化工程) was done in 2022; 教学成果奖 reached 7.
    await owner.client
      .post(`/api/tasks/${taskIds.get('P1/1.1/2022/3')}/progress`)
      .send({ completion: '1', effectiveDate: '2022-06-30' })
      .expect(201);
    await api.admin
      .post(`/api/plans/${planId}/indicators/${indicatorIds.get('P1/I/1.1.1.1')}/values`)
      .send({ actual: { kind: 'numeric', value: '7' }, effectiveDate: '2022-12-31' })
      .expect(201);
    await api.settled();
  });
  afterAll(() => api.close());

  const completion = async (query: Record<string, string> = {}) =>
    (await api.admin.get(`/api/plans/${planId}/completion`).query(query).expect(200)).body;
  const scores = async (query: Record<string, string> = {}) =>
    (await api.admin.get(`/api/plans/${planId}/scores`).query(query).expect(200)).body;
  const upload = (client: Client, path: string, file: Buffer, fields: Record<string, string> = {}) => {
    let req = client.post(`/api/plans/${planId}/amendments${path}`).attach('file', file, XLSX_NAME);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req;
  };

  it('previews exactly what the revision changes: one task added, one removed, one text and one target changed', async () => {
    const head = await store.headPosition();
    const res = await upload(api.admin, '/preview', AMENDED).expect(200);
    expect(res.body.summary).toEqual({
      tasks: { added: 1, removed: 1, changed: 1, unchanged: 25 },
      indicators: { added: 0, removed: 0, changed: 1, unchanged: 10 },
    });
    expect(res.body.tasks.added).toEqual([
      expect.objectContaining({
        title: '建成红色文化展馆。',
        year: 2021,
        secondaryTask: '2.实施思想引领专项行动',
      }),
    ]);
    expect(res.body.tasks.removed).toEqual([
      expect.objectContaining({
        taskId: taskIds.get('P1/1.1/2022/3'),
        title: '实施校园文化工程。',
        year: 2022,
      }),
    ]);
    expect(res.body.tasks.changed).toEqual([
      expect.objectContaining({
        fields: ['title'],
        changedText: '任务内容',
        before: { title: '培育2个省级思政课程成果案例。', year: 2021 },
        after: { title: '培育3个省级思政课程成果案例。', year: 2021 },
      }),
    ]);
    expect(res.body.indicators.changed).toEqual([
      expect.objectContaining({
        code: '1.1.1.1',
        fields: ['target'],
        before: { name: '教学成果奖', target: '≥7 项' },
        after: { name: '教学成果奖', target: '≥8 项' },
      }),
    ]);
    // The original file against the plan made of it: nothing to amend.
    const same = await upload(api.admin, '/preview', ORIGINAL).expect(200);
    expect(same.body.summary.tasks).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 27 });
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a proposal that is not a 任务书, has no reason, or comes without the office grant, writing nothing', async () => {
    await api.settled();
    const head = await store.headPosition();
    const bad = await upload(api.admin, '', Buffer.from('这不是任务书'), { reason: '调整' });
    expect(bad.status).toBe(422);
    expect(bad.body.title).toMatch(/[\u4e00-\u9fff]/);
    const noReason = await upload(api.admin, '', AMENDED).expect(422);
    expect(noReason.body.code).toBe('amendment-reason-required');
    const notOffice = await upload(owner.client, '', AMENDED, { reason: '调整' }).expect(403);
    expect(notOffice.body.title).toMatch(/[\u4e00-\u9fff]/);
    const empty = await upload(api.admin, '', ORIGINAL, { reason: '调整' }).expect(422);
    expect(empty.body.code).toBe('amendment-empty');
    await api.settled();
    expect(await store.headPosition()).toBe(head);
    expect((await api.admin.get(`/api/plans/${planId}/amendments`).expect(200)).body.items).toEqual([]);
  });

  describe('proposed by one person of the office and approved by another', () => {
    let amendmentId: string;
    let beforeApproval: string;
    let today: string;
    let before: { completion: Record<string, unknown>; scores: Record<string, unknown> };

    beforeAll(async () => {
      before = { completion: await completion(), scores: await scores() };
      const proposed = await upload(api.admin, '', AMENDED, {
        reason: '教育部 2022 年中期绩效评价后批复调整',
      }).expect(201);
      amendmentId = proposed.body.id;
      // Proposed, not yet approved: the plan is as it was.
      await api.settled();
      expect(await completion()).toMatchObject({ total: before.completion.total, completed: '1' });
      const self = await api.admin.post(`/api/plans/${planId}/amendments/${amendmentId}/approve`).expect(403);
      expect(self.body.code).toBe('amendment-self-approval');
      beforeApproval = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await office2.post(`/api/plans/${planId}/amendments/${amendmentId}/approve`).expect(200);
      await api.settled();
      today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    });

    const dayBefore = (date: string) => {
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - 1);
      return d.toISOString().slice(0, 10);
    };

    it('counts the new plan from the approval date: the withdrawn task leaves, the added one joins', async () => {
      const now = await completion();
      // 27 − 1 withdrawn + 1 added; the withdrawn one was the only one done.
      expect(now).toMatchObject({ total: 27, completed: '0', rate: '0' });
      const tasks = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body;
      expect(tasks.total).toBe(27);
    });

    it('every figure as of a date before the amendment uses the old plan', async () => {
      expect(before.completion).toMatchObject({ total: 27, completed: '1' });
      // By effective date: the day before the approval, the withdrawn task still counts.
      expect(await completion({ cutoff: dayBefore(today) })).toMatchObject({ total: 27, completed: '1' });
      // By knowledge time: what the system showed before the approval.
      expect(await completion({ knownAt: beforeApproval })).toMatchObject({ total: 27, completed: '1' });
      // The mid-term reading (tasks due by 2022-12-31): the withdrawn 2022 task is due and done then.
      const due = await completion({ cutoff: '2022-12-31', basis: 'due' });
      expect(due).toMatchObject({ completed: '1' });
    });

    it('a revised target applies only from its effective date', async () => {
      const old = indicatorOf(await scores({ cutoff: dayBefore(today) }), '1.1.1.1')!;
      expect(old).toMatchObject({ assessment: { score: '10' }, target: { value: '7' } });
      const nowScore = indicatorOf(await scores(), '1.1.1.1')!;
      // 7 of ≥ 8 项, proportional: 10 × 7 / 8.
      expect(nowScore).toMatchObject({ assessment: { score: '8.75' }, target: { value: '8' } });
      expect(indicatorOf(await scores({ knownAt: beforeApproval }), '1.1.1.1')).toMatchObject({
        assessment: { score: '10' },
      });
      expect(indicatorOf(before.scores as never, '1.1.1.1')).toMatchObject({
        assessment: { score: '10' },
      });
    });

    it('closes the withdrawn task to new reports, with a message the owner understands', async () => {
      const res = await owner.client
        .post(`/api/tasks/${taskIds.get('P1/1.1/2022/3')}/progress`)
        .send({ completion: '1', effectiveDate: '2022-07-30' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'task-withdrawn' });
    });

    it('lists the amendment with its changes, reason, proposer and approver by name, and times', async () => {
      const { items } = (await api.admin.get(`/api/plans/${planId}/amendments`).expect(200)).body;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        amendmentId,
        status: 'approved',
        statusText: '已通过',
        reason: '教育部 2022 年中期绩效评价后批复调整',
        fileName: XLSX_NAME,
        decidedBy: 'office2',
        effectiveDate: today,
        counts: { tasks: 3, indicators: 1 },
      });
      expect(items[0].proposedBy).not.toMatch(/^[0-9a-f-]{36}$/);
      expect(items[0].proposedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(items[0].changes).toEqual([
        '新增任务「建成红色文化展馆。」（2021 年度）',
        '修改任务「培育2个省级思政课程成果案例。」为「培育3个省级思政课程成果案例。」',
        '撤销任务「实施校园文化工程。」',
        '指标 1.1.1.1「教学成果奖」目标值 ≥7 项 → ≥8 项',
      ]);
      // Decided once: a second approval is refused.
      const again = await office2.post(`/api/plans/${planId}/amendments/${amendmentId}/approve`).expect(409);
      expect(again.body.code).toBe('amendment-decided');
    });
  });
});
