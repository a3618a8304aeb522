import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Download,
  type Locator,
  type Page,
} from 'playwright-core';
import { ADMIN_PASSWORD, startApi, USER_PASSWORD, type ApiHarness } from '../api-harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/** Headless Chromium as installed by apt (`.ci/run` installs it); playwright-core drives it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The API listening on a free port, serving the built web UI at `/`. */
export async function listen(api: ApiHarness): Promise<string> {
  await api.app.listen(0, '127.0.0.1');
  const address = api.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** A signed-in browser session: its context, its page, the page errors seen in it, and what a test does with it. */
export interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** Goes to `label` through the menu (the drawer on a phone) and waits for its data. */
  open(label: string): Promise<void>;
  /** Opens the tab `name` (see `openTab`) and waits for its data. */
  tab(name: string): Promise<void>;
  /** Shows the page at `viewport` (a phone's or a desktop's) and waits for it to re-render. */
  resize(viewport: { width: number; height: number }): Promise<void>;
  /**
   * Saves `<name>-desktop.png` or `<name>-phone.png`; on a phone, unless `fits` is false (a
   * dropdown or dialog over the page), first waits until the page does not scroll sideways.
   */
  shoot(name: string, fits?: boolean): Promise<void>;
  /** Nothing a user reads is English beyond `literals` (see `englishWords`). */
  expectChinese(literals?: string[]): Promise<void>;
  /** No page error was seen in the session; closes it. */
  close(): Promise<void>;
}

/** A fresh browser context (its own session storage), signed in through the login page. */
export async function signedIn(
  browser: Browser,
  base: string,
  username: string,
  password: string,
  viewport = DESKTOP,
): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
  let phone = viewport.width <= PHONE.width;
  return {
    context,
    page,
    problems,
    open: async (label) => {
      await openMenu(page, label);
      await settled(page);
    },
    resize: async (size) => {
      await page.setViewportSize(size);
      phone = size.width <= PHONE.width;
      await settled(page);
    },
    tab: async (name) => {
      await openTab(page, name);
      await settled(page);
    },
    shoot: async (name, fits = phone) => {
      if (fits) await expectNoSidewaysScroll(page);
      await screenshot(page, name, phone ? 'phone' : 'desktop');
    },
    expectChinese: async (literals = []) => expect(await englishWords(page, literals)).toEqual([]),
    close: async () => {
      expect(problems).toEqual([]);
      await context.close();
    },
  };
}

/** The API serving the built UI and a browser, shared by the tests of one describe block. */
export interface WebApp {
  api: ApiHarness;
  base: string;
  browser: Browser;
  /** The page errors of every session opened through `as`. */
  problems: string[];
  /** Signs `username` in (the administrator with its password, anyone else with USER_PASSWORD). */
  as(username: string, viewport?: { width: number; height: number }, password?: string): Promise<Session>;
  /** Signs `username` in and opens the menu entry `label` once its data has arrived. */
  open(username: string, label: string, viewport?: { width: number; height: number }): Promise<Session>;
}

/**
 * Registers the API (with `env`), its address and a browser for the enclosing describe block; the
 * fields are set once `beforeAll` has run, and closed after the block.
 */
export function webSuite(env: Record<string, string> = {}): WebApp {
  const web = {
    problems: [] as string[],
    as: async (username: string, viewport = DESKTOP, password?: string) => {
      const secret = password ?? (username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD);
      const session = await signedIn(web.browser, web.base, username, secret, viewport);
      web.problems.push(...session.problems);
      return session;
    },
    open: async (username: string, label: string, viewport = DESKTOP) => {
      const session = await web.as(username, viewport);
      await session.open(label);
      return session;
    },
  } as WebApp;
  beforeAll(async () => {
    web.api = await startApi(env);
    web.base = await listen(web.api);
    web.browser = await launchBrowser();
  });
  afterAll(async () => {
    await web.browser?.close();
    await web.api?.close();
  });
  return web;
}

