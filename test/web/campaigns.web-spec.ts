import { DemoLoader } from '../../apps/api/src/demo/demo-loader';
import { PHONE, settled, webSuite } from './browser';

jest.setTimeout(240_000);

/**
 * 绩效自评 in the browser, on the demo college's 2021 mid-term campaign: the office's to-do with
 * its figures, the school report prefilled from the source report, saved as a new version with a
 * live figure block, and the overview of who has and has not submitted — at 1366×768 and on a phone.
 */
describe('web UI: self-evaluation campaigns', () => {
  const web = webSuite({ DEMO_PLAN: 'on' });

  it('shows the to-do, edits the school report, and the overview, on a desktop', async () => {
    const session = await web.open('admin', '绩效自评');
    const { page } = session;
    const todo = page.getByTestId('campaign-todo');
    await todo.getByText('学校自评总结').first().waitFor();
    // The figures of the whole plan as of the cut-off, with their as-of.
    await todo.getByText('数据截至 2021-12-31（按记录计算）').first().waitFor();
    await session.shoot('campaign-todo');
    await session.expectChinese(['VR']);

    await todo.getByRole('button', { name: '撰写报告' }).first().click();
    await settled(page);
    const report = page.getByTestId('page-campaign-report');
    // Prefilled from the source report.
    await report.getByText('1. 组织保障').waitFor();
    const editor = report.getByLabel('建设任务完成情况', { exact: true });
    await editor.click();
    await page.keyboard.press('Control+End');
    await report.getByRole('button', { name: '插入数据：建设任务完成情况' }).first().click();
    await report.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('已保存').waitFor();
    await report.getByText(/第 2 版/).waitFor();
    await session.shoot('campaign-report');
    await session.expectChinese(['VR']);

    await session.open('绩效自评');
    await session.tab('提交情况总览');
    const overview = page.getByTestId('campaign-overview');
    await overview.getByText('个人自评（2022-01-04 至 2022-01-14）').waitFor();
    await overview
      .getByText(/已提交 0 \/ \d+/)
      .first()
      .waitFor();
    await overview.getByText('逾期').first().waitFor();
    await session.shoot('campaign-overview');
    await session.expectChinese(['VR']);
    await session.close();

    // The saved version kept the block as a live block (stored as its marker, not its figures).
    const planId = web.api.app.get(DemoLoader).planId();
    const [campaign] = (await web.api.admin.get(`/api/plans/${planId}/campaigns`).expect(200)).body as {
      campaignId: string;
    }[];
    const view = (await web.api.admin.get(`/api/campaigns/${campaign.campaignId}`).expect(200)).body as {
      layers: { layer: string; reports: { reportId: string }[] }[];
    };
    const school = view.layers.find((l) => l.layer === 'school')!.reports[0].reportId;
    const versions = (
      await web.api.admin.get(`/api/campaigns/${campaign.campaignId}/reports/${school}/versions`).expect(200)
    ).body as { version: number; sections: { completion: string } }[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1].sections.completion).toContain('<div data-sg-block="tasks"></div>');
  });

  it('fits a phone: the to-do, the report and the overview', async () => {
    const session = await web.open('admin', '绩效自评', PHONE);
    const { page } = session;
    await page.getByTestId('campaign-todo').getByText('学校自评总结').first().waitFor();
    await session.shoot('campaign-todo');
    await page.getByTestId('campaign-todo').getByRole('button', { name: /报告/ }).first().click();
    await settled(page);
    await page.getByTestId('page-campaign-report').getByText('1. 组织保障').waitFor();
    await session.shoot('campaign-report', false);
    await session.open('绩效自评');
    await session.tab('提交情况总览');
    await page
      .getByTestId('campaign-overview')
      .getByText(/已提交 0 \/ \d+/)
      .first()
      .waitFor();
    await session.shoot('campaign-overview');
    await session.close();
  });
});
