import { taskBookWorkbook } from '@sg/testing';
import { expectCount, PHONE, webSuite } from './browser';

jest.setTimeout(240_000);

/** 总览 shows 到位率 and 执行率 per 建设任务 and per source, as a table with rows to open and as cards on a phone. */
describe('web UI: funds per 建设任务 on the 总览', () => {
  const web = webSuite();
  let planId: string;

  beforeAll(async () => {
    const api = web.api;
    planId = (
      await api.admin
        .post('/api/plan-imports/task-book/confirm')
        .attach('file', taskBookWorkbook('xlsx', { school: '示例职业技术学院' }), '建设任务书.xlsx')
        .expect(201)
    ).body.id as string;
    const levelId = (await api.admin.get(`/api/plans/${planId}/budgets`).expect(200)).body.levels[0]
      .levelId as string;
    await api.createPerson('fin.office', '财务处王老师', [{ role: 'office', scope: `plan:${planId}` }]);
    await api.admin
      .post(`/api/plans/${planId}/task-funds`)
      .send({
        levelId,
        lineKey: 'P1/1.1',
        source: '地方财政',
        arrived: '50',
        spent: '37.5',
        effectiveDate: '2021-12-31',
      })
      .expect(201);
    await api.settled();
  });

  afterEach(() => expect(web.problems).toEqual([]));

  it('reads a task line with its rates, and its sources when opened', async () => {
    const session = await web.open('fin.office', '总览');
    const { page } = session;
    const table = page.getByTestId('task-funds-table');
    const row = table.locator('tr', { hasText: '实施政治引领专项行动' });
    await row.waitFor();
    // 50 of the line's 100 arrived (50 %), 37.5 spent (37.5 %).
    await expect(row.innerText()).resolves.toMatch(/100\s+50\s+37\.5\s+50%\s+37\.5%/);
    await row.getByRole('button').first().click();
    const sources = table.getByTestId('task-funds-sources');
    await sources.getByText('地方财政：预算 50，到位 50，支出 37.5（到位率 100%，执行率 75%）').waitFor();
    await sources.getByText('学校自筹：预算 50，到位 0，支出 0（到位率 0%，执行率 0%）').waitFor();
    await session.shoot('dashboard-task-funds');
    await session.context.close();
  });

  it('shows the lines as cards on a phone, without sideways scrolling', async () => {
    const session = await web.open('fin.office', '总览', PHONE);
    const { page } = session;
    const card = page.getByTestId('task-funds-card').filter({ hasText: '实施政治引领专项行动' });
    await expectCount(card, 1);
    await expect(card.innerText()).resolves.toContain('到位率 50% · 执行率 37.5%');
    await card.scrollIntoViewIfNeeded();
    await session.shoot('dashboard-task-funds');
    await session.context.close();
  });
});
