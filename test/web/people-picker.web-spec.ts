import { USER_PASSWORD } from '../api-harness';
import { DESKTOP, expectCount, PHONE, settled, webSuite } from './browser';

jest.setTimeout(180_000);

/**
 * The office of one plan, who may not list the school's users, picks a task owner by name from
 * the plan's directory (ADR 0026), and the tree shows the owner's name and the task's units.
 */
describe('web UI: the office picks people by name', () => {
  const web = webSuite();
  let planId: string;
  let projectId: string;

  beforeAll(async () => {
    ({ planId, projectId } = await web.api.createPlan({ code: '1', name: '课程思政建设' }));
    await web.api.createPerson('office.wang', '王主任', [{ role: 'office', scope: `plan:${planId}` }]);
    const zhang = await web.api.createPerson('t.zhang', '张晓燕');
    await web.api.createPerson('t.zhao', '赵明');
    const it = (await web.api.admin.post('/api/departments').send({ name: '信息工程学院' }).expect(201)).body
      .id;
    await web.api.admin.post('/api/departments').send({ name: '教务处' }).expect(201);
    await web.api.admin.post(`/api/users/${zhang}/department`).send({ departmentId: it }).expect(201);
  });

  it('finds 张晓燕 by name, makes her the owner, and the tree names her; the office sees the people of its plan', async () => {
    // The office of the plan may not list every user: the directory is what it reads.
    const office = await web.api.signIn('office.wang', USER_PASSWORD);
    await office.get('/api/users').expect(403);

    const session = await web.open('office.wang', '方案管理');
    const { page } = session;
    await session.tab('新建');
    const scope = page.getByTestId('create-task');
    await scope.getByLabel('项目').click();
    await page.locator('.ant-select-item-option', { hasText: '课程思政建设' }).first().click();
    await scope.getByLabel('任务名称').fill('建成省级课程思政示范课 5 门');
    // No id box: a picker that searches the directory as one types.
    await expectCount(page.getByPlaceholder('用户编号'), 0);
    const picker = scope.getByTestId('owner-picker');
    await picker.click();
    await page.keyboard.type('晓燕');
    const option = page.locator('.ant-select-item-option', {
      hasText: '张晓燕（信息工程学院） · 未加入本方案',
    });
    // The search narrows the list to those whose name matches.
    await page.locator('.ant-select-item-option', { hasText: '赵明' }).waitFor({ state: 'detached' });
    await option.waitFor();
    await session.shoot('people-picker');
    await option.click();
    await scope.getByLabel('截止日期').fill('2023-12-31');
    await page.keyboard.press('Enter');
    await scope.getByRole('button', { name: '新建任务' }).click();
    await page.getByText('任务已创建').waitFor();

    await session.tab('方案结构');
    const tree = page.getByTestId('plan-tree');
    await tree.locator('tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    const row = tree.locator('tr.ant-table-row', { hasText: '建成省级课程思政示范课 5 门' });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('张晓燕');
    await expect(tree.innerText()).resolves.not.toContain('（负责人）');

    // 设置单位: the task's 牵头单位 and 参与单位, then the tree filtered by department.
    await row.getByRole('button', { name: '设置单位' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('牵头单位').click();
    await page.locator('.ant-select-item-option', { hasText: '信息工程学院' }).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已设置牵头单位与参与单位').waitFor();
    await tree
      .locator('tr.ant-table-row', { hasText: '建成省级课程思政示范课 5 门' })
      .getByText('信息工程学院')
      .waitFor();
    await page.getByTestId('department-filter').click();
    await page.locator('.ant-select-item-option', { hasText: '教务处' }).click();
    await settled(page);
    await expect(tree.innerText()).resolves.not.toContain('建成省级课程思政示范课 5 门');
    await page.getByTestId('department-filter').click();
    await page.locator('.ant-select-item-option', { hasText: '信息工程学院' }).click();
    await settled(page);
    // The project stays open across the filter: its tasks reload for the department.
    await tree.getByText('建成省级课程思政示范课 5 门').waitFor();
    await session.shoot('plan-tree-names');

    // 人员与部门: the plan's people by name and department, no usernames for the office.
    await session.tab('人员与部门');
    const people = page.getByTestId('people');
    await people.getByText('张晓燕').waitFor();
    await expect(people.innerText()).resolves.not.toContain('t.zhang');
    await expect(people.innerText()).resolves.toContain('信息工程学院');
    await session.shoot('people-directory');
    await session.expectChinese();
    await session.close();

    const task = (await web.api.admin.get(`/api/projects/${projectId}/tasks`).expect(200)).body.items[0];
    expect(task).toMatchObject({ ownerName: '张晓燕', units: { lead: { name: '信息工程学院' } } });
  });

  it('lays the directory and the tree out on a phone without sideways scrolling of the page', async () => {
    const session = await web.open('office.wang', '方案管理', PHONE);
    const { page } = session;
    await session.tab('人员与部门');
    await page.getByTestId('people').getByText('张晓燕').waitFor();
    await session.shoot('people-directory');
    await session.tab('新建');
    const scope = page.getByTestId('create-task');
    await scope.getByTestId('owner-picker').click();
    await page.keyboard.type('张');
    await page.locator('.ant-select-item-option', { hasText: '张晓燕' }).waitFor();
    await session.shoot('people-picker', false);
    await page.keyboard.press('Escape');
    // On a phone the tab list overflows into its 「…」 menu: the tab is chosen as that menu would.
    await session.tab('方案结构');
    await session.shoot('plan-tree-names', false);
    expect(DESKTOP.width).toBe(1366);
    await session.close();
  });
});
