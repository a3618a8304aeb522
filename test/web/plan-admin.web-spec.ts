import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { englishWords, openMenu, settled, expectCount, webSuite, openTab } from './browser';

jest.setTimeout(180_000);

/** Picks an option of the antd Select labelled `label` inside `scope`. */
async function choose(page: Page, scope: ReturnType<Page['getByTestId']>, label: string, option: string) {
  await scope.getByLabel(label).click();
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}

/** The project office's page: the 任务书 template and import, new entries, users and roles. */
describe('web UI: plan management', () => {
  const web = webSuite();

  beforeAll(async () => {
    await web.api.createUser('zhang.san');
  });

  it('downloads the template, lists every bad cell of an import, then imports the corrected file', async () => {
    const { context, page, problems } = await web.as('admin');
    await openMenu(page, '方案管理');
    await openTab(page, '导入任务书');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载导入模板' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('任务书导入模板.xlsx');
    const template = readFileSync(await download.path());
    const edited = async (edit: (book: ExcelJS.Workbook) => void) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(new Uint8Array(template).buffer);
      edit(book);
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const input = page.locator('.ant-upload-drag input[type=file]');

    // A file with two bad cells: nothing is imported, each cell is named in the table.
    const bad = await edited((book) => {
      book.getWorksheet('任务')!.addRow(['学校层面', '1', '获批全国课程思政示范课', 'nobody', '2022-02-30']);
    });
    await input.setInputFiles({ name: '任务书.xlsx', mimeType: XLSX, buffer: bad });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const rows = (await errors.locator('tbody tr.ant-table-row').allInnerTexts()).map((r) => r.split(/\s+/));
    expect(rows.map((r) => `${r[0]}!${r[1]}`)).toEqual(['任务!D3', '任务!E3']);
    await expectCount(page.getByText(/导入文件有 2 处错误，未导入任何内容/), 1);
    await expect(englishWords(page, ['nobody'])).resolves.toEqual([]);

    // A file that is not XLSX is refused before it is sent.
    await input.setInputFiles({ name: '任务书.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b') });
    await page.getByText('「任务书.csv」不是 XLSX 文件').waitFor();

    // The corrected file imports, and the new plan becomes the selected one.
    const good = await edited((book) => {
      book
        .getWorksheet('任务')!
        .addRow(['学校层面', '1', '获批全国课程思政示范课', 'zhang.san', '2022-06-30']);
    });
    await input.setInputFiles({ name: '任务书.xlsx', mimeType: XLSX, buffer: good });
    await page.getByText('导入成功，已创建新的建设方案').waitFor();
    await openTab(page, '方案结构');
    await settled(page);
    const tree = page.getByTestId('plan-tree');
    await tree.locator('tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    await tree.getByText('获批全国课程思政示范课').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('adds a level with the create form and a user with a role', async () => {
    const { context, page, problems } = await web.as('admin');
    const { planId } = await web.api.createPlan();
    await page.reload();
    await page.getByTestId('plan-select').click();
    await page.locator('.ant-select-item-option').last().click();
    await openMenu(page, '方案管理');
    await openTab(page, '新建');
    const form = page.getByTestId('create-level');
    await form.getByLabel('名称').fill('煤化工技术专业群');
    await choose(page, form, '类别', '专业群层面');
    await form.getByLabel('权重（0–1）').fill('0.7');
    await form.getByRole('button', { name: '添加层面' }).click();
    await page.getByText('层面已添加').waitFor();
    const completion = await web.api.admin.get(`/api/plans/${planId}/completion`).expect(200);
    expect(completion.body.levels.map((l: { name: string }) => l.name)).toEqual([
      '学校层面',
      '煤化工技术专业群',
    ]);

    // A weight that would take the plan above 1 is refused by the API, in Chinese, in the form.
    await form.getByLabel('名称').fill('第二个专业群');
    await choose(page, form, '类别', '专业群层面');
    await form.getByLabel('权重（0–1）').fill('0.5');
    await form.getByRole('button', { name: '添加层面' }).click();
    await form.getByTestId('error-alert').waitFor();
    await expect(form.getByTestId('error-alert').textContent()).resolves.toMatch(/权重/);

    await openTab(page, '用户与角色');
    const create = page.getByTestId('create-user');
    await create.getByLabel('用户名').fill('li.si');
    await create.getByLabel('姓名').fill('李四');
    await create.getByLabel('初始密码').fill('Teacher-密码-2026');
    await choose(page, create, '角色（可选）', '审核人');
    await choose(page, create, '范围', '方案：');
    await create.getByRole('button', { name: '新建用户' }).click();
    await page.getByText('用户已创建').waitFor();
    await page.getByTestId('users-table').getByText('李四').waitFor();
    const users = (await web.api.admin.get('/api/users').expect(200)).body as {
      username: string;
      roles: { role: string; scope: string }[];
    }[];
    expect(users.find((u) => u.username === 'li.si')?.roles).toEqual([
      { role: 'reviewer', scope: `plan:${planId}` },
    ]);

    // 审核流程: none yet; the default two stages saved for the whole plan are then listed as configured.
    await openTab(page, '审核流程');
    const configured = page.getByTestId('configured-chains');
    await configured.getByText('尚未配置审核流程').waitFor();
    await page.getByRole('button', { name: '保存审核流程' }).click();
    await page.getByText('审核流程已保存').waitFor();
    await configured.getByText('第 2 级 项目办审核').waitFor();
    await expect(configured.innerText()).resolves.toContain('全方案');
    const chains = (await web.api.admin.get(`/api/plans/${planId}/approval-chains`).expect(200)).body as {
      items: { scope: string; stages: { name: string }[] }[];
    };
    expect(chains.items.map((c) => [c.scope, c.stages.map((st) => st.name)])).toEqual([
      ['plan', ['项目负责人审核', '项目办审核']],
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
