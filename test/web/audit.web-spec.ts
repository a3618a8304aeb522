import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { expectCount, PHONE, settled, webSuite } from './browser';

jest.setTimeout(300_000);

/** The auditor's 审计 page over the demo college: newest first, by name, before → after, exported as filtered. */
describe('web UI: a readable audit trail (issue 15)', () => {
  const web = webSuite({ DEMO_PLAN: 'on' });
  let taskId: string;

  beforeAll(async () => {
    await web.api.createUser('shen.ji', [{ role: 'auditor', scope: '*' }]);
    const teacherId = await web.api.createPerson('zhang.san', '张三');
    const planId = (
      (await web.api.admin.get('/api/plans').expect(200)).body as { items: { planId: string }[] }
    ).items[0].planId;
    const projectId = (
      (await web.api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body as {
        levels: { projects: { projectId: string }[] }[];
      }
    ).levels[0].projects[0].projectId;
    taskId = await web.api.defineTask({ planId, projectId }, teacherId, {
      title: '思政课程示范建设',
      dueDate: '2023-12-31',
    });
    const zhang = await web.api.signIn('zhang.san');
    for (const [completion, effectiveDate] of [
      ['0.4', '2022-06-30'],
      ['0.6', '2022-12-31'],
    ])
      await zhang
        .post(`/api/tasks/${taskId}/progress`)
        .send({ completion, effectiveDate, reason: '阶段进展' })
        .expect(201);
    await web.api.settled();
  });

  it('shows the newest change first, by name, before → after; picks the object by name; exports what it shows', async () => {
    const session = await web.open('shen.ji', '审计');
    const { page } = session;
    const table = page.getByTestId('audit-table');
    const first = await table.locator('tbody tr.ant-table-row').first().innerText();
    expect(first).toContain('张三');
    expect(first).toContain('思政课程示范建设');
    expect(first).toMatch(/完成度：\s*40%（截至 2022-06-30）\s*→\s*60%（截至 2022-12-31）/);
    await expectCount(table.getByText('占用用户名'), 0);
    await session.expectChinese(['shen.ji', 'zhang.san', 'admin', 'demo.office']);
    await session.shoot('audit-readable');

    // 对象: typed as a name, not as task:<编号>.
    await page.getByLabel('对象').fill('思政课程示范');
    await page.locator('.ant-select-item-option', { hasText: '任务：思政课程示范建设' }).first().click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/entity=task/, { waitUntil: 'commit' });
    await settled(page);
    expect(decodeURIComponent(page.url())).toContain(`entity=task:${taskId}`);
    const rows = table.locator('tbody tr.ant-table-row');
    await expectCount(rows, 3);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('思政课程示范建设');
    await rows.first().locator('.ant-table-row-expand-icon').click();
    await page.getByText('查看原始记录').waitFor();
    await session.shoot('audit-readable-task');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出审计记录（XLSX）' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计记录')!;
    expect(sheet.rowCount - 2).toBe(3);
    expect(sheet.getRow(3).getCell(9).text).toContain('40%（截至 2022-06-30） → 60%（截至 2022-12-31）');
    await session.close();
  });

  it('fits a phone: entries become cards, nothing scrolls sideways', async () => {
    const session = await web.open('shen.ji', '审计', PHONE);
    const firstCard = session.page.getByTestId('audit-cards').locator('.ant-card').first();
    await expect(firstCard.innerText()).resolves.toContain('思政课程示范建设');
    await session.shoot('audit-readable');
    await session.close();
  });
});
