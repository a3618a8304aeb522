import { webSuite } from './browser';

jest.setTimeout(180_000);

/**
 * 简报 and 通知: the office generates, approves and publishes a briefing from the page and reads it
 * in a sandboxed frame; the publication reaches the inbox, which is marked read; preferences are
 * saved.
 */
describe('web UI: briefings and notifications', () => {
  const web = webSuite({ DEMO_PLAN: 'on' });

  it('lets the office generate, approve and publish a briefing and read it in the page', async () => {
    const session = await web.open('admin', '简报');
    const { page } = session;
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
    await session.expectChinese();
    await session.close();
  });

  it('shows the inbox and the notification preferences', async () => {
    const session = await web.open('admin', '通知');
    const { page } = session;
    // The briefing published above reached the office's inbox.
    await page
      .getByText(/双高简报（.*）已发布/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.getByText('已全部标为已读').waitFor();
    await page.getByText('没有未读通知。').waitFor();
    await page.getByLabel('邮箱地址').fill('wang@example.edu.cn');
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('通知方式已保存').waitFor();
    const prefs = await web.api.admin.get('/api/me/notification-preferences').expect(200);
    expect(prefs.body).toMatchObject({ emailAddress: 'wang@example.edu.cn', mobile: '13800000001' });
    await session.expectChinese();
    await session.close();
  });
});
