import { OFFICE_REVIEW, type ApiHarness, type Client } from '../api-harness';
import { englishWords, screenshot, expectCount, webSuite } from './browser';

jest.setTimeout(180_000);

const FULL_HD = { width: 1920, height: 1080 };

/**
 * 数据大屏 in a real browser: full screen, dark, and live — an approval reaches the open display
 * within 2 s, without a reload.
 */
describe('web UI: 数据大屏', () => {
  const web = webSuite({ DEMO_PLAN: 'on' });

  it('shows the plan at 1920×1080 and updates within 2 s of an approval without reloading', async () => {
    // The demo plan: the task reported on, its owner, and an office reviewer for a one-stage chain.
    const plans = (await web.api.admin.get('/api/plans').expect(200)).body.items as { planId: string }[];
    const planId = plans[0].planId;
    const completion = (await web.api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body as {
      levels: { projects: { projectId: string }[] }[];
    };
    const projectId = completion.levels[0].projects[0].projectId;
    const teacher = await web.api.createUser('teacher.screen');
    const plan = (await web.api.admin.get(`/api/plans/${planId}`).expect(200)).body as {
      startYear: number;
      endYear: number;
    };
    const taskId = await web.api.defineTask({ planId, projectId }, teacher.userId, {
      title: '建成大屏演示实训室',
      dueDate: `${plan.endYear}-12-31`,
    });
    const office = await web.api.createUser('office.screen', [{ role: 'office', scope: `plan:${planId}` }]);
    await web.api.configureChain(planId, [OFFICE_REVIEW], `project:${projectId}`);

    const { context, page, problems } = await web.as('admin', FULL_HD);
    await page.goto(`${web.base}/screen?plan=${planId}`);
    await page.getByTestId('page-screen').waitFor();
    await page.getByTestId('screen-status').getByText('实时').waitFor();
    const approvals = page.getByTestId('screen-approvals');
    await approvals.waitFor();
    const before = Number(await approvals.innerText());
    // Nothing a user reads is English, and the display fits the screen: no scrollbars.
    await expect(englishWords(page)).resolves.toEqual([]);
    const overflow = await page.evaluate(
      '[document.documentElement.scrollWidth - window.innerWidth, document.documentElement.scrollHeight - window.innerHeight]',
    );
    expect(overflow).toEqual([0, 0]);
    const background = await page.evaluate(
      "getComputedStyle(document.querySelector('[data-testid=page-screen]')).backgroundColor",
    );
    expect(background).toBe('rgb(3, 10, 28)');
    await page.waitForTimeout(500);
    await screenshot(page, 'screen-1920x1080', 'desktop');

    // A marker on the window: a reload would lose it.
    await page.evaluate('window.marker = 42');
    // An effective date inside the plan's years and not in the future.
    const year = Math.min(plan.endYear, new Date().getUTCFullYear());
    await report(web.api, teacher.client, taskId, year).then((submissionId) =>
      approve(office.client, submissionId),
    );
    const approvedAt = Date.now();
    // Polled from here: the page's CSP (script-src 'self') refuses the string a predicate becomes.
    const counter = page.getByTestId('screen-approvals');
    while (Number(await counter.textContent()) !== before + 1) {
      if (Date.now() - approvedAt > 2000) throw new Error('数据大屏 did not show the approval within 2 s');
      await page.waitForTimeout(50);
    }
    expect(Date.now() - approvedAt).toBeLessThan(2000);
    await page
      .getByTestId('screen-approvals-list')
      .getByText('建成大屏演示实训室')
      .waitFor({ timeout: 2000 });
    expect(await page.evaluate('window.marker')).toBe(42);
    await screenshot(page, 'screen-1920x1080-after-approval', 'desktop');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells a viewer without access to the plan, in Chinese, instead of showing it', async () => {
    await web.api.createUser('outsider.screen');
    const plans = (await web.api.admin.get('/api/plans').expect(200)).body.items as { planId: string }[];
    const { context, page } = await web.as('outsider.screen', FULL_HD);
    await page.goto(`${web.base}/screen?plan=${plans[0].planId}`);
    await page.getByRole('alert').getByText('没有权限执行此操作').waitFor();
    await expectCount(page.getByTestId('screen-completion-rate'), 0);
    await context.close();
  });
});

async function report(api: ApiHarness, teacher: Client, taskId: string, year: number): Promise<string> {
  const evidenceId = await api.uploadEvidence(teacher, taskId, '验收报告.pdf');
  return api.submit(teacher, taskId, {
    completion: '1',
    effectiveDate: `${year}-06-30`,
    narrative: '实训室建成',
    evidenceIds: [evidenceId],
  });
}

async function approve(office: Client, submissionId: string): Promise<void> {
  await office.post(`/api/submissions/${submissionId}/approve`).send({}).expect(201);
}
