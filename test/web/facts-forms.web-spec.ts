import type { Locator } from 'playwright-core';
import { USER_PASSWORD } from '../api-harness';
import { expectCount, PHONE, webSuite } from './browser';
import { choose } from './forms';

jest.setTimeout(240_000);

/** The plan's years around today: a fact dated today lies within them. */
const THIS_YEAR = new Date().getFullYear();
const START = THIS_YEAR - 2;
const END = THIS_YEAR + 2;

async function setDate(scope: Locator, label: string, date: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** The error shown in `scope` after a refused submit, in Chinese. */
async function refusal(scope: Locator): Promise<string> {
  const alert = scope.getByTestId('error-alert');
  await alert.waitFor();
  return alert.innerText();
}

/**
 * The facts only the API could enter before: the office of a plan records funds, a 满意度 survey
 * and a judged (non-numeric) indicator value, and changes the reminder settings, through forms that
 * show the API's refusals in Chinese.
 */
describe('web UI: 数据填报 — funds, surveys, indicator values, reminder settings', () => {
  const web = webSuite();
  let planId: string;
  let levelId: string;
  let indicatorId: string;

  beforeAll(async () => {
    let projectId: string;
    ({ planId, levelId, projectId } = await web.api.createPlan({ startYear: START, endYear: END }));
    const create = web.api.createPerson;
    await create('office.li', '李主任', [{ role: 'office', scope: `plan:${planId}` }]);
    const zhang = await create('t.zhangxy', '张晓燕');
    await create('t.zhangwei', '张伟');
    const zhao = await create('t.zhaoming', '赵明');
    await web.api.defineTask({ planId, projectId }, zhang, { title: '建成智慧教室 20 间' });
    await web.api.defineTask({ planId, projectId }, zhao, { title: '修订人才培养方案' });
    indicatorId = await web.api.defineIndicator(
      { planId, levelId },
      {
        subcategory: 'quality',
        group: { code: '1.1.1', name: '智慧校园' },
        name: '建成智慧校园平台',
        points: '2',
        target: { kind: 'qualitative', text: '建成并投入使用' },
        rule: {
          kind: 'qualitative',
          bands: [
            { label: '达成', minFraction: '0.8', maxFraction: '1' },
            { label: '部分达成', minFraction: '0.4', maxFraction: '0.8' },
            { label: '未达成', minFraction: '0', maxFraction: '0.4' },
          ],
        },
      },
    );
    await web.api.settled();
  });

  it('refuses the forms to a task owner as the API does', async () => {
    const teacher = await web.api.signIn('t.zhangxy', USER_PASSWORD);
    await teacher
      .post(`/api/plans/${planId}/funds`)
      .send({
        levelId,
        source: '中央财政',
        year: THIS_YEAR,
        budget: '1',
        arrived: '1',
        spent: '1',
        effectiveDate: `${THIS_YEAR}-01-01`,
      })
      .expect(403);
    const { context, page } = await web.as('t.zhangxy');
    await expectCount(page.getByRole('menuitem', { name: '方案管理' }), 0);
    await context.close();
  });

  it('records funds, a survey and a judged indicator value, and changes the reminder settings', async () => {
    const session = await web.open('office.li', '方案管理');
    const { page } = session;
    await session.tab('数据填报');

    // 资金: spending beyond the money arrived is refused in the form, a year outside the plan by the API.
    const funds = page.getByTestId('funds-form');
    await choose(page, funds, '层面', '学校层面');
    await choose(page, funds, '资金来源', '中央财政');
    await funds.getByLabel('年度', { exact: true }).fill(String(END + 3));
    await funds.getByLabel('预算', { exact: true }).fill('1000');
    await funds.getByLabel('到位资金', { exact: true }).fill('800');
    await funds.getByLabel('支出', { exact: true }).fill('900');
    await funds.getByRole('button', { name: '记录资金' }).click();
    await funds.getByText('支出不能超过到位资金').waitFor();
    await funds.getByLabel('支出', { exact: true }).fill('600');
    await funds.getByRole('button', { name: '记录资金' }).click();
    await expect(refusal(funds)).resolves.toContain(`年度应在建设周期 ${START}–${END} 内`);
    await session.expectChinese();
    await session.shoot('facts-funds-refused');
    await funds.getByLabel('年度', { exact: true }).fill(String(THIS_YEAR));
    await funds.getByRole('button', { name: '记录资金' }).click();
    await page.getByText('资金已记录').waitFor();
    const bySource = page.getByTestId('funds-by-source');
    await bySource.locator('tr', { hasText: '中央财政' }).getByText('800').waitFor();
    await expect(bySource.innerText()).resolves.toContain('80');
    await session.shoot('facts-funds');

    // 满意度调查: a survey dated before the plan is refused by the API, then recorded.
    await session.tab('满意度调查');
    const survey = page.getByTestId('survey-form');
    await page.getByTestId('survey-list-empty').waitFor();
    await choose(page, survey, '层面', '学校层面');
    await choose(page, survey, '调查对象', '在校生');
    await survey.getByLabel('有效问卷数', { exact: true }).fill('612');
    await survey.getByLabel('满意度', { exact: true }).fill('120');
    await survey.getByRole('button', { name: '记录调查结果' }).click();
    await survey.getByText('满意度不能超过 100%').waitFor();
    await survey.getByLabel('满意度', { exact: true }).fill('98.38');
    await setDate(survey, '调查日期', `${START - 1}-06-30`);
    await survey.getByRole('button', { name: '记录调查结果' }).click();
    await expect(refusal(survey)).resolves.toContain(`早于建设周期 ${START}–${END} 的开始`);
    await setDate(survey, '调查日期', `${THIS_YEAR}-01-15`);
    await survey.getByRole('button', { name: '记录调查结果' }).click();
    await page.getByText('调查结果已记录').waitFor();
    // The result recorded is listed under the form, as the one its indicators now score from.
    const recorded = page.getByTestId('survey-list').locator('tr', { hasText: '在校生' });
    await recorded.getByText('当前计分').waitFor();
    await expect(recorded.innerText()).resolves.toMatch(/学校层面\s+在校生\s+612\s+98\.38%\s+\d{4}-01-15/);
    await session.shoot('facts-survey');

    // 指标完成值 of a qualitative indicator: a band and a score within it, not a number.
    await session.tab('指标完成值');
    const value = page.getByTestId('indicator-value-form');
    await choose(page, value, '指标', '建成智慧校园平台');
    await value.getByTestId('indicator-target').getByText('建成并投入使用').waitFor();
    await expectCount(value.getByLabel('实际完成值', { exact: true }), 0);
    await choose(page, value, '评价等级', '部分达成（0.8–1.6 分）');
    await value.getByLabel('得分', { exact: true }).fill('1.9');
    await value.getByRole('button', { name: '记录完成值' }).click();
    await expect(refusal(value)).resolves.toContain('「部分达成」的得分应在 0.8–1.6 分之间');
    await session.expectChinese();
    await session.shoot('facts-indicator-refused');
    await value.getByLabel('得分', { exact: true }).fill('1.2');
    await value.getByRole('button', { name: '记录完成值' }).click();
    await page.getByText('指标完成值已记录').waitFor();

    // 提醒与简报设置: a malformed time is refused by the API; the thresholds and time are saved.
    await session.tab('提醒与简报设置');
    const settings = page.getByTestId('notification-settings-form');
    await settings.getByLabel('每日提醒时间', { exact: true }).fill('0 25 * * *');
    await settings.getByLabel('到期前几天提醒负责人', { exact: true }).fill('5');
    await settings.getByRole('button', { name: '保存设置' }).click();
    await expect(refusal(settings)).resolves.toContain('0 25 * * *');
    await session.expectChinese();
    await settings.getByLabel('每日提醒时间', { exact: true }).fill('0 7 * * *');
    await settings.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('提醒与简报设置已保存').waitFor();
    await session.shoot('facts-settings');
    await session.close();

    // What the forms recorded is what the API now answers.
    await web.api.settled();
    const fundsView = (await web.api.admin.get(`/api/plans/${planId}/funds`).expect(200)).body;
    expect(fundsView.bySource).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: '中央财政', budget: '1000', arrived: '800', spent: '600' }),
      ]),
    );
    const scores = (await web.api.admin.get(`/api/plans/${planId}/scores`).expect(200)).body;
    const indicator = JSON.stringify(scores).includes(indicatorId);
    expect(indicator).toBe(true);
    const judged = scores.levels
      .flatMap((l: { categories: unknown[] }) => l.categories)
      .flatMap((c: { subcategories: unknown[] }) => c.subcategories)
      .flatMap((s: { rows: unknown[] }) => s.rows)
      .flatMap((r: { indicators: unknown[] }) => r.indicators)
      .find((i: { indicatorId: string }) => i.indicatorId === indicatorId);
    expect(judged.assessment.score).toBe('1.2');
    const saved = (await web.api.admin.get(`/api/plans/${planId}/notification-settings`).expect(200)).body;
    expect(saved).toMatchObject({ reminderCron: '0 7 * * *', thresholds: { dueSoonDays: 5 } });
  });

  it('lays each form out on a phone without sideways scrolling', async () => {
    const session = await web.open('office.li', '方案管理', PHONE);
    const { page } = session;
    // On a phone the tab lists overflow into their 「…」 menus: tabs are chosen as that menu would.
    await session.tab('数据填报');
    for (const [tab, name] of [
      ['资金', 'facts-funds'],
      ['满意度调查', 'facts-survey'],
      ['指标完成值', 'facts-indicator'],
      ['提醒与简报设置', 'facts-settings'],
    ] as const) {
      await session.tab(tab);
      if (tab === '满意度调查') await expectCount(page.getByTestId('survey-card'), 1);
      await session.shoot(name);
    }
    await session.close();
  });

  it('filters 任务查询 by an owner picked by name, and a slow answer to an earlier search never shows', async () => {
    const session = await web.open('office.li', '任务查询');
    const { page } = session;
    const list = page.getByTestId('task-search');
    await page.getByText('共 2 项任务').waitFor();
    const picker = list.getByTestId('owner-filter');
    const option = (name: string) =>
      page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: name,
      });
    await picker.click();
    await page.keyboard.type('赵');
    await option('赵明').waitFor();

    // Every answer to a search for 「张」 alone is held back two seconds by the network.
    await page.route('**/api/plans/*/people?*', async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q');
      if (q === '张') await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue().catch(() => undefined); // the page may have aborted it meanwhile
    });
    await page.keyboard.press('Backspace');
    await page.keyboard.type('张');
    // Past the pause after typing, the answer to 「张」 is still on its way: the list offers nobody,
    // not the people of the answer to 「赵」.
    await page.waitForTimeout(800);
    await expectCount(option('赵明'), 0, 100);
    await page.getByText('查找中…').waitFor();
    await page.keyboard.type('晓燕');
    await option('张晓燕').waitFor();
    // The held-back answer to 「张」 (张晓燕 and 张伟) arrives after that to 「张晓燕」: it is dropped.
    await page.waitForTimeout(2_500);
    await expectCount(option('张伟'), 0, 100);
    await expectCount(option('张晓燕'), 1);
    await option('张晓燕').click();
    await page.unroute('**/api/plans/*/people?*');

    await page.getByText('共 1 项任务').waitFor();
    await expect(list.innerText()).resolves.toContain('建成智慧教室 20 间');
    await expect(list.innerText()).resolves.not.toContain('修订人才培养方案');
    await expectCount(page.getByPlaceholder('用户编号'), 0);
    await session.shoot('task-search-owner');
    await session.close();
  });
});
