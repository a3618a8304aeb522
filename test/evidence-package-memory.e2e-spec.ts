import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ADMIN_PASSWORD, USER_PASSWORD } from './api-harness';
import { multipart, png } from './fixtures/evidence-files';

const main = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');
const MB = 1024 * 1024;
/** The API's V8 heap limit here: the package is larger than the whole heap may ever be. */
const HEAP_MB = 160;
const FILES = 10;
const FILE_BYTES = 20 * MB;
/** Growth of the API's RSS over its baseline allowed while it sends the 200 MB package. */
const PEAK_GROWTH = 80 * MB;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const rssOf = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
};

/**
 * Issue 16, part 4: the evidence package streams. The API runs as its own process (built by
 * `npx nest build api`) with a V8 heap smaller than the package, and its RSS is sampled while
 * a client downloads 200 MB of evidence: it stays flat, and the answer starts long before the
 * last file could have been read.
 */
describe('the API process sending a 200 MB evidence package', () => {
  let child: ChildProcessWithoutNullStreams;
  let dataDir: string;
  let url: string;
  let officeToken: string;
  let planId: string;

  beforeAll(async () => {
    if (!existsSync(main))
      throw new Error('dist/ is missing: run `npx nest build api` first (npm test builds it).');
    dataDir = mkdtempSync(join(tmpdir(), 'sg-package-memory-'));
    const port = await freePort();
    child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, main], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: process.env.TEST_REDIS_URL,
        ADMIN_PASSWORD,
        LOGIN_MAX_PER_ADDRESS: '1000',
      },
    });
    let output = '';
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on')) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`API exited with ${code}:\n${output}`)));
    });
    const login = async (username: string, password: string) =>
      (await request(url).post('/api/auth/login').send({ username, password }).expect(200)).body
        .token as string;
    const admin = await login('admin', ADMIN_PASSWORD);
    const post = async (path: string, body: object, token = admin) =>
      (await request(url).post(path).set('Authorization', `Bearer ${token}`).send(body).expect(201)).body
        .id as string;
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
    const ownerToken = await login('package.owner', USER_PASSWORD);
    officeToken = await login('package.office', USER_PASSWORD);
    const evidenceIds: string[] = [];
    for (let i = 0; i < FILES; i++) {
      // Distinct content per file (stored once per content otherwise).
      const content = png(Buffer.alloc(FILE_BYTES, i + 1));
      const form = multipart([{ field: 'file', filename: `图片${i}.png`, content }]);
      evidenceIds.push(
        (
          await request(url)
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
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its memory flat and starts answering before it has read the files', async () => {
    const path = `/api/plans/${planId}/exports/evidence-package.zip?cutoff=2021-12-31`;
    // Warm up the route's code paths with the first byte only.
    await request(url)
      .get(path)
      .set('Authorization', `Bearer ${officeToken}`)
      .set('Range', 'bytes=0-0')
      .expect(206);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = rssOf(child.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 20);
    const started = Date.now();
    let firstByteAt = 0;
    let received = 0;
    let length = 0;
    const body = createHash('sha256');
    try {
      await new Promise<void>((resolve, reject) => {
        get(`${url}${path}`, { headers: { Authorization: `Bearer ${officeToken}` } }, (res) => {
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
    expect(child.exitCode).toBeNull();
    // A second download gives the same bytes.
    const again = createHash('sha256');
    await new Promise<void>((resolve, reject) => {
      get(`${url}${path}`, { headers: { Authorization: `Bearer ${officeToken}` } }, (res) => {
        res.on('data', (chunk: Buffer) => again.update(chunk));
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(again.digest('hex')).toBe(body.digest('hex'));
  }, 120_000);
});
