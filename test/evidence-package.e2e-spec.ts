import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { binary, stage, startApi, type ApiHarness, type Client } from './api-harness';
import { multipart, pdf } from './fixtures/evidence-files';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every entry of a zip, by path, in the order they are stored. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

interface Manifest {
  cutoff: string | null;
  evidenceFiles: number;
  files: { path: string; size: number; sha256: string }[];
}

/** Issue 16, part 4: the evidence package of a period, as of report dates. */
describe('the evidence package', () => {
  let api: ApiHarness;
  let owner: { userId: string; client: Client };
  let office: { userId: string; client: Client };
  let planId: string;
  let firstTask: string;
  let secondTask: string;
  const uploaded = new Map<string, Buffer>();
  let betweenApprovals: string;

  const upload = async (taskId: string, name: string, body: string) => {
    const content = pdf(body);
    const form = multipart([{ field: 'file', filename: name, content }]);
    const id = (
      await owner.client
        .post(`/api/tasks/${taskId}/evidence`)
        .set('Content-Type', form.contentType)
        .send(form.body)
        .expect(201)
    ).body.id as string;
    uploaded.set(id, content);
    return id;
  };
  const submitAndApprove = async (taskId: string, effectiveDate: string, evidenceIds: string[]) => {
    const id = (
      await owner.client
        .post(`/api/tasks/${taskId}/submissions`)
        .send({ completion: '0.5', effectiveDate, narrative: '按计划推进', evidenceIds })
        .expect(201)
    ).body.id as string;
    await office.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);
  };
  const download = (client: Client, query: Record<string, string>) =>
    client.get(`/api/plans/${planId}/exports/evidence-package.zip`).query(query).buffer(true).parse(binary);

  beforeAll(async () => {
    api = await startApi();
    owner = await api.createUser('teacher.package');
    let projectId: string;
    // A project and task whose names hold characters a Windows path cannot.
    ({ planId, projectId } = await api.createPlan({ code: '1-1', name: '课程/教材 改革' }));
    office = await api.createUser('office.package', [{ role: 'office', scope: `plan:${planId}` }]);
    firstTask = await api.defineTask({ planId, projectId }, owner.userId, { title: '思政:示范课?' });
    secondTask = await api.defineTask({ planId, projectId }, owner.userId, { title: '教材建设' });
    await api.configureChain(
      planId,
      [stage('项目办审核', 'any', { users: [office.userId] })],
      'plan',
      '一级审核',
    );

    const certificate = await upload(firstTask, '证书.pdf', '1 0 obj << /Title (A) >> endobj');
    const sameName = await upload(firstTask, '证书.pdf', '1 0 obj << /Title (B) >> endobj');
    await submitAndApprove(firstTask, '2021-06-30', [certificate, sameName]);
    betweenApprovals = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = await upload(secondTask, '教材.pdf', '1 0 obj << /Title (C) >> endobj');
    await submitAndApprove(secondTask, '2022-06-30', [later]);
    // Uploaded, never approved: in no package.
    await upload(secondTask, '草稿.pdf', '1 0 obj << /Title (D) >> endobj');
  });
  afterAll(() => api.close());

  it('holds the approved files under 项目 / 任务 with their names, the catalogue and a manifest of hashes', async () => {
    const res = await download(office.client, { cutoff: '2021-12-31' }).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    const entries = await unzip(res.body);
    const folder = '1-1 课程_教材 改革/思政_示范课_';
    expect([...entries.keys()]).toEqual([
      'manifest.json',
      'SHA256SUMS.txt',
      '佐证材料目录.xlsx',
      `${folder}/证书.pdf`,
      `${folder}/证书 (2).pdf`,
    ]);
    // The files are the bytes uploaded, in upload order.
    const [a, b] = [...uploaded.values()];
    expect(entries.get(`${folder}/证书.pdf`)).toEqual(a);
    expect(entries.get(`${folder}/证书 (2).pdf`)).toEqual(b);

    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as Manifest;
    expect(manifest).toMatchObject({ cutoff: '2021-12-31', evidenceFiles: 2 });
    expect(manifest.files.map((f) => f.path)).toEqual([
      '佐证材料目录.xlsx',
      `${folder}/证书.pdf`,
      `${folder}/证书 (2).pdf`,
    ]);
    for (const file of manifest.files) {
      expect(file.sha256).toBe(sha256(entries.get(file.path)!));
      expect(file.size).toBe(entries.get(file.path)!.length);
    }
    expect(manifest.files[1].sha256).toBe(sha256(a));
    expect(entries.get('SHA256SUMS.txt')!.toString()).toContain(`${sha256(b)}  ${folder}/证书 (2).pdf\n`);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(entries.get('佐证材料目录.xlsx')! as unknown as ArrayBuffer);
    const names: string[] = [];
    book.worksheets[0].eachRow((row) => names.push(row.getCell(5).text));
    expect(names.filter((n) => n === '证书.pdf')).toHaveLength(2);
    expect(names).not.toContain('教材.pdf');
  });

  it('leaves out what was approved for a later date, or after the knowledge time, and what was never approved', async () => {
    const later = await unzip((await download(office.client, { cutoff: '2022-12-31' }).expect(200)).body);
    expect([...later.keys()]).toContain('1-1 课程_教材 改革/教材建设/教材.pdf');
    expect([...later.keys()].some((path) => path.endsWith('草稿.pdf'))).toBe(false);

    const known = await unzip(
      (await download(office.client, { cutoff: '2022-12-31', knownAt: betweenApprovals }).expect(200)).body,
    );
    expect([...known.keys()].some((path) => path.endsWith('教材.pdf'))).toBe(false);
    expect([...known.keys()]).toHaveLength(5);
  });

  it('is the same bytes every time, and resumes from a byte with Range', async () => {
    const first = await download(office.client, { cutoff: '2022-12-31' }).expect(200);
    // Zip and Office dates have a 2-second grain: a package stamped with the time would differ now.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const second = await download(office.client, { cutoff: '2022-12-31' }).expect(200);
    expect(sha256(second.body)).toBe(sha256(first.body));
    expect(second.headers.etag).toBe(first.headers.etag);

    const rest = await download(office.client, { cutoff: '2022-12-31' })
      .set('Range', 'bytes=1000-')
      .set('If-Range', first.headers.etag)
      .expect(206);
    expect(rest.headers['content-range']).toBe(`bytes 1000-${first.body.length - 1}/${first.body.length}`);
    expect(Buffer.concat([first.body.subarray(0, 1000), rest.body])).toEqual(first.body);
    // Another version of the package: answered whole, never spliced.
    await download(office.client, { cutoff: '2022-12-31' })
      .set('Range', 'bytes=1000-')
      .set('If-Range', '"another"')
      .expect(200);
    await download(office.client, { cutoff: '2022-12-31' })
      .set('Range', `bytes=${first.body.length}-`)
      .expect(416);
  });

  it('is refused to a task owner, recording nothing; the audit trail shows who downloaded which package', async () => {
    await api.settled();
    const before = (
      await api.admin.get('/api/audit').query({ type: 'EvidencePackageDownloaded' }).expect(200)
    ).body.items as { actor: { userId: string }; summary: string }[];
    const refused = await download(owner.client, { cutoff: '2021-12-31' }).expect(403);
    expect(JSON.parse(refused.body.toString()).title).toMatch(/[\u4e00-\u9fff]/);
    await download(office.client, { cutoff: '2021-12-31', unknown: 'x' }).expect(400);
    await api.settled();
    const after = (await api.admin.get('/api/audit').query({ type: 'EvidencePackageDownloaded' }).expect(200))
      .body.items as { actor: { userId: string; name: string }; summary: string }[];
    expect(after).toHaveLength(before.length);
    expect(after.every((e) => e.actor.userId === office.userId)).toBe(true);
    expect(after.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^下载佐证材料包（截至 2021-12-31）：材料 2 份/),
        expect.stringMatching(/^下载佐证材料包（截至 2022-12-31）：材料 3 份.*（从第 1000 字节续传）$/),
      ]),
    );
    const planTrail = (
      await api.admin
        .get('/api/audit')
        .query({ entity: `plan:${planId}` })
        .expect(200)
    ).body.items as { type: string }[];
    expect(planTrail.map((e) => e.type)).toContain('EvidencePackageDownloaded');
  });
});