/** Goes to a page through the menu (the drawer on a phone). */
export async function openMenu(page: Page, label: string): Promise<void> {
  const drawerButton = page.getByRole('button', { name: '菜单' });
  const item = page.getByRole('menuitem', { name: label });
  // After a change of viewport the layout swaps between the side menu and the drawer button on
  // the next render: act on whichever is shown, once it is shown.
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (await item.isVisible()) return item.click();
    if (await drawerButton.isVisible()) {
      try {
        await drawerButton.click({ timeout: 2_000 });
        return await item.click();
      } catch {
        // the button went away while clicking: the side menu is coming
      }
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no menu item ${label} after 10 s`);
}

/**
 * Opens a tab of an Ant Design Tabs. On a narrow screen the bar scrolls: a tab at its edge is half
 * covered by the 「…」 button (a person taps its visible part), and the tabs that do not fit at all
 * are in the 「…」 menu (a person picks them there). So does this.
 */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  const selected = async () => (await tab.getAttribute('aria-selected')) === 'true';
  const attempts = [
    () => tab.click({ timeout: 3_000 }),
    () => tab.click({ timeout: 3_000, position: { x: 6, y: 6 } }),
    async () => {
      await page.locator('.ant-tabs-nav-more').first().click();
      await page.locator('.ant-tabs-dropdown-menu-item', { hasText: name }).click({ timeout: 3_000 });
    },
  ];
  for (const attempt of attempts) {
    try {
      await attempt();
    } catch {
      // not reachable this way: the next one
    }
    for (let waited = 0; waited < 1_000; waited += 100) {
      if (await selected()) return;
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`the tab ${name} could not be opened`);
}

/** Waits for the page's data: no skeletons, no spinning tables. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
  const busy = page.locator('.ant-skeleton, .ant-spin-spinning');
  for (let waited = 0; (await busy.count()) > 0; waited += 100) {
    if (waited > 20_000) throw new Error('the page is still loading after 20 s');
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(300);
}

/**
 * Waits until the page is no wider than its viewport: nothing scrolls sideways. Lists switch to cards
 * and tables measure themselves a moment after their data arrives, so a single reading can catch a
 * frame in between; fails with the overflow still seen after `timeout` ms.
 */
export async function expectNoSidewaysScroll(page: Page, what = 'the page', timeout = 5_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    if (overflow <= 0) return;
    if (Date.now() - started > timeout) {
      throw new Error(`${what} scrolls sideways: ${overflow} px wider than the screen after ${timeout} ms`);
    }
    await page.waitForTimeout(100);
  }
}

/**
 * Saves `<name>-desktop.png` or `<name>-phone.png` under test-artifacts/screenshots (git-ignored), for
 * people to look at; no test asserts on a picture. On a loaded machine headless Chromium sometimes
 * never delivers the frame a capture waits for (CI once timed out after "fonts loaded"), so a capture
 * is tried three times, a second apart, and a picture that still cannot be taken is
 * reported on stderr instead of failing the behaviour the test has already checked.
 */
export async function screenshot(
  page: Page,
  name: string,
  kind: 'desktop' | 'phone',
): Promise<string | null> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}-${kind}.png`);
  let failure: unknown;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await page.screenshot({
        path,
        fullPage: false,
        animations: 'disabled',
        caret: 'hide',
        timeout: 15_000,
      });
      return path;
    } catch (error) {
      failure = error;
      await page.waitForTimeout(1_000);
    }
  }
  process.stderr.write(`screenshot ${name}-${kind} not taken: ${String(failure).split('\n')[0]}\n`);
  return null;
}

/** Latin words a user may see: product and file-type names, units. Anything else is untranslated text. */
const ALLOWED = new Set([
  'SHA',
  'PDF',
  'XLSX',
  'XLS',
  'PNG',
  'JPEG',
  'JPG',
  'DOCX',
  'ZIP',
  'DOC',
  'PPTX',
  'PPT',
  'Office',
  'ID',
  'MB',
  'KB',
  'URL',
]);

/**
 * English words in the visible text of the page, outside the allow-list. Identifiers a user may
 * legitimately see (UUIDs, hashes, usernames given in `literals`) are removed first.
 */
export async function englishWords(page: Page, literals: string[] = []): Promise<string[]> {
  let text = await page.locator('body').innerText();
  for (const literal of [...literals].sort((a, b) => b.length - a.length))
    text = text.split(literal).join(' ');
  text = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ')
    .replace(/\b[0-9a-f]{6,64}\b/gi, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    // A date format as the API states it (应为日期（YYYY-MM-DD）).
    .replace(/YYYY-MM-DD/g, ' ')
    // A file's own extension (会议纪要.pdf) is part of its name.
    .replace(/(?<=\S)\.[A-Za-z0-9]{2,5}\b/g, ' ');
  const words: string[] = text.match(/[A-Za-z][A-Za-z'-]+/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED.has(w)))];
}

/**
 * Clicks a button that opens a dialog. Chromium's PDF viewer, loading in the page beside it, can
 * take the focus at the moment of a click and swallow it; a person clicks again, so does this.
 */
export async function openDialog(page: Page, button: Locator): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  for (let attempt = 0; attempt < 3; attempt++) {
    await button.click();
    try {
      await dialog.waitFor({ timeout: 3_000 });
      return dialog;
    } catch {
      // not opened: click again
    }
  }
  throw new Error('the dialog did not open after three clicks');
}

/** Clicks a download button (again, like openDialog, if the PDF viewer swallowed the click). */
export async function downloadFrom(page: Page, button: Locator): Promise<Download> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const download = page.waitForEvent('download', { timeout: 5_000 });
    await button.click();
    try {
      return await download;
    } catch {
      // no download: click again
    }
  }
  throw new Error('no download after three clicks');
}

/**
 * Waits until `locator` matches exactly `expected` elements (a list re-renders after a search, a
 * filter or an approval; its count is read only once the answer has arrived). Fails with the last
 * count seen after `timeout` ms.
 */
export async function expectCount(locator: Locator, expected: number, timeout = 10_000): Promise<void> {
  const started = Date.now();
  let seen = await locator.count();
  while (seen !== expected) {
    if (Date.now() - started > timeout)
      throw new Error(`expected ${expected} elements, still ${seen} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await locator.count();
  }
}

/** Waits until an input shows `value` (the form refills its fields on the render after a click). */
export async function expectValue(input: Locator, value: string, timeout = 10_000): Promise<void> {
  const started = Date.now();
  let seen = await input.inputValue();
  while (seen !== value) {
    if (Date.now() - started > timeout)
      throw new Error(`expected ${value}, still ${seen} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await input.inputValue();
  }
}

/**
 * Types a day into an antd date picker like a person: focus its input, replace what it shows,
 * press Enter to take it; then waits until the input shows it.
 */
export async function pickDate(input: Locator, day: string): Promise<void> {
  await input.click();
  await input.press('ControlOrMeta+A');
  await input.pressSequentially(day);
  await input.press('Enter');
  await expectValue(input, day);
}
