import { deflateSync } from 'node:zlib';
import request from 'supertest';
import { USER_PASSWORD } from './api-harness';
import { startApiProcess, type ApiProcess } from './fixtures/api-process';
import { compressible, officePackage, pdfStream, pdfWith } from './fixtures/evidence-bypasses';
import { multipart } from './fixtures/evidence-files';

const MB = 1024 * 1024;

/**
 * Issue 12: six parallel 1.1 MB DOCX uploads added 1.2 GB to the API, fourteen crashed it.
 * The API runs here as its own process (built by `npx nest build api`), so the RSS measured is
 * the API's alone. Bounds (ADR 0012): growth of the peak over the warmed-up baseline below
 * 250 MB during 100 sequential and 10 parallel amplifying uploads, and below 120 MB once they
 * are done.
 */
const PEAK_GROWTH = 250 * MB;
const FINAL_GROWTH = 120 * MB;

describe('the API process under amplifying uploads', () => {
  let api: ApiProcess;
  let token: string;
  let taskId: string;

  beforeAll(async () => {
    api = await startApiProcess({ name: 'memory' });
    const { post } = api;
    const userId = await post('/api/users', {
      username: 'memory.owner',
      displayName: '内存',
      password: USER_PASSWORD,
      roles: [],
    });
    const planId = await post('/api/plans', { name: '方案', school: '学院', startYear: 2019, endYear: 2023 });
    const levelId = await post(`/api/plans/${planId}/levels`, {
      name: '学校层面',
      kind: 'school',
      weight: '0.3',
    });
    const projectId = await post(`/api/plans/${planId}/projects`, { levelId, code: '1', name: '项目' });
    taskId = await post(`/api/plans/${planId}/tasks`, {
      projectId,
      title: '任务',
      ownerId: userId,
      dueDate: '2023-12-31',
    });
    token = await api.signIn('memory.owner', USER_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('keeps its memory flat across 100 sequential and 10 parallel amplifying uploads', async () => {
    // A 1.7 MB DOCX whose parts (each under the ratio limit) expand to 140 MB, and a PDF whose
    // object stream inflates to 130 MB: both refused once the budget is spent.
    const docx = multipart([
      {
        field: 'file',
        filename: '放大.docx',
        content: await officePackage('docx', {
          parts: Array.from({ length: 14 }, (_, i) => ({
            name: `word/media/p${i}.bin`,
            content: compressible(10 * MB),
          })),
        }),
      },
    ]);
    const pdf = multipart([
      {
        field: 'file',
        filename: '放大.pdf',
        content: pdfWith('', [
          pdfStream(
            '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode',
            deflateSync(Buffer.alloc(130 * MB), { level: 9 }),
          ),
        ]),
      },
    ]);
    expect(docx.body.length).toBeLessThan(2 * MB);
    const upload = (payload: { body: Buffer; contentType: string }) =>
      request(api.url)
        .post(`/api/tasks/${taskId}/evidence`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', payload.contentType)
        .send(payload.body);

    for (let i = 0; i < 4; i++) await upload(i % 2 ? pdf : docx).expect(422);
    const baseline = api.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, api.rss())), 50);
    try {
      for (let i = 0; i < 100; i++) {
        const res = await upload(i % 4 === 3 ? pdf : docx);
        expect([res.status, res.body.code]).toEqual([422, 'zip-bomb']);
      }
      const parallel = await Promise.all(Array.from({ length: 10 }, (_, i) => upload(i % 2 ? pdf : docx)));
      for (const res of parallel) expect([res.status, res.body.code]).toEqual([422, 'zip-bomb']);
    } finally {
      clearInterval(sampler);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const final = api.rss();
    process.stdout.write(
      `API RSS: baseline ${(baseline / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB, final ${(final / MB).toFixed(0)} MB\n`,
    );
    expect(peak - baseline).toBeLessThan(PEAK_GROWTH);
    expect(final - baseline).toBeLessThan(FINAL_GROWTH);
    expect(api.child.exitCode).toBeNull();
  }, 600_000);
});
