import { createHash } from 'node:crypto';
import { get } from 'node:http';
import request from 'supertest';
import { USER_PASSWORD } from './api-harness';
import { startApiProcess, type ApiProcess } from './fixtures/api-process';
import { multipart, png } from './fixtures/evidence-files';

const MB = 1024 * 1024;
/** The API's V8 heap limit here: the package is larger than the whole heap may ever be. */
const HEAP_MB = 160;
const FILES = 10;
const FILE_BYTES = 20 * MB;
/** Growth of the API's RSS over its baseline allowed while it sends the 200 MB package. */
const PEAK_GROWTH = 80 * MB;

/**
 * Issue 16, part 4: the evidence package streams. The API runs as its own process (built by
 * `npx nest build api`) with a V8 heap smaller than the package, and its RSS is sampled while
 * a client downloads 200 MB of evidence: it stays flat, and the answer starts long before the
 * last file could have been read.
 */
describe('the API process sending a 200 MB evidence package', () => {
  let api: ApiProcess;
  let officeToken: string;
  let planId: string;

  beforeAll(async () => {
    api = await startApiProcess({ name: 'package-memory', nodeArgs: [`--max-old-space-size=${HEAP_MB}`] });
    const { post } = api;
    const ownerId = await post('/api/users', {
      username: 'package.owner',
      displayName: '教师',
      password: USER_PASSWORD,
      roles: [],
    });
    planId = await post('/api/plans', { name: '方案', school: '学院', startYear: 2019, endYear: 2023 });
    const officeId = await post('/api/users', {
      username: 'package.office',
      displayName: '项目办',
      password: USER_PASSWORD,
      roles: [{ role: 'office', scope: `plan:${planId}` }],
    });
    const levelId = await post(`/api/plans/${planId}/levels`, {
      name: '学校层面',
      kind: 'school',
      weight: '0.3',
    });
    const projectId = await post(`/api/plans/${planId}/projects`, { levelId, code: '1', name: '项目' });
    const taskId = await post(`/api/plans/${planId}/tasks`, {
      projectId,
      title: '任务',
      ownerId,
      dueDate: '2023-12-31',
    });
    await post(`/api/plans/${planId}/approval-chains`, {
      scope: 'plan',
      stages: [{ name: '项目办审核', rule: { kind: 'any' }, reviewers: { roles: [], users: [officeId] } }],
      reason: '一级审核',
    });
    const ownerToken = await api.signIn('package.owner', USER_PASSWORD);
    officeToken = await api.signIn('package.office', USER_PASSWORD);
    const evidenceIds: string[] = [];
    for (let i = 0; i < FILES; i++) {
      // Distinct content per file (stored once per content otherwise).
      const content = png(Buffer.alloc(FILE_BYTES, i + 1));
      const form = multipart([{ field: 'file', filename: `图片${i}.png`, content }]);
      evidenceIds.push(
        (
          await request(api.url)
            .post(`/api/tasks/${taskId}/evidence`)
            .set('Authorization', `Bearer ${ownerToken}`)
            .set('Content-Type', form.contentType)
            .send(form.body)
            .expect(201)
        ).body.id as string,
      );
    }
    const submissionId = await post(
      `/api/tasks/${taskId}/submissions`,
      { completion: '0.5', effectiveDate: '2021-06-30', narrative: '推进', evidenceIds },
      ownerToken,
    );
    await post(`/api/submissions/${submissionId}/approve`, {}, officeToken);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('keeps its memory flat and starts answering before it has read the files', async () => {
    const path = `/api/plans/${planId}/exports/evidence-package.zip?cutoff=2021-12-31`;
    // Warm up the route's code paths with the first byte only.
    await request(api.url)
      .get(path)
      .set('Authorization', `Bearer ${officeToken}`)
      .set('Range', 'bytes=0-0')
      .expect(206);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = api.rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, api.rss())), 20);
    const started = Date.now();
    let firstByteAt = 0;
    let received = 0;
    let length = 0;
    const body = createHash('sha256');
    try {
      await new Promise<void>((resolve, reject) => {
        get(`${api.url}${path}`, { headers: { Authorization: `Bearer ${officeToken}` } }, (res) => {
          expect(res.statusCode).toBe(200);
          length = Number(res.headers['content-length']);
          res.on('data', (chunk: Buffer) => {
            if (received === 0) firstByteAt = Date.now();
            received += chunk.length;
            body.update(chunk);
          });
          res.on('end', resolve);
          res.on('error', reject);
        }).on('error', reject);
      });
    } finally {
      clearInterval(sampler);
    }
    const finished = Date.now();
    process.stdout.write(
      `API RSS: baseline ${(baseline / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB while sending ${(received / MB).toFixed(0)} MB; first byte after ${firstByteAt - started} ms of ${finished - started} ms\n`,
    );
    expect(received).toBe(length);
    expect(received).toBeGreaterThan(FILES * FILE_BYTES);
    expect(received).toBeGreaterThan(HEAP_MB * MB);
    expect(peak - baseline).toBeLessThan(PEAK_GROWTH);
    // The first byte left before a tenth of the time the whole answer took.
    expect(firstByteAt - started).toBeLessThan((finished - started) / 10);
    expect(api.child.exitCode).toBeNull();
    // A second download gives the same bytes.
    const again = createHash('sha256');
    await new Promise<void>((resolve, reject) => {
      get(`${api.url}${path}`, { headers: { Authorization: `Bearer ${officeToken}` } }, (res) => {
        res.on('data', (chunk: Buffer) => again.update(chunk));
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(again.digest('hex')).toBe(body.digest('hex'));
  }, 120_000);
});
