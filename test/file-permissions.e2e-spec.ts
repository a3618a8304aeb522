import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type ApiHarness } from './api-harness';
import { multipart, pdf } from './fixtures/evidence-files';

/** Every path under a directory with its permission bits. */
function modesUnder(root: string): { path: string; kind: 'dir' | 'file'; mode: number }[] {
  const out: { path: string; kind: 'dir' | 'file'; mode: number }[] = [
    { path: root, kind: 'dir', mode: lstatSync(root).mode & 0o777 },
  ];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...modesUnder(path));
    else out.push({ path, kind: 'file', mode: lstatSync(path).mode & 0o777 });
  }
  return out;
}

describe('file permissions under DATA_DIR', () => {
  let parent: string;
  let dataDir: string;
  let api: ApiHarness;

  beforeAll(async () => {
    // This process keeps the usual umask (022): the modes must not depend on it.
    expect(process.umask() & 0o077).not.toBe(0o077);
    parent = mkdtempSync(join(tmpdir(), 'sg-perm-'));
    dataDir = join(parent, 'data');
    api = await startApi({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await api.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('creates the data directory 0700 and every file in it (SQLite with -wal/-shm, evidence) 0600', async () => {
    const { userId, client } = await api.createUser('perm.owner');
    const taskId = await api.defineTask(await api.createPlan(), userId);
    const { body, contentType } = multipart([{ field: 'file', filename: '报告.pdf', content: pdf() }]);
    const uploaded = await client
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Content-Type', contentType)
      .set('Idempotency-Key', 'perm-upload-1')
      .send(body);
    expect(uploaded.status).toBe(201);

    const entries = modesUnder(dataDir);
    const names = entries.map((e) => e.path.slice(dataDir.length + 1));
    // What a user's data lives in: the log, the views, credentials and sessions, stored answers, files.
    for (const expected of [
      'events.sqlite',
      'events.sqlite-wal',
      'events.sqlite-shm',
      'read-models.sqlite',
      'auth.sqlite',
      'auth.sqlite-wal',
      'idempotency.sqlite',
      'idempotency.sqlite-wal',
    ])
      expect(names).toContain(expected);
    expect(entries.some((e) => e.path.includes(`${join(dataDir, 'evidence')}/`) && e.kind === 'file')).toBe(
      true,
    );

    const open = entries.filter((e) => e.mode !== (e.kind === 'dir' ? 0o700 : 0o600));
    expect(open.map((e) => `${e.path} ${e.mode.toString(8)}`)).toEqual([]);
  });
});
