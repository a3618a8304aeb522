import { USER_PASSWORD } from '../api-harness';
import { DESKTOP, openMenu, screenshot, settled, webSuite, openTab, expectNoSidewaysScroll } from './browser';

jest.setTimeout(180_000);

/** 用户与角色 on a 1366×768 laptop: names on one line, 操作 always in view. */
describe('web UI: the users and roles table at 1366 px', () => {
  const web = webSuite();

  beforeAll(async () => {
    const { planId, projectId } = await web.api.createPlan({
      name: '现代煤化工技术专业群建设与人才培养质量提升',
    });
    // Users with several grants each: the roles column is what pushed the others aside.
    const people: [string, string][] = [
      ['wang.xiaoming', '王小明'],
      ['ouyang.mingyue', '欧阳明月'],
      ['zhang.san', '张三'],
    ];
    for (const [username, displayName] of people) {
      const res = await web.api.admin.post('/api/users').send({
        username,
        displayName,
        password: USER_PASSWORD,
        roles: [
          { role: 'reviewer', scope: `plan:${planId}` },
          { role: 'project-lead', scope: `project:${projectId}` },
          { role: 'reviewer', scope: `project:${projectId}` },
        ],
      });
      expect([res.status, res.body.detail]).toEqual([201, undefined]);
    }
  });

  it('keeps each name on one line and every 授予角色 button fully visible', async () => {
    const { context, page, problems } = await web.as('admin', DESKTOP);
    await openMenu(page, '方案管理');
    await openTab(page, '用户与角色');
    const table = page.getByTestId('users-table');
    await table.getByText('zhang.san').waitFor();
    await settled(page);
    await screenshot(page, 'users-roles', 'desktop');

    const rows = table.locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    const viewport = page.viewportSize()!;
    const body = await table.locator('.ant-table-body, .ant-table-content').first().boundingBox();
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      // One line of text: the name's text is no taller than a single line.
      const lines = await row
        .locator('td')
        .first()
        .evaluate((cell) => {
          // Runs in the page; the test's TypeScript has no DOM library.
          const win = globalThis as unknown as {
            document: {
              createRange(): {
                selectNodeContents(node: unknown): void;
                getBoundingClientRect(): { height: number };
              };
            };
            getComputedStyle(node: unknown): { lineHeight: string };
          };
          const range = win.document.createRange();
          range.selectNodeContents(cell);
          return range.getBoundingClientRect().height / parseFloat(win.getComputedStyle(cell).lineHeight);
        });
      expect(lines).toBeLessThan(1.5);
      const button = await row.getByRole('button', { name: '授予角色' }).boundingBox();
      expect(button).not.toBeNull();
      expect(button!.x).toBeGreaterThanOrEqual(body!.x);
      expect(button!.x + button!.width).toBeLessThanOrEqual(Math.min(body!.x + body!.width, viewport.width));
    }
    // The password hint states the API's rule (from contracts): at least 10 characters.
    await page.getByTestId('create-user').locator('.ant-form-item-tooltip').hover();
    await expect(page.locator('.ant-tooltip').getByText(/^10–/).textContent()).resolves.toContain(
      '不能包含用户名',
    );
    // The page itself never scrolls sideways.
    await expectNoSidewaysScroll(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
