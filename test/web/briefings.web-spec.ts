import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, startApi, type ApiHarness } from '../api-harness';
import { englishWords, launchBrowser, listen, openMenu, settled, signedIn } from './browser';

jest.setTimeout(180_000);

/**
 * 简报 and 通知 use the routes of issue 6. Where the API has them, the office generates, approves and
 * publishes a briefing from the page and reads it in a sandboxed frame, and marks notifications
 * read; where it does not yet, the pages say so in Chinese. Either way something is asserted.
 */
describe('web UI: briefings and notifications', () => {
  let api: ApiHarness;
  let base: string;
  let browser: Browser;
  let briefingsAvailable: boolean;
  let notificationsAvailable: boolean;

  beforeAll(async () => {
    api = await startApi({ DEMO_PLAN: 'on' });
    base = await listen(api);
    browser = await launchBrowser();
    const planId = ((await api.admin.get('/api/plans').expect(200)).body as { items: { planId: string }[] })
      .items[0].planId;
    briefingsAvailable = (await api.admin.get(`/api/plans/${planId}/briefings`)).status !== 404;
    notificationsAvailable = (await api.admin.get('/api/me/notifications')).status !== 404;
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('lets the office generate, approve and publish a briefing and read it in the page', async () => {
    const { context, page, problems } = await signedIn(browser, base, 'admin', ADMIN_PASSWORD);
    await openMenu(page, '简报');
    await settled(page);
    if (!briefingsAvailable) {
      await expect(page.getByTestId('error-alert').first().textContent()).resolves.toContain(
        '服务器尚未提供此功能',
      );
    } else {
      await page.getByRole('button', { name: '生成简报草稿' }).click();
      await page.getByText('简报草稿已生成，等待审核').waitFor();
      await page.getByRole('button', { name: '审核通过' }).click();
      await page.getByText('简报已审核通过').waitFor();
      await page.getByRole('button', { name: /^发\s*布$/ }).click();
      await page.getByText('简报已发布').waitFor();
      const frame = page.getByTestId('briefing-frame');
      await expect(frame.getAttribute('sandbox')).resolves.toBe('');
      await expect(
        page.frameLocator('[data-testid=briefing-frame]').locator('body').innerText(),
      ).resolves.toMatch(/[\u4e00-\u9fff]/);
      await page.getByRole('button', { name: '核验内容' }).click();
      await page.getByText(/核验通过/).waitFor();
    }
    await expect(englishWords(page)).resolves.toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the inbox and the notification preferences', async () => {
    const { context, page, problems } = await signedIn(browser, base, 'admin', ADMIN_PASSWORD);
    await openMenu(page, '通知');
    await settled(page);
    if (!notificationsAvailable) {
      await expect(page.getByTestId('error-alert').count()).resolves.toBeGreaterThanOrEqual(2);
      await expect(page.getByTestId('error-alert').first().textContent()).resolves.toContain(
        '服务器尚未提供此功能',
      );
    } else {
      await page.getByRole('button', { name: '全部标为已读' }).click();
      await page.getByText('已全部标为已读').waitFor();
      await page.getByText('没有未读通知。').waitFor();
      await page.getByLabel('邮箱地址').fill('wang@example.edu.cn');
      await page.getByRole('button', { name: /^保\s*存$/ }).click();
      await page.getByText('通知方式已保存').waitFor();
      const prefs = await api.admin.get('/api/me/notification-preferences').expect(200);
      expect(prefs.body.emailAddress).toBe('wang@example.edu.cn');
    }
    await expect(englishWords(page)).resolves.toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
