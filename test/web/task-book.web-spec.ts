import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docxWith, taskBookWorkbook, wordParagraph } from '@sg/testing';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, startApi, USER_PASSWORD, type ApiHarness } from '../api-harness';
import {
  DESKTOP,
  englishWords,
  expectCount,
  launchBrowser,
  listen,
  openMenu,
  PHONE,
  screenshot,
  settled,
  signedIn,
  openTab,
} from './browser';

jest.setTimeout(360_000);

const REAL = readFileSync(join(__dirname, '..', 'fixtures/task-books/建设任务书-武汉船舶职业技术学院.docx'));
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The real 任务书 as revised: one item of the first 二级任务's 2020 cell reworded. */
function revisedDocx(): Buffer {
  const files = unzipSync(new Uint8Array(REAL));
  const xml = strFromU8(files['word/document.xml']);
  const before = '召开学院第二次党代会，强化后备干部培养教育';
  expect(xml.split(before)).toHaveLength(2);
  files['word/document.xml'] = strToU8(
    xml.replace(before, '召开学院第二次党代会，强化后备干部和年轻干部培养教育'),
  );
  return Buffer.from(zipSync(files));
}

/** Uploads a revised 任务书 on the 任务调整 tab and waits for the difference. */
async function uploadAmendment(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await openMenu(page, '方案管理');
  await openTab(page, '任务调整');
  await page.locator('[data-testid=amendments] .ant-upload-drag input[type=file]').setInputFiles({
    name,
    mimeType,
    buffer,
  });
  const diff = page.getByTestId('amendment-diff');
  await diff.waitFor({ timeout: 120_000 });
  await settled(page);
  return diff;
}

/** Another person of the office opens 任务调整 and approves the pending amendment. */
async function approveAsColleague(browser: Browser, base: string, username: string, viewport = DESKTOP) {
  const colleague = await signedIn(browser, base, username, USER_PASSWORD, viewport);
  await openMenu(colleague.page, '方案管理');
  await openTab(colleague.page, '任务调整');
  const item = colleague.page.getByTestId('amendment-item').first();
  await item.getByText('待审核', { exact: true }).waitFor();
  await item.getByRole('button', { name: '审核通过' }).click();
  await item.getByText('已通过', { exact: true }).waitFor({ timeout: 60_000 });
  return { ...colleague, item };
}

async function uploadTaskBook(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await openMenu(page, '方案管理');
  await openTab(page, '导入建设任务书（教育部模板）');
  await page
    .locator('[data-testid=task-book-import] .ant-upload-drag input[type=file]')
    .setInputFiles({ name, mimeType, buffer });
  const preview = page.getByTestId('task-book-preview');
  await preview.waitFor({ timeout: 120_000 });
  await settled(page);
  return preview;
}

async function confirmImport(page: Page) {
  await page.getByRole('button', { name: '确认导入' }).click();
  const result = page.getByTestId('task-book-result');
  await result.waitFor({ timeout: 180_000 });
  return result;
}

