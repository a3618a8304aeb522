import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import { startApi, USER_PASSWORD, type ApiHarness } from './api-harness';

jest.setTimeout(60_000);

/**
 * Every open page keeps a badge request waiting on the server (`/api/me/counts?wait=25`). A shutdown
 * (a deploy's SIGTERM) must neither wait those 25 seconds for it nor let it read the read models
 * after they are closed.
 */
describe('an API shutting down with badge requests waiting', () => {
  let api: ApiHarness | undefined;
  let base: string;
  let token: string;
  let errors: jest.SpyInstance;

  beforeEach(async () => {
    errors = jest.spyOn(Logger.prototype, 'error');
    const started = (api = await startApi());
    await started.createPerson('t.lin', '林老师');
    token = (
      await started.anonymous.post('/api/auth/login').send({ username: 't.lin', password: USER_PASSWORD })
    ).body.token as string;
    await started.app.listen(0, '127.0.0.1');
    const { port } = (started.app.getHttpServer() as Server).address() as { port: number };
    base = `http://127.0.0.1:${port}`;
  });

  let closed: Promise<void> | undefined;
  const close = () => (closed ??= api!.app.close());

  afterEach(async () => {
    errors.mockRestore();
    if (!api) return; // its start failed: that error is the one reported
    await close(); // each test closes the API itself; this is for one that failed before
    rmSync(api.dataDir, { recursive: true, force: true });
    closed = api = undefined;
  });

  /** A page's badge request, waiting up to 25 s for counts other than the ones it shows. */
  const waitingBadge = (signal?: AbortSignal) =>
    fetch(`${base}/api/me/counts?reviews=0&unread=0&wait=25`, {
      headers: { Authorization: `Bearer ${token}` },
      signal,
    });

  /** Resolves once the server holds `n` connections (the request has arrived). */
  const connections = async (n: number) => {
    const server = api!.app.getHttpServer() as Server;
    for (;;) {
      const open = await new Promise<number>((resolve, reject) =>
        server.getConnections((e, count) => (e ? reject(e) : resolve(count))),
      );
      if (open >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const within = (promise: Promise<unknown>, ms: number) =>
    Promise.race([
      promise.then(() => 'done' as const),
      new Promise<'still waiting'>((resolve) => setTimeout(resolve, ms, 'still waiting')),
    ]);

  it('answers the waiting pages at once with the counts they have, and closes at once', async () => {
    const pages = 12;
    const answers = Array.from({ length: pages }, () => waitingBadge());
    await connections(pages);
    await new Promise((resolve) => setTimeout(resolve, 300)); // into their wait

    const closing = close();
    // All within 1.5 s of the shutdown's start; each page asked to wait 25 s. Answered only once
    // the HTTP server has begun to close, their connections would hold it about 3 s more.
    await expect(Promise.all([...answers, closing].map((p) => within(p, 1_500)))).resolves.toEqual(
      Array.from({ length: pages + 1 }, () => 'done'),
    );
    for (const answer of answers) {
      const res = await answer;
      expect(res.status).toBe(200);
      expect(res.headers.get('connection')).toBe('close');
      await expect(res.json()).resolves.toEqual({ reviews: 0, unread: 0 });
    }
    expect(errors).not.toHaveBeenCalled();
  });

  it('reads nothing more for a page that went away, once the read models close', async () => {
    const page = new AbortController();
    const answer = waitingBadge(page.signal).catch((e: unknown) => e);
    await connections(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    page.abort(); // the tab is closed
    await expect(answer).resolves.toMatchObject({ name: 'AbortError' });

    await close();
    // Past the wait's next look (every 200 ms): it would have read the closed database.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(errors).not.toHaveBeenCalled();
  });
});
