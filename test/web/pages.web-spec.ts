import { readFileSync } from 'node:fs';
import {
  DESKTOP,
  downloadFrom,
  englishWords,
  expectCount,
  expectNoSidewaysScroll,
  openTab,
  PHONE,
  screenshot,
  settled,
  webSuite,
} from './browser';

jest.setTimeout(300_000);

/** Every menu entry, its address and the screenshot's name (我的任务 and 待办审核 are shot with data in workflow). */
const PAGES: { label: string; path: string; name: string; shoot: boolean }[] = [
  { label: '总览', path: '/', name: 'dashboard', shoot: true },
  { label: '我的任务', path: '/tasks', name: 'tasks-empty', shoot: false },
  { label: '待办审核', path: '/reviews', name: 'reviews-empty', shoot: false },
  { label: '运行情况', path: '/health', name: 'health', shoot: true },
  { label: '任务查询', path: '/search', name: 'search', shoot: true },
  { label: '方案管理', path: '/plan', name: 'plan', shoot: true },
  { label: '报表', path: '/reports', name: 'reports', shoot: true },
  { label: '简报', path: '/briefings', name: 'briefings', shoot: true },
  { label: '审计', path: '/audit', name: 'audit', shoot: true },
  { label: '通知', path: '/notifications', name: 'notifications', shoot: true },
];

