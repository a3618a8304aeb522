import { DEFAULT_IMPORT_LIMITS, IMPORT_CONCURRENCY } from '@sg/imports';
import { expandingXlsx, lastRowXlsx } from '@sg/testing';
import { apiSuite } from './api-harness';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;

/**
 * The API runs in this process: its RSS is sampled while hostile imports are answered. The
 * extraction's worker heap is capped at maxHeapMb, so growth must stay below that bound.
 */
describe('an import cannot take the API down (issue 12)', () => {
  const api = apiSuite();

  const upload = (file: Buffer) => api.admin.post('/api/plan-imports').set('Content-Type', XLSX).send(file);

  async function sampled<T>(work: () => Promise<T>) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = Date.now();
    try {
      const result = await work();
      return { result, millis: Date.now() - started, growthMb: (peak - before) / MB };
    } finally {
      clearInterval(timer);
    }
  }

  it('refuses the few-KB sheet with a cell in row 1,048,576 quickly, naming the row limit, writing nothing', async () => {
    const file = await lastRowXlsx();
    const head = await api.store.headPosition();
    const { result: res, millis, growthMb } = await sampled(() => upload(file));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'import-too-many-rows',
      detail: `表格超过 ${DEFAULT_IMPORT_LIMITS.maxRows} 行，未导入。`,
      details: { limit: { name: 'maxRows', value: DEFAULT_IMPORT_LIMITS.maxRows } },
    });
    expect(millis).toBeLessThan(5_000);
    expect(growthMb).toBeLessThan(150);
    expect(await api.store.headPosition()).toBe(head);
  });

  it('refuses the 1 MB sheet that expands to 1 GB, with the API answering other requests meanwhile', async () => {
    const file = await expandingXlsx(1024 * MB);
    const head = await api.store.headPosition();
    const { result, millis, growthMb } = await sampled(async () => {
      const pending = upload(file);
      // The request thread stays free while the worker reads.
      const health = await api.admin.get('/api/health');
      return { res: await pending, health };
    });
    expect(result.health.status).toBeLessThan(500);
    expect(result.res.status).toBe(422);
    expect(result.res.body.code).toBe('import-expands-too-much');
    expect(result.res.body.detail).toBe('文件解压后超过 64 MB，未导入。');
    expect(millis).toBeLessThan(10_000);
    expect(growthMb).toBeLessThan(DEFAULT_IMPORT_LIMITS.maxHeapMb);
    expect(await api.store.headPosition()).toBe(head);
  });

  it('answers 503 with Retry-After beyond the queue of parallel imports; memory stays bounded', async () => {
    const file = await expandingXlsx(1024 * MB);
    const parallel = IMPORT_CONCURRENCY.running + IMPORT_CONCURRENCY.waiting + 2;
    const { result, growthMb } = await sampled(() =>
      Promise.all(Array.from({ length: parallel }, () => upload(file))),
    );
    // Each extraction here takes about a second, so the requests beyond the queue arrive while it is full.
    expect(result.every((r) => r.status === 422 || r.status === 503)).toBe(true);
    const busy = result.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeLessThanOrEqual(2);
    expect(
      result.filter((r) => r.status === 422).every((r) => r.body.code === 'import-expands-too-much'),
    ).toBe(true);
    expect(busy[0].body.code).toBe('import-busy');
    expect(busy[0].headers['retry-after']).toBe('5');
    // At most IMPORT_CONCURRENCY.running workers at once, each capped.
    expect(growthMb).toBeLessThan(IMPORT_CONCURRENCY.running * DEFAULT_IMPORT_LIMITS.maxHeapMb);
  });

  it('keeps memory flat across sequential hostile imports: what a refused import took is given back', async () => {
    const files = [await expandingXlsx(1024 * MB), await lastRowXlsx()];
    for (const file of files) await upload(file).expect(422);
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) await upload(files[i % 2]).expect(422);
    global.gc?.();
    const growthMb = (process.memoryUsage().rss - before) / MB;
    expect(growthMb).toBeLessThan(64);
  });
});