/** The office brings in its 建设任务书 as the ministry's template has it, then works on it. */
describe('web UI: the 建设任务书 in the ministry’s layout', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    base = await listen(api);
    browser = await launchBrowser();
    await api.admin
      .post('/api/users')
      .send({ username: 't.zhou', displayName: '周建国', password: USER_PASSWORD, roles: [] })
      .expect(201);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('previews the real .docx, confirms it, and assigns a whole 二级任务 to one owner in one step', async () => {
    const { context, page, problems } = await signedIn(browser, base, 'admin', ADMIN_PASSWORD);
    const preview = await uploadTaskBook(page, '建设任务书-武汉船舶职业技术学院.docx', DOCX, REAL);
    const text = await preview.innerText();
    expect(text).toContain('武汉船舶职业技术学院');
    // The 学校 part as test/task-book-preview.e2e-spec.ts reads it: 36 二级任务, 479 yearly tasks.
    const school = preview.getByTestId('task-book-part').first();
    const counts = await school.getByTestId('task-book-part-counts').innerText();
    expect(counts).toContain('二级任务 36 项');
    expect(counts).toContain('年度任务 479 项');
    expect(counts).toContain(
      '2020年度（含2019年度） 125 项，2021年度 121 项，2022年度 121 项，2023年度 112 项',
    );
    // Budget totals per source, in 万元.
    expect(await school.innerText()).toContain('中央财政');
    // Nothing is written before the office confirms.
    const before = (await api.admin.get('/api/plans').expect(200)).body;
    expect(JSON.stringify(before)).not.toContain('武汉船舶职业技术学院');
    await screenshot(page, 'task-book-preview', 'desktop');
    expect(await englishWords(page)).toEqual([]);

    // Grouped findings: one line per kind with its first examples and their place in the document.
    const findings = page.getByTestId('task-book-findings');
    const line = findings.locator('tr.ant-table-row', { hasText: '未识别的表格（未读取）' });
    expect(await line.innerText()).toContain('表19 行1 列1');
    // 「查看全部」 pages the full list of that kind.
    await line.getByRole('button', { name: '查看全部' }).click();
    const all = page.getByTestId('task-book-findings-all');
    await all.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await all.locator('tbody tr.ant-table-row').count()).toBe(2);
    expect(await page.getByRole('dialog').innerText()).toContain('共 2 处');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Close|关闭/ })
      .click();

    const result = await confirmImport(page);
    expect(await result.innerText()).toContain('年度任务 946 项');
    expect(await result.innerText()).toContain('绩效指标 412 项');
    expect(problems).toEqual([]);

    // The new plan is the one shown: its tree, tasks under their 二级任务, all 未分配.
    await openTab(page, '方案结构');
    await settled(page);
    const tree = page.getByTestId('plan-tree');
    expect(await tree.innerText()).toContain('加强党的建设');
    await tree
      .locator('tr.ant-table-row', { hasText: '加强党的建设' })
      .first()
      .locator('.ant-table-row-expand-icon')
      .click();
    const tasks = page.getByTestId('project-tasks').first();
    const group = tasks.locator('tr.ant-table-row-level-0').first();
    await group.waitFor();
    const groupText = await group.innerText();
    expect(groupText).toContain('未分配');
    const secondary = groupText.split(/[\t\n]/)[0].trim();
    expect(secondary).toMatch(/^1\./);

    await group.getByRole('button', { name: '指定负责人' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('secondary-task-owner').click();
    // The picker searches the directory as one types: pick from the answer to the whole name.
    const searched = page.waitForResponse((r) => decodeURIComponent(r.url()).includes('q=周建国'));
    await page.keyboard.type('周建国');
    await searched;
    await settled(page);
    await page.locator('.ant-select-item-option', { hasText: '周建国' }).click();
    await screenshot(page, 'task-book-assign-owner', 'desktop');
    await dialog.getByRole('button', { name: /指\s*定/ }).click();
    await page.getByText(/已为 \d+ 项任务指定负责人/).waitFor();
    await settled(page);

    // The group now names its owner, and so does every yearly task under it.
    const assigned = tasks.locator('tr.ant-table-row-level-0', { hasText: secondary }).first();
    await expect(assigned.innerText()).resolves.toContain('周建国');
    await assigned.locator('.ant-table-row-expand-icon').click();
    const children = tasks.locator('tr.ant-table-row-level-1');
    await children.first().waitFor();
    const owners = await children.allInnerTexts();
    expect(owners.length).toBeGreaterThan(1);
    for (const row of owners) expect(row).toContain('周建国');
    // Another 二级任务 of the same 一级任务 is untouched.
    expect(await tasks.locator('tr.ant-table-row-level-0').nth(1).innerText()).toContain('未分配');
    await screenshot(page, 'task-book-tree', 'desktop');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('imports the revised .docx into that plan, another office user approves it, and the plan shows the amended task', async () => {
    const plans = (await api.admin.get('/api/plans').expect(200)).body as {
      items: { planId: string; school: string; endYear: number }[];
    };
    const plan = plans.items.find((p) => p.school === '武汉船舶职业技术学院')!;
    await api.admin
      .post('/api/users')
      .send({
        username: 'wu.office',
        displayName: '吴建设',
        password: USER_PASSWORD,
        roles: [{ role: 'office', scope: `plan:${plan.planId}` }],
      })
      .expect(201);
    const { context, page, problems } = await signedIn(browser, base, 'admin', ADMIN_PASSWORD);
    const diff = await uploadAmendment(page, '建设任务书（调整）.docx', DOCX, revisedDocx());
    expect(await diff.innerText()).toContain('任务：新增 0、撤销 0、修改 1');
    expect(await diff.innerText()).toContain('强化后备干部和年轻干部培养教育');
    await page.getByLabel('调整原因').fill('省教育厅批复调整');
    // No 生效日期 chosen: the 2019–2023 period is over, so it will take effect on its last day.
    await page.getByRole('button', { name: '提出调整' }).click();
    await page.getByTestId('amendment-item').getByText('待审核').waitFor({ timeout: 120_000 });
    expect(problems).toEqual([]);
    await context.close();

    const colleague = await approveAsColleague(browser, base, 'wu.office');
    expect(plan.endYear).toBe(2023);
    expect(await colleague.item.innerText()).toContain(`自 ${plan.endYear}-12-31 起生效`);
    await screenshot(colleague.page, 'task-book-amendment-approved', 'desktop');

    // The plan: the reworded task under its 二级任务, still with the owner assigned to the whole group.
    await openTab(colleague.page, '方案结构');
    await settled(colleague.page);
    await colleague.page
      .getByTestId('plan-tree')
      .locator('tr.ant-table-row', { hasText: '加强党的建设' })
      .first()
      .locator('.ant-table-row-expand-icon')
      .click();
    const tasks = colleague.page.getByTestId('project-tasks').first();
    const group = tasks.locator('tr.ant-table-row-level-0').first();
    await group.waitFor();
    await group.locator('.ant-table-row-expand-icon').click();
    const amended = tasks.locator('tr.ant-table-row-level-1', { hasText: '强化后备干部和年轻干部培养教育' });
    await amended.waitFor();
    expect(await amended.innerText()).toContain('周建国');
    await expectCount(tasks.locator('tr.ant-table-row-level-1', { hasText: '强化后备干部培养教育' }), 0);
    await screenshot(colleague.page, 'task-book-amended-plan', 'desktop');
    expect(await englishWords(colleague.page)).toEqual([]);
    expect(colleague.problems).toEqual([]);
    await colleague.context.close();
  });

  it('shows the preview on a phone, slips in the totals included, and refuses a file that is not a 任务书', async () => {
    const { context, page, problems } = await signedIn(browser, base, 'admin', ADMIN_PASSWORD, PHONE);
    const preview = await uploadTaskBook(
      page,
      '建设任务书.xlsx',
      XLSX,
      taskBookWorkbook('xlsx', { school: '示例职业技术学院' }),
    );
    // The fixture's arithmetic slip in a 小计 row: listed with its cell, not fatal.
    const slip = page
      .getByTestId('task-book-findings')
      .locator('tr.ant-table-row', { hasText: '合计与明细不符' });
    expect(await slip.innerText()).toContain('总预算!B9');
    expect(await preview.getByTestId('task-book-part').count()).toBe(2);
    await screenshot(page, 'task-book-preview', 'phone');

    await page.locator('[data-testid=task-book-import] .ant-upload-drag input[type=file]').setInputFiles({
      name: '通知.docx',
      mimeType: DOCX,
      buffer: await docxWith(wordParagraph('关于召开工作会议的通知')),
    });
    const refusal = page.getByTestId('task-book-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/任务书/);
    expect(await page.getByTestId('task-book-preview').count()).toBe(0);
    expect(await englishWords(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('imports the .xlsx extract; a revision dated 2022-06-30 is proposed, and approved on a phone', async () => {
    const school = '江汉职业技术学院';
    const { context, page, problems } = await signedIn(browser, base, 'admin', ADMIN_PASSWORD);
    const preview = await uploadTaskBook(
      page,
      '建设任务书.xlsx',
      XLSX,
      taskBookWorkbook('xlsx', { school, variant: 'original' }),
    );
    expect(await preview.innerText()).toContain(school);
    await confirmImport(page);
    const plans = (await api.admin.get('/api/plans').expect(200)).body as {
      items: { planId: string; school: string }[];
    };
    const plan = plans.items.find((p) => p.school === school)!;
    await api.admin
      .post('/api/users')
      .send({
        username: 'li.office',
        displayName: '李建设',
        password: USER_PASSWORD,
        roles: [{ role: 'office', scope: `plan:${plan.planId}` }],
      })
      .expect(201);

    const diff = await uploadAmendment(
      page,
      '建设任务书（调整）.xlsx',
      XLSX,
      taskBookWorkbook('xlsx', { school, variant: 'amended' }),
    );
    expect(await diff.innerText()).toContain('新增 1、撤销 1、修改 1');
    expect(await diff.innerText()).toContain('≥8 项');
    await page.getByLabel('调整原因').fill('教育部批复中期调整');
    // The 批复's date, typed into the picker (a date outside 2019–2023 cannot be picked).
    await page.getByTestId('amendment-effective-date').click();
    await page.keyboard.type('2022-06-30');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '提出调整' }).click();
    const proposed = page.getByTestId('amendment-item');
    await proposed.getByText('待审核').waitFor();
    expect(await proposed.innerText()).toContain('拟自 2022-06-30 起生效');
    expect(problems).toEqual([]);
    await context.close();

    const colleague = await approveAsColleague(browser, base, 'li.office', PHONE);
    expect(await colleague.item.innerText()).toContain('自 2022-06-30 起生效');
    expect(await colleague.item.innerText()).toContain('撤销任务「实施校园文化工程。」');
    await screenshot(colleague.page, 'task-book-amendment', 'phone');
    expect(colleague.problems).toEqual([]);
    await colleague.context.close();
  });
});
