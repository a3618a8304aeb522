import { taskBookWorkbook } from '@sg/testing';
import { planFromTaskBook } from '../task-book-plan';
import { englishWords, openMenu, screenshot, settled, webSuite, openTab } from './browser';

jest.setTimeout(240_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The office uploads a revised 任务书, reads the difference, proposes it; a colleague approves it. */
describe('web UI: amendments (任务调整)', () => {
  const web = webSuite();
  let planId: string;

  beforeAll(async () => {
    const owner = await web.api.createUser('zhang');
    const year = new Date().getUTCFullYear();
    planId = (
      await planFromTaskBook(web.api, taskBookWorkbook('xlsx'), owner.userId, {
        startYear: 2019,
        endYear: Math.max(2023, year + 1),
      })
    ).planId;
    await web.api.createUser('li.office', [{ role: 'office', scope: `plan:${planId}` }]);
  });

  it('shows the difference, proposes it with a reason, and another person of the office approves it', async () => {
    const { context, page, problems } = await web.as('admin');
    await openMenu(page, '方案管理');
    await openTab(page, '任务调整');
    await page.locator('[data-testid=amendments] .ant-upload-drag input[type=file]').setInputFiles({
      name: '任务书（调整）.xlsx',
      mimeType: XLSX,
      buffer: taskBookWorkbook('xlsx', { variant: 'amended' }),
    });
    const diff = page.getByTestId('amendment-diff');
    await diff.waitFor();
    await settled(page);
    expect(await diff.innerText()).toContain('任务：新增 1、撤销 1、修改 1、未变 25');
    const rows = await diff.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows).toHaveLength(4);
    expect(rows.join('\n')).toContain('建成红色文化展馆。');
    expect(rows.join('\n')).toContain('≥8 项');
    await screenshot(page, 'amendment-diff', 'desktop');
    expect(await englishWords(page)).toEqual([]);

    await page.getByLabel('调整原因').fill('教育部批复中期调整');
    await page.getByRole('button', { name: '提出调整' }).click();
    const item = page.getByTestId('amendment-item');
    await item.waitFor();
    expect(await item.innerText()).toContain('待审核');
    // The proposer is offered no approval of their own proposal.
    expect(await item.getByRole('button', { name: '审核通过' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();

    const colleague = await web.as('li.office');
    await openMenu(colleague.page, '方案管理');
    await openTab(colleague.page, '任务调整');
    const pending = colleague.page.getByTestId('amendment-item');
    await pending.waitFor();
    await pending.getByRole('button', { name: '审核通过' }).click();
    await colleague.page.getByTestId('amendment-item').getByText('已通过').first().waitFor();
    const text = await colleague.page.getByTestId('amendment-item').innerText();
    expect(text).toContain('撤销任务「实施校园文化工程。」');
    expect(text).toContain('起生效');
    expect(colleague.problems).toEqual([]);
    await colleague.context.close();
  });
});