/** The demo college (the seed's 内蒙古化工职业学院) as the administrator sees it, page by page. */
describe('web UI: every page in Chinese, on a desktop and on a phone', () => {
  const web = webSuite({ DEMO_PLAN: 'on' });
  let usernames: string[];

  beforeAll(async () => {
    usernames = ((await web.api.admin.get('/api/users').expect(200)).body as { username: string }[]).map(
      (u) => u.username,
    );
    // A published issue of the 双高简报, so 简报 and 通知 show one (and its notification).
    const planId = (
      (await web.api.admin.get('/api/plans').expect(200)).body as { items: { planId: string }[] }
    ).items[0].planId;
    const briefing = (
      await web.api.admin.post(`/api/plans/${planId}/briefings`).send({ periodEnd: '2023-12-31' }).expect(201)
    ).body.id as string;
    await web.api.admin.post(`/api/briefings/${briefing}/approve`).send({}).expect(201);
    await web.api.admin.post(`/api/briefings/${briefing}/publish`).send({}).expect(201);
  });

  it('shows the login page in Chinese', async () => {
    for (const [kind, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await web.browser.newContext({ viewport, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${web.base}/`);
      await page.getByLabel('用户名').waitFor();
      await expect(englishWords(page)).resolves.toEqual([]);
      await screenshot(page, 'login', kind);
      await context.close();
    }
  });

  it('walks every page on a desktop: real figures, no untranslated English', async () => {
    const session = await web.as('admin', DESKTOP);
    const { context, page, problems } = session;
    const english: Record<string, string[]> = {};
    for (const entry of PAGES) {
      await session.open(entry.label);
      await page.waitForURL(`${web.base}${entry.path}`);
      const words = await englishWords(page, usernames);
      if (words.length > 0) english[entry.label] = words;
      if (entry.shoot) await screenshot(page, entry.name, 'desktop');
    }
    expect(english).toEqual({});
    expect(problems).toEqual([]);

    /** Opens `address` and waits for its figures. */
    const visit = async (address: string) => {
      await page.goto(`${web.base}${address}`);
      await settled(page);
    };
    /** The text of project 1's row in the dashboard's completion table. */
    const project1 = () =>
      page
        .getByTestId('completion-table')
        .locator('tr', { hasText: '项目1 党建引领示范' })
        .first()
        .textContent();
    /** Clicks a download button: the file's suggested name and its bytes. */
    const download = async (button: string) => {
      const file = await downloadFrom(page, page.getByRole('button', { name: button }));
      return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
    };

    // The dashboard shows the demo's computed figures: 完成率, the weighted total and its grade.
    await session.open('总览');
    await expect(page.getByTestId('weighted-total').textContent()).resolves.toBe('93.72');
    await expect(project1()).resolves.toContain('95.56%');
    // As of a date before the plan's facts, every figure follows the cut-off.
    await visit('/?cutoff=2019-01-01');
    await expect(project1()).resolves.toContain('0%');
    // The figures say which tasks they count, and switch to the tasks due by the cut-off: every
    // seeded task is a 2021 item, so at 2021-12-31 both readings print the same rates.
    await visit('/?cutoff=2021-12-31');
    await expect(page.getByTestId('completion-basis').textContent()).resolves.toBe('口径：全部任务');
    await page.getByTestId('basis-control').getByText('截至当期应完成任务').click();
    await page.waitForURL(/basis=due/);
    await settled(page);
    await expect(page.getByTestId('completion-basis').textContent()).resolves.toBe(
      '口径：截至当期应完成任务（完成期限不晚于 2021-12-31）',
    );
    await expect(project1()).resolves.toContain('95.56%');
    // As known at a time before anything was recorded, likewise.
    await visit('/?knownAt=2000-01-01T00:00:00.000Z');
    await expect(page.getByTestId('weighted-total').textContent()).resolves.toBe('0.00');

    // The report tables download as XLSX, as of the date on the page.
    await visit('/reports?cutoff=2021-12-31');
    const tables = await download('导出自评表格（XLSX）');
    expect(tables.name).toBe('自评表格.xlsx');
    expect(tables.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const report = await download('导出绩效自评报告（DOCX）');
    expect(report.name).toBe('绩效自评报告.docx');
    const docx = report.bytes;
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(docx.includes(Buffer.from('word/document.xml'))).toBe(true);

    // Declared against computed: each report's count of differences, as the API reckons them.
    const planId = (await web.api.admin.get('/api/plans').expect(200)).body.items[0].planId as string;
    const reports = (await web.api.admin.get(`/api/plans/${planId}/reconciliation`).expect(200)).body as {
      cutoff: string;
      mismatches: number;
    }[];
    expect(reports.some((r) => r.mismatches > 0)).toBe(true);
    await openTab(page, '核对');
    for (const r of reports)
      await page.getByText(`截至 ${r.cutoff}，不一致 ${r.mismatches} 处`).first().waitFor();
    await expect(
      page.getByTestId('reconciliation').first().getByText('不一致', { exact: true }).count(),
    ).resolves.toBeGreaterThan(0);
    await context.close();
  });

  it('fits a phone: the menu is a drawer, tables scroll sideways', async () => {
    const session = await web.as('admin', PHONE);
    const { page } = session;
    await expectCount(page.locator('.ant-layout-sider'), 0);
    for (const entry of PAGES.filter((p) => p.shoot)) {
      await session.open(entry.label);
      await page.waitForURL(`${web.base}${entry.path}`);
      await expectNoSidewaysScroll(page, entry.label);
      await screenshot(page, entry.name, 'phone');
    }
    await session.close();
  });

  it('explains a network failure in Chinese instead of showing the browser’s English', async () => {
    const session = await web.as('admin', DESKTOP);
    const { page } = session;
    await page.route('**/api/plans/*/scores*', (route) => route.abort('connectionrefused'));
    await page.goto(`${web.base}/`);
    await settled(page);
    const alert = page.getByTestId('error-alert').first();
    await expect(alert.textContent()).resolves.toMatch(
      /网络连接失败.*无法连接到服务器.*请检查网络连接后重试/,
    );
    await session.expectChinese(usernames);
    await session.context.close();
  });

  it('returns a person whose account was disabled to the login page, saying why; unknown pages say so', async () => {
    const { userId } = await web.api.createUser('zhao.liu', [{ role: 'auditor', scope: '*' }]);
    const session = await web.as('zhao.liu', DESKTOP);
    const { page } = session;
    await page.goto(`${web.base}/no-such-page`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await web.api.admin.post(`/api/users/${userId}/disable`).send({ reason: '调离' }).expect(201);
    // The next request finds the session ended: the menu badges' wait may get there before a click.
    await page
      .getByRole('menuitem', { name: '审计' })
      .click({ timeout: 5000 })
      .catch(() => undefined);
    const notice = page.getByTestId('session-ended');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('登录已失效');
    await page.getByLabel('用户名').waitFor();
    await session.expectChinese();
    await session.context.close();
  });
});
