import { planWithOffice } from '../api-harness';
import {
  expectCount,
  expectNoSidewaysScroll,
  expectValue,
  openDialog,
  PHONE,
  pickDate,
  screenshot,
  settled,
  webSuite,
} from './browser';

jest.setTimeout(180_000);

/**
 * 开展绩效自评 from the page: the office picks the kind, the form suggests the period, cut-off and
 * the four layers' windows, a wrong window comes back as the API's Chinese Problem Details and
 * nothing is opened, the corrected form opens the campaign and shows its overview.
 */
describe('web UI: the office opens a self-evaluation campaign', () => {
  const web = webSuite();
  let planId: string;

  beforeAll(async () => {
    const { api } = web;
    const { plan } = await planWithOffice(api, 'zhao.office', { startYear: 2019, endYear: 2023 });
    planId = plan.planId;
    const { userId: teacherId } = await api.createUser('sun.laoshi');
    await api.defineTask(plan, teacherId, { title: '建设智能制造实训基地' });
    await api.settled();
  });

  it('opens a 中期 campaign through the form, after a refused window, on a desktop', async () => {
    const session = await web.open('zhao.office', '绩效自评');
    const { page } = session;
    await page.getByText('尚未开展绩效自评').waitFor();
    const dialog = await openDialog(page, page.getByRole('button', { name: '开展绩效自评' }));
    await dialog.getByText('中期', { exact: true }).click();
    // The kind fills in what a 中期 self-evaluation of a 2019–2023 plan covers.
    const field = (label: string) => dialog.getByLabel(label, { exact: true });
    await expectValue(field('自评期间开始'), '2019-01-01');
    await expectValue(field('自评期间结束'), '2021-12-31');
    await expectValue(field('统计截止日期'), '2021-12-31');
    await expectValue(field('个人自评开始'), '2022-01-04');
    await expectValue(field('学校自评总结截止'), '2022-02-14');

    // The 建设单位 layer starting before the individual layer closes, picked in the calendar's
    // input: refused in Chinese on that layer's field, nothing opened.
    const open = dialog.getByRole('button', { name: '开展自评' });
    const flagged = dialog.locator('.ant-form-item-has-error');
    await pickDate(field('建设单位（部门）自评开始'), '2022-01-10');
    await open.click();
    const alert = dialog.getByTestId('error-alert');
    await alert.waitFor();
    const outOfOrder = '各层自评须依次进行：「建设单位（部门）自评」应在下一层截止（2022-01-14）之后开始。';
    await expect(alert.innerText()).resolves.toContain(outOfOrder);
    await expectCount(flagged, 1);
    await expectCount(dialog.getByTestId('window-unit').locator('.ant-form-item-has-error'), 1);
    // The layer's opening day, not its closing day, carries the message.
    await flagged.getByText(outOfOrder).waitFor();
    await expect(flagged.locator('label').innerText()).resolves.toBe('建设单位（部门）自评开始');
    await flagged.scrollIntoViewIfNeeded();
    await session.shoot('campaign-open-form');
    await session.expectChinese(['zhao.office']);
    expect((await web.api.admin.get(`/api/plans/${planId}/campaigns`).expect(200)).body).toEqual([]);

    // Corrected, the field is no longer flagged; the 学校 layer ending before it starts is
    // flagged on its closing day.
    await pickDate(field('建设单位（部门）自评开始'), '2022-01-15');
    await expectCount(flagged, 0);
    await pickDate(field('学校自评总结截止'), '2022-02-01');
    await open.click();
    const school = dialog.getByTestId('window-school').locator('.ant-form-item-has-error');
    await school.getByText('「学校自评总结」的开始日期不能晚于截止日期。').waitFor();
    await expect(school.locator('label').innerText()).resolves.toBe('学校自评总结截止');
    await expectCount(flagged, 1);
    expect((await web.api.admin.get(`/api/plans/${planId}/campaigns`).expect(200)).body).toEqual([]);

    await pickDate(field('学校自评总结截止'), '2022-02-14');
    await open.click();
    await dialog.waitFor({ state: 'hidden' });
    await settled(page);
    await page.getByRole('heading', { name: '2021 年中期绩效自评' }).waitFor();
    const overview = page.getByTestId('campaign-overview');
    await overview.getByText('个人自评（2022-01-04 至 2022-01-14）').waitFor();
    await overview.getByText('建设单位（部门）自评（2022-01-15 至 2022-01-24）').waitFor();
    await overview.getByText('sun.laoshi 个人自评').waitFor();
    await session.shoot('campaign-opened');
    await session.close();

    const [campaign] = (await web.api.admin.get(`/api/plans/${planId}/campaigns`).expect(200)).body as {
      kind: string;
      periodStart: string;
      periodEnd: string;
      cutoff: string;
    }[];
    expect(campaign).toMatchObject({
      kind: 'mid-term',
      periodStart: '2019-01-01',
      periodEnd: '2021-12-31',
      cutoff: '2021-12-31',
    });
  });

  it('fits the form on a phone without sideways scrolling', async () => {
    const session = await web.open('zhao.office', '绩效自评', PHONE);
    const { page } = session;
    // The page itself; while the dialog is open the page behind it is locked and the dialog must fit.
    await expectNoSidewaysScroll(page);
    const dialog = await openDialog(page, page.getByRole('button', { name: '开展绩效自评' }));
    await dialog.getByText('终期', { exact: true }).click();
    await expectValue(dialog.getByLabel('自评期间结束', { exact: true }), '2023-12-31');
    await screenshot(page, 'campaign-open-form', 'phone');
    const box = await dialog.locator('.ant-modal-content, [class*="modal-container"]').first().boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await expect(dialog.evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true);
    await session.close();
  });
});
