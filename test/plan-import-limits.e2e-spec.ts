import { Logger } from '@nestjs/common';
import { DEFAULT_IMPORT_LIMITS, IMPORT_CONCURRENCY, importSlots } from '@sg/imports';
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
  afterEach(() => jest.restoreAllMocks());

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
    // Past the 64 MB limit, so each extraction still reads 64 MB (a few hundred ms), from a file of
    // about 128 KB: the uploads arrive well within one extraction.
    const file = await expandingXlsx(128 * MB);
    const { running, waiting } = IMPORT_CONCURRENCY;
    // The refusals are logged as what they are: a warning each, no server error.
    const errors = jest.spyOn(Logger.prototype, 'error');
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const { result, growthMb } = await sampled(async () => {
      // Sent (supertest sends on then), then waited for until every one holds a slot or a place in the queue.
      const admitted = Array.from({ length: running + waiting }, () => upload(file).then((res) => res));
      const deadline = Date.now() + 10_000;
      while (
        JSON.stringify(importSlots()) !== JSON.stringify({ running, waiting }) &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const full = importSlots();
      // No extraction has ended yet (the queue is exactly full): these two arrive before one does.
      const beyond = await Promise.all([upload(file), upload(file)]);
      return { full, admitted: await Promise.all(admitted), beyond };
    });
    expect(result.full).toEqual({ running, waiting });
    expect(result.beyond.map((r) => r.status)).toEqual([503, 503]);
    expect(result.beyond[0].body.code).toBe('import-busy');
    expect(result.beyond[0].body.detail).toBe('当前导入的文件较多，请稍后重试。');
    expect(result.beyond[0].headers['retry-after']).toBe('5');
    expect(errors).not.toHaveBeenCalled();
    expect(warnings.mock.calls.filter(([line]) => String(line).startsWith('import-busy: '))).toHaveLength(2);
    expect(result.admitted.map((r) => [r.status, r.body.code])).toEqual(
      Array.from({ length: running + waiting }, () => [422, 'import-expands-too-much']),
    );
    expect(importSlots()).toEqual({ running: 0, waiting: 0 });
    // At most IMPORT_CONCURRENCY.running workers at once, each capped.
    expect(growthMb).toBeLessThan(running * DEFAULT_IMPORT_LIMITS.maxHeapMb);
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
