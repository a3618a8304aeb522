import { defineIndicatorKinds } from '../fixtures/indicator-kinds';
import { expectCount, PHONE, webSuite } from './browser';
import { choose } from './forms';

jest.setTimeout(240_000);

/**
 * A teacher reports progress with one qualitative indicator (a judged 评价等级 and score) and one
 * numeric indicator (a number in the target's unit) in the same form; the API's refusal of a score
 * outside the band is shown in Chinese, the corrected report is submitted as each kind asks.
 */
describe('web UI: 填报进展 asks each indicator for the value its kind takes', () => {
  const web = webSuite();
  let taskId: string;
  let qualitative: string;
  let numeric: string;

  beforeAll(async () => {
    const { api } = web;
    const year = new Date().getFullYear();
    const plan = await api.createPlan({ name: '智慧校园', startYear: year - 2, endYear: year + 2 });
    const ownerId = await api.createPerson('t.chenjing', '陈静');
    await api.createPerson('lead.zhou', '周主任', [
      { role: 'project-lead', scope: `project:${plan.projectId}` },
    ]);
    await api.createPerson('office.wu', '吴老师', [{ role: 'office', scope: `plan:${plan.planId}` }]);
    taskId = await api.defineTask(plan, ownerId, { title: '建成智慧校园平台' });
    await api.configureChain(plan.planId);
    ({ qualitative, numeric } = await defineIndicatorKinds(api, plan));
    await api.settled();
  });

  afterEach(() => expect(web.problems).toEqual([]));

  it('fills a judged band and a number with its unit, and submits both', async () => {
    const teacher = await web.open('t.chenjing', '我的任务');
    const { page } = teacher;
    await page
      .locator('tr', { hasText: '建成智慧校园平台' })
      .getByRole('button', { name: '填报 / 记录' })
      .click();
    const form = page.getByTestId('submission-form');
    await form.getByLabel('完成度').fill('100');
    await form.getByLabel('建设成果及成效').fill('平台已通过验收，建成智慧教室 21 间。');

    const rows = form.getByTestId('indicator-value-row');
    // One row per click, each seen before the next click (as a person adds them).
    for (const n of [1, 2]) {
      await form.getByRole('button', { name: '添加指标值' }).click();
      await expectCount(rows, n);
    }

    // The qualitative indicator asks for a 评价等级 and a score, not a number.
    const judged = rows.nth(0);
    await choose(page, judged, '指标', '智慧校园平台通过验收');
    await judged.getByTestId('indicator-target').getByText('目标：通过验收').waitFor();
    await expectCount(judged.getByLabel('实际完成值', { exact: true }), 0);
    await choose(page, judged, '评价等级', '达成');
    await judged.getByLabel('得分', { exact: true }).fill('1');

    // The numeric one asks for a number in the target's unit.
    const counted = rows.nth(1);
    await choose(page, counted, '指标', '智慧教室');
    await expect(counted.getByTestId('actual-unit').textContent()).resolves.toBe('间');
    await expectCount(counted.getByLabel('评价等级', { exact: true }), 0);
    await counted.getByLabel('实际完成值', { exact: true }).fill('21');

    // A score outside the band is refused by the API, in Chinese; nothing is submitted.
    await form.getByTestId('submit-progress').click();
    const refusal = form.getByTestId('error-alert');
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toContain('「达成」的得分应在 1.6–2 分之间');
    await teacher.expectChinese(['t.chenjing']);
    await teacher.shoot('progress-indicator-kinds');
    expect((await web.api.admin.get(`/api/tasks/${taskId}/submissions`).expect(200)).body).toEqual([]);

    await judged.getByLabel('得分', { exact: true }).fill('1.8');
    await form.getByTestId('submit-progress').click();
    await page.getByText('已提交，等待审核').waitFor();
    await teacher.context.close();

    const [submission] = (await web.api.admin.get(`/api/tasks/${taskId}/submissions`).expect(200)).body;
    expect(submission.content.indicatorValues).toEqual([
      expect.objectContaining({
        indicatorId: qualitative,
        actual: { kind: 'qualitative', band: '达成', score: '1.8' },
      }),
      expect.objectContaining({ indicatorId: numeric, actual: { kind: 'numeric', value: '21' } }),
    ]);

    // The reviewer reads the judged band and its score beside the number.
    const lead = await web.open('lead.zhou', '待办审核');
    const panel = lead.page.getByTestId('review-panel');
    await panel.getByText('达成（1.8 分）').waitFor();
    await panel.getByText('21', { exact: true }).waitFor();
    await lead.context.close();
  });

  it('lays the per-kind fields out on a phone without sideways scrolling', async () => {
    const phone = await web.open('t.chenjing', '我的任务', PHONE);
    const { page } = phone;
    await page.getByRole('button', { name: '填报 / 记录' }).first().click();
    const form = page.getByTestId('submission-form');
    await form.getByRole('button', { name: '添加指标值' }).click();
    const row = form.getByTestId('indicator-value-row');
    await expectCount(row, 1);
    await choose(page, row, '指标', '智慧校园平台通过验收');
    await row.getByLabel('评价等级', { exact: true }).waitFor();
    await phone.shoot('progress-indicator-kinds');
    await phone.context.close();
  });
});
