import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentStore } from '../libs/evidence/src';
import { startApi, type ApiHarness, type Client } from './api-harness';
import { EICAR, multipart, ooxml, pdf } from './fixtures/evidence-files';

/** Debian's clamav-daemon puts clamd here; CI installs it (.ci/run). */
const CLAMD = ['/usr/sbin/clamd', '/usr/local/sbin/clamd', '/usr/bin/clamd'].find((path) => existsSync(path));
const PATTERN = 'SG-CLAMD-TEST-PATTERN-5e1b';

if (!CLAMD) {
  process.stderr.write(
    "\n[clamd-scanner.e2e-spec] SKIPPED: clamd is not installed. Install Debian's clamav-daemon " +
      '(apt-get install -y clamav-daemon; .ci/run does) to test the ClamAV integration.\n\n',
  );
}

const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');

/**
 * A real clamd on a private unix socket, with a signature database generated here: the public
 * database cannot be downloaded on these machines, and two signatures are all the test needs.
 */
async function startClamd(dir: string): Promise<{ socket: string; stop: () => Promise<void> }> {
  const db = join(dir, 'db');
  mkdirSync(db);
  writeFileSync(
    join(db, 'sg-test.ndb'),
    `Sg.Test.Eicar:0:*:${hex(EICAR)}\nSg.Test.Pattern:0:*:${hex(PATTERN)}\n`,
  );
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      `DatabaseDirectory ${db}`,
      `LocalSocket ${socket}`,
      'LocalSocketMode 600',
      'Foreground yes',
      `LogFile ${join(dir, 'clamd.log')}`,
      `TemporaryDirectory ${dir}`,
      'StreamMaxLength 4M',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD!, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 30_000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}: ${errors}`);
    if (Date.now() > deadline) throw new Error(`clamd did not open ${socket}: ${errors}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    socket,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

(CLAMD ? describe : describe.skip)('the ClamAV scanner (EVIDENCE_SCANNER=clamd, a real clamd)', () => {
  let dir: string;
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  let api: ApiHarness;
  let owner: Client;
  let taskId: string;
  let files: ContentStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-clamd-'));
    clamd = await startClamd(dir);
    api = await startApi({
      EVIDENCE_SCANNER: 'clamd',
      CLAMD_SOCKET: clamd.socket,
      CLAMD_TIMEOUT_MS: '1500',
      CLAMD_STREAM_MAX_BYTES: String(4 * 1024 * 1024),
      EVIDENCE_MAX_BYTES: String(1024 * 1024),
    });
    const created = await api.createUser('clamd.owner');
    owner = created.client;
    taskId = await api.defineTask(await api.createPlan(), created.userId);
    files = new ContentStore(join(api.dataDir, 'evidence'));
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await clamd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (name: string, content: Buffer) => {
    const { body, contentType } = multipart([{ field: 'file', filename: name, content }]);
    return owner.post(`/api/tasks/${taskId}/evidence`).set('Content-Type', contentType).send(body);
  };
  const evidenceCount = async () => (await owner.get(`/api/tasks/${taskId}/evidence`)).body.length as number;

  it('reports clamd up in /api/health', async () => {
    const res = await api.anonymous.get('/api/health');
    expect(res.body.scanner).toEqual({ kind: 'clamd', status: 'up' });
  });

  it('accepts a clean file', async () => {
    const res = await upload('年度报告.pdf', pdf('1 0 obj << /Type /Catalog >> endobj % clean'));
    expect(res.status).toBe(201);
    expect(await evidenceCount()).toBe(1);
  });

  it.each([
    ['EICAR inside a PDF', 'a.pdf', () => Promise.resolve(pdf(`% ${EICAR}`)), 'Sg.Test.Eicar'],
    ['the test pattern in a PDF', 'b.pdf', () => Promise.resolve(pdf(`% ${PATTERN}`)), 'Sg.Test.Pattern'],
    [
      'the test pattern in a compressed DOCX part',
      'c.docx',
      () => ooxml('word/document.xml', [{ name: 'word/media/notes.txt', content: `x ${PATTERN} y` }]),
      'Sg.Test.Pattern',
    ],
  ])('refuses %s with the threat clamd names, storing nothing', async (_, name, build, threat) => {
    const before = files.listAll().length;
    const res = await upload(name, await build());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'infected-file' });
    expect(res.body.detail).toContain('病毒检查');
    expect(res.body.detail).toContain(threat);
    expect(files.listAll()).toHaveLength(before);
    expect(await evidenceCount()).toBe(1);
  });

  it('refuses uploads (503) while clamd does not answer in time, storing nothing', async () => {
    await clamd.stop();
    // A listener that accepts and never answers: a hung daemon.
    const held: Socket[] = [];
    const hung: Server = createServer((socket) => {
      held.push(socket);
      socket.resume();
    });
    await new Promise<void>((done) => hung.listen(clamd.socket, done));
    try {
      const before = files.listAll().length;
      const started = Date.now();
      const res = await upload('d.pdf', pdf('1 0 obj << >> endobj % waits'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'scanner-unavailable' });
      expect(res.body.detail).toContain('病毒检查服务暂时不可用');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(files.listAll()).toHaveLength(before);
      expect(await evidenceCount()).toBe(1);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise<void>((done) => hung.close(() => done()));
    }
  });

  it('refuses uploads (503) while clamd is unreachable, storing nothing', async () => {
    rmSync(clamd.socket, { force: true });
    const before = files.listAll().length;
    const res = await upload('e.pdf', pdf('1 0 obj << >> endobj % unreachable'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'scanner-unavailable' });
    expect(files.listAll()).toHaveLength(before);
    expect(await evidenceCount()).toBe(1);
    // Uploads are refused, the rest of the service stays usable; health says why.
    const health = await api.anonymous.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.scanner).toMatchObject({ kind: 'clamd', status: 'down' });
    expect(health.body.scanner.error).toContain('clamd');
  });
});
