import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD } from '../api-harness';
import { ooxml } from '../fixtures/evidence-files';
import { onePagePdf, solidPng } from './files';
import {
  englishWords,
  downloadFrom,
  openDialog,
  openMenu,
  PHONE,
  DESKTOP,
  screenshot,
  settled,
  expectCount,
  webSuite,
} from './browser';

jest.setTimeout(300_000);

const PDF = onePagePdf('2021 minutes of the teaching and research office');
const REASON = '佐证材料不完整，请补充教研室会议纪要';

/**
 * The review workflow through the real page in a real browser, against the real API:
 * an owner submits with evidence, a project lead rejects with a reason, the owner resubmits,
 * two stages approve, the dashboard's figure for the project moves, the audit page shows it all.
 */
describe('web UI: submit, reject, resubmit, approve twice', () => {
  const web = webSuite();
  let taskId: string;
  let planId: string;

  /** The 完成率 cell of project 1's row in the dashboard's completion table. */
  const projectRate = (page: Page) =>
    page
      .getByTestId('completion-table')
      .locator('tr', { hasText: '项目1 党建引领示范' })
      .locator('.ant-progress-indicator');

  beforeAll(async () => {
    // The form dates a report today: the plan's years must include it.
    const year = new Date().getFullYear();
    const plan = await web.api.createPlan({
      code: '1',
      name: '党建引领示范',
      startYear: year - 2,
      endYear: year + 2,
    });
    planId = plan.planId;
    const ownerId = await web.api.createPerson('wanglaoshi', '王老师');
    await web.api.createPerson('lead', '李主任', [
      { role: 'project-lead', scope: `project:${plan.projectId}` },
    ]);
    await web.api.createPerson('office1', '项目办张老师', [{ role: 'office', scope: `plan:${planId}` }]);
    await web.api.createPerson('auditor1', '审计刘老师', [{ role: 'auditor', scope: '*' }]);
    taskId = await web.api.defineTask(plan, ownerId, { title: '建设课程思政示范课程' });
    await web.api.configureChain(planId);
  });

  afterEach(() => expect(web.problems).toEqual([]));

  it('takes a submission from the owner through rejection, resubmission and two approvals', async () => {
    // The office sees project 1 at 0 % before anything is reported.
    const office = await web.as('office1');
    // The office lands on 运行情况 (its home); the figure is on the 总览.
    await office.page.getByTestId('page-health').waitFor();
    await openMenu(office.page, '总览');
    await settled(office.page);
    await expect(projectRate(office.page).textContent()).resolves.toBe('0%');

    // The owner reports 60 % with evidence; a wrong type is refused before upload, a fake PDF by the API.
    const owner = await web.as('wanglaoshi');
    await openMenu(owner.page, '我的任务');
    await owner.page
      .locator('tr', { hasText: '建设课程思政示范课程' })
      .getByRole('button', { name: '填报 / 记录' })
      .click();
    const form = owner.page.getByTestId('submission-form');
    await form.getByLabel('完成度').fill('60');
    await form.getByLabel('建设成果及成效').fill('完成 2 门课程思政示范课程建设，形成教学案例 12 个。');
    const input = owner.page.locator('.ant-upload-drag input[type=file]');
    await input.setInputFiles({
      name: '安装程序.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    await expect(owner.page.getByTestId('upload-refused').textContent()).resolves.toContain(
      '「安装程序.exe」的类型不受支持',
    );
    await input.setInputFiles({
      name: '伪装.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('这不是 PDF'),
    });
    const refused = owner.page.getByTestId('upload-error');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toMatch(/「伪装\.pdf」上传失败.*无法识别的文件类型/);
    await input.setInputFiles([
      { name: '教研室会议纪要.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: '示范课现场.png', mimeType: 'image/png', buffer: solidPng(40, [200, 30, 30]) },
      {
        name: '实施方案.docx',
        mimeType: 'application/octet-stream',
        buffer: await ooxml('word/document.xml'),
      },
    ]);
    for (const name of ['教研室会议纪要.pdf', '示范课现场.png', '实施方案.docx'])
      await owner.page.locator('.ant-upload-list-item-done', { hasText: name }).waitFor();
    await screenshot(owner.page, 'tasks', 'desktop');
    await expect(englishWords(owner.page)).resolves.toEqual([]);
    await form.getByTestId('submit-progress').click();
    await owner.page.getByText('已提交，等待审核').waitFor();
    const history = owner.page.getByTestId('submission-history');
    await history.getByText('审核中').waitFor();
    await expectCount(history.getByText('审核中'), 1);

    // The project lead sees it as submitted, the PDF in the page, and sends it back with a reason.
    const lead = await web.as('lead');
    await openMenu(lead.page, '待办审核');
    const panel = lead.page.getByTestId('review-panel');
    await expect(panel.getByTestId('submitted-narrative').textContent()).resolves.toContain('教学案例 12 个');
    await expect(panel.getByTestId('submitted-completion').textContent()).resolves.toBe('60%');
    await panel.getByTestId('evidence-pdf').waitFor();
    // The image is drawn in the page; the Office file is offered as a download with its own name.
    const image = panel.getByTestId('evidence-image');
    await image.waitFor();
    await expect(image.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).resolves.toBe(40);
    const officeFile = await downloadFrom(
      lead.page,
      panel
        .getByTestId('evidence-item')
        .filter({ hasText: '实施方案.docx' })
        .getByRole('button', { name: /下\s*载/ }),
    );
    expect(officeFile.suggestedFilename()).toBe('实施方案.docx');
    await settled(lead.page);
    await screenshot(lead.page, 'reviews', 'desktop');
    await expect(englishWords(lead.page)).resolves.toEqual([]);
    await lead.page.setViewportSize(PHONE);
    await screenshot(lead.page, 'reviews', 'phone');
    await lead.page.setViewportSize(DESKTOP);
    const rejection = await openDialog(lead.page, panel.getByTestId('reject'));
    await rejection.getByTestId('reason-input').fill(REASON);
    await rejection.getByRole('button', { name: '确认退回' }).click();
    await lead.page.getByText('没有等待您审核的提交。').waitFor();

    // The owner sees why, revises and resubmits (the previous file carried over).
    await owner.page.reload();
    await openMenu(owner.page, '我的任务');
    const listed = owner.page.getByTestId('my-tasks').locator('tr', { hasText: '建设课程思政示范课程' });
    await listed.getByText('已退回').waitFor();
    await expect(listed.textContent()).resolves.toContain(REASON);
    await owner.page
      .locator('tr', { hasText: '建设课程思政示范课程' })
      .getByRole('button', { name: '填报 / 记录' })
      .click();
    await expect(owner.page.getByTestId('rejection-reason').textContent()).resolves.toBe(REASON);
    // The form starts from the version sent back: its text and its file.
    await owner.page.locator('.ant-upload-list-item-done', { hasText: '教研室会议纪要.pdf' }).waitFor();
    const narrative = owner.page.getByTestId('submission-form').getByLabel('建设成果及成效');
    await expect(narrative.inputValue()).resolves.toContain('教学案例 12 个');
    await narrative.fill('完成 2 门课程思政示范课程建设，形成教学案例 12 个；补充教研室会议纪要。');
    await owner.page.getByRole('button', { name: '重新提交' }).click();
    await owner.page.getByText('已重新提交，等待审核').waitFor();
    await owner.page.getByTestId('submission-history').getByText(REASON).waitFor();
    // On a phone the task takes the whole page (shot once the form's work is sent: it remounts).
    await owner.page.setViewportSize(PHONE);
    await screenshot(owner.page, 'tasks', 'phone');
    await owner.page.setViewportSize(DESKTOP);

    // Two stages approve: the project lead, then the project office.
    for (const reviewer of [lead, office]) {
      await reviewer.page.reload();
      await openMenu(reviewer.page, '待办审核');
      const p = reviewer.page.getByTestId('review-panel');
      await expect(p.getByTestId('submitted-narrative').textContent()).resolves.toContain(
        '补充教研室会议纪要',
      );
      const approval = await openDialog(reviewer.page, p.getByTestId('approve'));
      await approval.getByRole('button', { name: '确认通过' }).click();
      await reviewer.page.getByText('没有等待您审核的提交。').waitFor();
    }

    // The dashboard's figure for the project moved; as of a date before the report it did not.
    await openMenu(office.page, '总览');
    await settled(office.page);
    await expect(projectRate(office.page).textContent()).resolves.toBe('60%');
    await office.page.goto(`${web.base}/?cutoff=2020-12-31`);
    await settled(office.page);
    await expect(projectRate(office.page).textContent()).resolves.toBe('0%');
    await office.page.getByText('截至 2020-12-31').waitFor();

    // The auditor follows the task's history: every step with its actor and the reason.
    const auditor = await web.as('auditor1');
    await openMenu(auditor.page, '审计');
    // 对象 is picked by name (issue 15): typing the task's title offers it.
    await auditor.page.getByLabel('对象').fill('课程思政示范');
    await auditor.page.locator('.ant-select-item-option', { hasText: '任务：建设课程思政示范课程' }).click();
    await auditor.page.getByRole('button', { name: /查\s*询/ }).click();
    await settled(auditor.page);
    expect(decodeURIComponent(auditor.page.url())).toContain(`entity=task:${taskId}`);
    const rows = auditor.page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    const table = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    const find = (pattern: RegExp) => table.filter((r) => pattern.test(r));
    expect(find(/王老师 提交进展/)).toHaveLength(2);
    expect(find(/李主任 退回/)).toHaveLength(1);
    expect(find(/李主任 退回/)[0]).toContain(REASON);
    expect(find(/李主任 本环节通过/)).toHaveLength(1);
    expect(find(/项目办张老师 本环节通过/)).toHaveLength(1);
    expect(find(/审核通过/).length).toBeGreaterThanOrEqual(1);
    expect(find(/记录进展/).length).toBeGreaterThanOrEqual(1);
    // Filtered by type: only the rejection.
    await auditor.page.getByLabel('类型').click();
    await auditor.page.getByLabel('类型').fill('退回');
    await auditor.page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^退回$/ })
      .click();
    await auditor.page.getByRole('button', { name: /查\s*询/ }).click();
    await settled(auditor.page);
    await expectCount(rows, 1);
    await expect(rows.first().textContent()).resolves.toContain(REASON);
    await auditor.page.getByRole('button', { name: '校验哈希链' }).click();
    await expect(auditor.page.getByTestId('chain-result').textContent()).resolves.toContain('哈希链完整');
    await screenshot(auditor.page, 'audit-task', 'desktop');
    await auditor.page.setViewportSize(PHONE);
    await screenshot(auditor.page, 'audit-task', 'phone');

    for (const s of [office, owner, lead, auditor]) await s.context.close();
  });

  it('shows a failed sign-in in Chinese and keeps the person on the login page', async () => {
    const context = await web.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${web.base}/`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(`${ADMIN_PASSWORD}-错`);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const alert = page.getByTestId('error-alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/用户名或密码/);
    await context.close();
  });
});
