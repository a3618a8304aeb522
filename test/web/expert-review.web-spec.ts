import { dateIn } from '../../libs/application/src';
import { planWithOffice } from '../api-harness';
import { createExpert, defineCourseIndicator } from '../fixtures/expert-review';
import { DESKTOP, downloadFrom, expectCount, PHONE, pickDate, settled, webSuite } from './browser';

jest.setTimeout(240_000);

/**
 * 专家评审 in the browser: the office opens a review from the page; the invited outside expert
 * signs in to a menu of one page, downloads the school's report and the evidence package, reads
 * the self-scores, and records a score and comment per indicator (an out-of-range score refused
 * in Chinese); the office sees the self-score beside the expert's score and the difference.
 */
describe('web UI: the expert review', () => {
  const web = webSuite();
  let planId: string;

  beforeAll(async () => {
    const { api } = web;
    const { plan, office } = await planWithOffice(api, 'qian.office', { startYear: 2019, endYear: 2023 });
    planId = plan.planId;
    await defineCourseIndicator(api, plan, office);
    await createExpert(api, planId, 'wang.zhuanjia');
    await api.settled();
  });

  it('the office opens a review and invites; the expert sees only the material and scores an indicator', async () => {
    const office = await web.open('qian.office', '专家评审');
    await office.page.getByText('尚未发起专家评审。').waitFor();
    const form = office.page.getByTestId('open-expert-review');
    await form.getByLabel('评审名称').fill('2021 年度绩效评价专家评审');
    // The days typed into the zh-CN calendars' inputs, as a person does.
    await pickDate(form.getByLabel('评审期间起'), '2021-01-01');
    await pickDate(form.getByLabel('评审期间止'), '2021-12-31');
    const tomorrow = dateIn(new Date(Date.now() + 86_400_000), 'Asia/Shanghai');
    await pickDate(form.getByLabel('专家账号有效期至'), tomorrow);
    await form.getByRole('button', { name: '发起专家评审' }).click();
    await office.page.getByTestId('expert-comparison').getByText('尚未邀请').waitFor();
    // Days as the API takes them; the account works to the end of the chosen day in China.
    const [opened] = (await web.api.admin.get(`/api/plans/${planId}/expert-reviews`).expect(200)).body.items;
    expect(opened).toMatchObject({
      period: { from: '2021-01-01', to: '2021-12-31' },
      accessUntil: new Date(`${tomorrow}T23:59:59+08:00`).toISOString(),
    });

    // The plan's office invites the account the administrator made, from the same page.
    const invite = office.page.getByTestId('invite-expert');
    await invite.getByLabel('专家账号').click();
    await office.page.locator('.ant-select-item-option', { hasText: '王专家' }).first().click();
    await invite.getByRole('button', { name: '邀请专家' }).click();
    await office.page.getByTestId('expert-comparison').getByText('专家：王专家').waitFor();
    await office.close();
    await web.api.settled();

    const expert = await web.as('wang.zhuanjia', DESKTOP);
    const { page } = expert;
    const scoring = page.getByTestId('expert-scoring');
    await scoring.getByText('2021 年度绩效评价专家评审').waitFor();
    await settled(page);
    // One page in the menu, and no plan picker.
    await expectCount(page.getByRole('menuitem'), 1);
    await expect(page.getByRole('menuitem').innerText()).resolves.toContain('专家评审');
    await expectCount(page.getByTestId('plan-select'), 0);
    await expect(page.getByTestId('expert-self-total').innerText()).resolves.toContain('加权总分');
    const item = scoring.getByTestId('expert-indicator');
    await expectCount(item, 1);
    await expect(item.innerText()).resolves.toMatch(/1\.1\.1\.1 省级以上精品课程[\s\S]*学校自评得分 5/);

    const report = await downloadFrom(page, scoring.getByRole('button', { name: /学校绩效自评报告/ }));
    expect(report.suggestedFilename()).toBe('学校绩效自评报告-2021-12-31.docx');
    const evidence = await downloadFrom(page, scoring.getByRole('button', { name: /佐证材料包/ }));
    expect(evidence.suggestedFilename()).toBe('佐证材料包-2021-12-31.zip');

    // Above the indicator's points: refused in Chinese, nothing recorded.
    await item.getByLabel('1.1.1.1 专家评分').fill('12');
    await item.getByLabel('1.1.1.1 评审意见').fill('精品课程数量未达标，佐证不足');
    await item.getByRole('button', { name: '保存评分' }).click();
    await item
      .getByTestId('error-alert')
      .getByText(/评分应在 0 到该指标分值 10 之间/)
      .waitFor();
    await item.getByLabel('1.1.1.1 专家评分').fill('4');
    await item.getByRole('button', { name: '保存评分' }).click();
    await item.getByText('已评 4 分').waitFor();
    await expert.shoot('expert-review');
    await expert.expectChinese(['wang.zhuanjia']);
    await expert.close();

    const phone = await web.as('wang.zhuanjia', PHONE);
    await phone.page.getByTestId('expert-scoring').getByText('已评 4 分').waitFor();
    await settled(phone.page);
    await phone.shoot('expert-review');
    await phone.page.getByRole('button', { name: '菜单' }).click();
    await expectCount(phone.page.getByRole('menuitem'), 1);
    await phone.close();
  });

  it('shows the office the self-score beside the expert’s score and the difference', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const session = await web.open('qian.office', '专家评审', viewport);
      const { page } = session;
      const comparison = page.getByTestId('expert-comparison');
      await comparison.getByText('王专家：4 分').waitFor();
      const row = comparison.locator('tr', { hasText: '1.1.1.1' });
      await expect(row.innerText()).resolves.toMatch(/省级以上精品课程\s+10\s+5\s+王专家：4 分（-1）/);
      await expect(row.innerText()).resolves.toContain('精品课程数量未达标，佐证不足');
      await expectCount(row.getByTestId('difference'), 2);
      await session.shoot('expert-comparison', true);
      await session.expectChinese(['qian.office']);
      await session.close();
    }
  });
});
