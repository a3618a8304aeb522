import { OFFICE_REVIEW, stage, type Client } from '../api-harness';
import { solidPng } from './files';
import { DESKTOP, expectCount, openDialog, PHONE, settled, webSuite } from './browser';

jest.setTimeout(300_000);

const REASON = '请补充样板党支部的验收材料';

/**
 * Each role lands where its work is, in a real browser against the real API: the teacher on 我的任务
 * (sent back first), the reviewer on 待办 (with a badge, filters and batch approval), the project
 * lead on the project's tasks, the office on 运行情况 with who is late, leadership on 总览; a task
 * found by search; the lists as cards on a phone, with no sideways scrolling.
 */
describe('web UI: role-aware home pages, task search, the 待办 list and batch approval', () => {
  const web = webSuite();
  let teacherClient: Client;
  const year = new Date().getFullYear();

  const submit = async (taskId: string) =>
    (
      await teacherClient
        .post(`/api/tasks/${taskId}/submissions`)
        .send({
          completion: '0.5',
          effectiveDate: `${year}-01-15`,
          narrative: '完成阶段建设任务',
          evidenceIds: [],
        })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    const plan = await web.api.createPlan({
      code: '1',
      name: '党建引领示范',
      startYear: year - 2,
      endYear: year + 2,
    });
    const teacher = await web.api.createPerson('wanglaoshi', '王老师');
    await web.api.createPerson('lizhuren', '李主任', [
      { role: 'project-lead', scope: `project:${plan.projectId}` },
    ]);
    await web.api.createPerson('zhaoshenhe', '赵审核', [
      { role: 'reviewer', scope: `project:${plan.projectId}` },
    ]);
    await web.api.createPerson('zhanglaoshi', '项目办张老师', [
      { role: 'office', scope: `plan:${plan.planId}` },
    ]);
    await web.api.createPerson('sunxiaozhang', '孙校长', [{ role: 'leadership', scope: '*' }]);
    teacherClient = await web.api.signIn('wanglaoshi');
    const define = (title: string, dueDate: string) => web.api.defineTask(plan, teacher, { title, dueDate });
    const later = await define('思政课程示范课建设', `${year + 1}-06-30`);
    await define('党建品牌培育', `${year - 1}-12-31`);
    const sentBack = await define('样板党支部创建', `${year + 2}-12-31`);
    const waitingA = await define('课程思政案例库', `${year + 1}-03-31`);
    const waitingB = await define('思政教师团队建设', `${year + 1}-09-30`);
    void later;
    await web.api.configureChain(plan.planId, [
      stage('项目负责人审核', 'any', { roles: ['project-lead', 'reviewer'] }),
      OFFICE_REVIEW,
    ]);
    const rejected = await submit(sentBack);
    const lead = await web.api.signIn('lizhuren');
    await lead.post(`/api/submissions/${rejected}/reject`).send({ reason: REASON }).expect(201);
    await submit(waitingA);
    await submit(waitingB);
  });

  afterEach(() => expect(web.problems).toEqual([]));

  it('lands the teacher on 我的任务, sent back first, and takes a photo from the phone as evidence', async () => {
    const session = await web.as('wanglaoshi');
    const { page } = session;
    await page.getByTestId('page-tasks').waitFor();
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await settled(page);
    const rows = page.getByTestId('my-tasks').locator('tbody tr.ant-table-row');
    await expect(rows.first().textContent()).resolves.toContain('样板党支部创建');
    await expect(rows.first().getByTestId('task-state').textContent()).resolves.toBe('已退回');
    // Then the soonest due: last year's task, past due.
    await expect(rows.nth(1).textContent()).resolves.toContain('党建品牌培育');
    await expect(rows.nth(1).getByTestId('task-state').textContent()).resolves.toBe('已逾期');
    await session.expectChinese(['wanglaoshi']);
    await session.shoot('home-teacher-tasks');

    await session.resize(PHONE);
    const first = page.getByTestId('task-card').first();
    await expect(first.textContent()).resolves.toContain(REASON);
    await session.shoot('home-teacher-tasks');

    // The submission history on the phone: a card with the reason, nothing sideways.
    await first.getByRole('button', { name: '填报 / 记录' }).click();
    await page.getByRole('tab', { name: /提交记录/ }).click();
    await page.getByTestId('history-card').first().getByText(REASON).first().waitFor();
    await settled(page);
    await session.shoot('home-history');

    // A photo taken with the phone's camera goes through the same evidence upload.
    await page.getByRole('tab', { name: /修改后重新提交|填报进展/ }).click();
    const camera = page.locator('input[type=file][capture=environment]');
    await expect(camera.getAttribute('accept')).resolves.toBe('image/*');
    await camera.setInputFiles({
      name: '现场照片.png',
      mimeType: 'image/png',
      buffer: solidPng(40, [200, 30, 30]),
    });
    await page.locator('.ant-upload-list-item-done', { hasText: '现场照片.png' }).waitFor();
    await session.shoot('home-camera', false);
    await session.resize(DESKTOP);
    await page.getByRole('tab', { name: /提交记录/ }).click();
    await settled(page);
    await session.shoot('home-history');
    await session.context.close();
  });

  it('lands the project lead on the project’s tasks with their state and 预警', async () => {
    const session = await web.as('lizhuren');
    const { page } = session;
    await page.getByTestId('page-project').waitFor();
    await settled(page);
    await expect(page.getByTestId('project-tasks').getByTestId('search-total').textContent()).resolves.toBe(
      '共 5 项任务',
    );
    await page.getByTestId('project-tasks').getByText('已退回').waitFor();
    await page.getByTestId('project-warnings').getByText('党建品牌培育', { exact: false }).waitFor();
    await session.expectChinese(['lizhuren']);
    await session.shoot('home-project');
    await session.resize(PHONE);
    await session.shoot('home-project');
    await session.context.close();
  });

  it('lands the office on 运行情况 with who is late, and finds a task by search', async () => {
    const session = await web.as('zhanglaoshi');
    const { page } = session;
    await page.getByTestId('page-health').waitFor();
    await settled(page);
    await page.getByTestId('late-owners').getByText('王老师').waitFor();
    await session.expectChinese(['zhanglaoshi']);
    await session.shoot('home-health');
    await session.resize(PHONE);
    await session.shoot('home-health');
    await session.resize(DESKTOP);

    await session.open('任务查询');
    await expect(page.getByTestId('search-total').textContent()).resolves.toBe('共 5 项任务');
    await page.getByLabel('任务名称或负责人').fill('案例库');
    await page.getByLabel('任务名称或负责人').press('Enter');
    await page.getByTestId('search-total').getByText('共 1 项任务').waitFor();
    const row = page.getByTestId('task-search').locator('tbody tr.ant-table-row').first();
    await expect(row.textContent()).resolves.toContain('课程思政案例库');
    await expect(row.textContent()).resolves.toContain('1.4');
    await expect(row.getByTestId('task-state').textContent()).resolves.toBe('审核中');
    await session.shoot('home-search');
    await session.resize(PHONE);
    await session.shoot('home-search');
    await session.context.close();
  });

  it('lands the reviewer on 待办 with its badge, the columns, and approves two in one batch', async () => {
    const session = await web.as('zhaoshenhe', PHONE);
    const { page } = session;
    await page.getByTestId('page-reviews').waitFor();
    await settled(page);
    await expectCount(page.getByTestId('inbox-card'), 2);
    await expect(page.getByTestId('inbox-card').first().textContent()).resolves.toContain('王老师');
    await session.shoot('home-reviews');

    await session.resize(DESKTOP);
    await expect(page.getByTestId('badge-reviews').textContent()).resolves.toContain('2');
    const inbox = page.getByTestId('inbox');
    const headers = await inbox.locator('thead th').allTextContents();
    for (const column of ['提交人', '项目', '任务', '截止日期', '提交时间'])
      expect(headers.join('|')).toContain(column);
    await expect(inbox.locator('tbody tr.ant-table-row').first().textContent()).resolves.toContain('王老师');
    await session.expectChinese(['zhaoshenhe']);
    await session.shoot('home-reviews');

    // Narrowed by a task's name, then all again.
    await page.getByLabel('查找待办').fill('教师团队');
    await page.getByLabel('查找待办').press('Enter');
    await expectCount(inbox.locator('tbody tr.ant-table-row'), 1);
    await page.getByLabel('查找待办').fill('');
    await page.getByLabel('查找待办').press('Enter');
    await inbox.locator('tbody tr.ant-table-row').nth(1).waitFor();

    await inbox.locator('thead input[type=checkbox]').check();
    const dialog = await openDialog(page, page.getByTestId('batch-approve'));
    await dialog.getByTestId('batch-reason').fill('材料齐全，同意');
    await dialog.getByRole('button', { name: '确认通过' }).click();
    await page.getByTestId('batch-result').getByText('已通过 2 条，未通过 0 条。').waitFor();
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await page.getByText('没有等待您审核的提交。').waitFor();
    await expectCount(page.getByTestId('badge-reviews'), 0);
    await session.context.close();
  });

  it('lands leadership on 总览, whose 完成率 stays in sight on a phone', async () => {
    const session = await web.as('sunxiaozhang', PHONE);
    const { page } = session;
    await page.getByTestId('page-dashboard').waitFor();
    await settled(page);
    await page.getByTestId('completion-cards').getByTestId('project-rate').first().waitFor();
    await expect(page.getByTestId('project-rate').first().textContent()).resolves.toMatch(/%/);
    await session.shoot('home-dashboard');
    await session.resize(DESKTOP);
    await session.shoot('home-dashboard');
    await session.context.close();
  });
});
