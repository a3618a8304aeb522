import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { ContentStore } from '../libs/evidence/src';
import { join } from 'node:path';
import { startApi, type ApiHarness, type Client } from './api-harness';
import { EICAR, jpeg, multipart, ole, ooxml, pdf, png, renameEntry, zip } from './fixtures/evidence-files';

const LIMIT = 1_000_000;

interface Case {
  name: string;
  build: () => Promise<{ body: Buffer; contentType: string }> | { body: Buffer; contentType: string };
  status: number;
  code?: string;
}

const file = (filename: string, content: Buffer, encodedName = false) =>
  multipart([{ field: 'file', filename, content, encodedName }]);

describe('evidence uploads (佐证材料)', () => {
  let api: ApiHarness;
  let store: EventStore;
  let files: ContentStore;
  let owner: Client;
  let other: Client;
  let taskId: string;

  beforeAll(async () => {
    api = await startApi({ EVIDENCE_MAX_BYTES: String(LIMIT), EVIDENCE_SCANNER: 'eicar' });
    store = api.app.get(EVENT_STORE);
    files = new ContentStore(join(api.dataDir, 'evidence'));
    const created = await api.createUser('upload.owner');
    owner = created.client;
    other = (await api.createUser('other.owner')).client;
    taskId = await api.defineTask(await api.createPlan(), created.userId);
  });
  afterAll(() => api.close());

  const send = (client: Client, request: { body: Buffer; contentType: string }) =>
    client.post(`/api/tasks/${taskId}/evidence`).set('Content-Type', request.contentType).send(request.body);

  const BAD: Case[] = [
    {
      name: 'an executable renamed .pdf',
      build: () =>
        file('年度报告.pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03', 'latin1'), Buffer.alloc(200)])),
      status: 415,
      code: 'unsupported-type',
    },
    {
      name: 'an ELF binary renamed .pdf',
      build: () => file('a.pdf', Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.alloc(100)])),
      status: 415,
    },
    {
      name: 'a Mach-O binary renamed .pdf',
      build: () => file('a.pdf', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1])),
      status: 415,
    },
    {
      name: 'a Java class renamed .pdf',
      build: () => file('a.pdf', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52])),
      status: 415,
    },
    {
      name: 'a shell script renamed .docx',
      build: () => file('a.docx', Buffer.from('#!/bin/sh\nrm -rf /\n')),
      status: 415,
    },
    {
      name: 'a PHP script renamed .jpg',
      build: () => file('a.jpg', Buffer.from('<?php system($_GET["c"]); ?>')),
      status: 415,
    },
    {
      name: 'an HTML page renamed .pdf',
      build: () => file('a.pdf', Buffer.from('<html><script>alert(1)</script></html>')),
      status: 415,
    },
    {
      name: 'an SVG with script',
      build: () =>
        file(
          '图.svg',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ),
      status: 415,
    },
    {
      name: 'an SVG with script renamed .png',
      build: () => file('图.png', Buffer.from('<svg onload="alert(1)"></svg>')),
      status: 415,
    },
    { name: 'an empty file', build: () => file('空.pdf', Buffer.alloc(0)), status: 422, code: 'empty-file' },
    {
      name: 'one byte over the limit',
      build: () => file('大.pdf', pad(pdf(), LIMIT + 1)),
      status: 413,
      code: 'file-too-large',
    },
    {
      name: 'a DOCX zip bomb',
      build: async () =>
        file(
          '炸弹.docx',
          await ooxml('word/document.xml', [
            { name: 'word/media/zeros.bin', content: Buffer.alloc(20 * 1024 * 1024) },
          ]),
        ),
      status: 422,
      code: 'zip-bomb',
    },
    {
      name: 'a DOCX with a ../ entry',
      build: async () =>
        file(
          'a.docx',
          renameEntry(
            await ooxml('word/document.xml', [{ name: 'xx/evil.sh', content: 'x' }]),
            'xx/evil.sh',
            '../evil.sh',
          ),
        ),
      status: 422,
    },
    {
      name: 'a DOCX with an absolute entry path',
      build: async () =>
        file(
          'a.docx',
          renameEntry(
            await ooxml('word/document.xml', [{ name: 'etc/passwdx', content: 'x' }]),
            'etc/passwdx',
            '/etc/passwd',
          ),
        ),
      status: 422,
    },
    {
      name: 'a DOCX with a backslash entry path',
      build: async () =>
        file(
          'a.docx',
          renameEntry(
            await ooxml('word/document.xml', [{ name: 'xx/evil.txt', content: 'x' }]),
            'xx/evil.txt',
            '..\\evil.txt',
          ),
        ),
      status: 422,
    },
    { name: 'x.pdf.exe', build: () => file('x.pdf.exe', pdf()), status: 415, code: 'extension-mismatch' },
    {
      name: 'a name with a NUL',
      build: () => file('report\u0000.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with an RTL override',
      build: () => file('invoice\u202efdp.exe', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with an LRO',
      build: () => file('a\u202d.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with an RLI isolate',
      build: () => file('a\u2067b.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with a newline',
      build: () => file('a\nb.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name with a tab',
      build: () => file('a\tb.pdf', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name of two dots',
      build: () => file('..', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name that is only a path',
      build: () => file('../../', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    { name: 'a device name', build: () => file('CON.pdf', pdf()), status: 422, code: 'unsafe-file-name' },
    {
      name: 'a name of 300 characters',
      build: () => file(`${'长'.repeat(300)}.pdf`, pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a name without an extension',
      build: () => file('报告', pdf(), true),
      status: 422,
      code: 'unsafe-file-name',
    },
    {
      name: 'a PDF+ZIP polyglot',
      build: async () =>
        file(
          'a.pdf',
          pdf(
            `1 0 obj << >> stream\n${(await zip([{ name: 'a.txt', content: 'x' }])).toString('latin1')}\nendstream`,
          ),
        ),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'a JPEG+ZIP polyglot',
      build: async () => file('a.jpg', jpeg(await zip([{ name: 'a.txt', content: 'x' }]))),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'a PNG with a ZIP inside',
      build: async () => file('a.png', png(await zip([{ name: 'a.txt', content: 'x' }]))),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'a PNG with data after its end',
      build: () => file('a.png', Buffer.concat([png(), Buffer.from('<script>')])),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a JPEG with HTML inside',
      build: () => file('a.jpg', jpeg(Buffer.from('<html><script>alert(1)</script>'))),
      status: 422,
      code: 'polyglot-file',
    },
    {
      name: 'EICAR inside a PDF',
      build: () => file('a.pdf', pdf(`% ${EICAR}`)),
      status: 422,
      code: 'infected-file',
    },
    {
      name: 'EICAR inside a DOCX part',
      build: async () =>
        file('a.docx', await ooxml('word/document.xml', [{ name: 'word/media/eicar.txt', content: EICAR }])),
      status: 422,
      code: 'infected-file',
    },
    {
      name: 'the EICAR file itself renamed .pdf',
      build: () => file('eicar.pdf', Buffer.from(EICAR)),
      status: 415,
    },
    {
      name: 'a PDF with JavaScript',
      build: () =>
        file('a.pdf', pdf('1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF that launches a program',
      build: () => file('a.pdf', pdf('1 0 obj << /S /Launch /F (cmd.exe) >> endobj')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a PDF with an embedded file',
      build: () => file('a.pdf', pdf('1 0 obj << /Type /EmbeddedFile >> endobj')),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'a truncated PDF',
      build: () => file('a.pdf', Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n')),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a truncated PNG',
      build: () => file('a.png', png().subarray(0, 30)),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a truncated JPEG',
      build: () => file('a.jpg', jpeg().subarray(0, 40)),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'a GIF renamed .png',
      build: () => file('a.png', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')),
      status: 415,
    },
    {
      name: 'a BMP renamed .png',
      build: () => file('a.png', Buffer.from('BM\x00\x00\x00\x00', 'latin1')),
      status: 415,
    },
    {
      name: 'a WebP renamed .jpg',
      build: () => file('a.jpg', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')),
      status: 415,
    },
    {
      name: 'a TIFF renamed .jpg',
      build: () => file('a.jpg', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])),
      status: 415,
    },
    {
      name: 'a RAR renamed .docx',
      build: () => file('a.docx', Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1')),
      status: 415,
    },
    {
      name: 'a 7z renamed .xlsx',
      build: () => file('a.xlsx', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4])),
      status: 415,
    },
    {
      name: 'a gzip renamed .pdf',
      build: () => file('a.pdf', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])),
      status: 415,
    },
    {
      name: 'a plain ZIP renamed .docx',
      build: async () => file('a.docx', await zip([{ name: 'readme.txt', content: 'x' }])),
      status: 415,
      code: 'not-office-document',
    },
    {
      name: 'an Office package without its main part',
      build: async () => file('a.docx', await zip([{ name: '[Content_Types].xml', content: '<Types/>' }])),
      status: 415,
      code: 'not-office-document',
    },
    {
      name: 'an XLSX renamed .docx',
      build: async () => file('a.docx', await ooxml('xl/workbook.xml')),
      status: 415,
      code: 'extension-mismatch',
    },
    {
      name: 'a DOCX with macros',
      build: async () =>
        file('a.docx', await ooxml('word/document.xml', [{ name: 'word/vbaProject.bin', content: 'VBA' }])),
      status: 422,
      code: 'active-content',
    },
    {
      name: 'an OLE file that is not Office (an installer)',
      build: () => file('setup.doc', ole('SummaryInformation')),
      status: 415,
    },
    {
      name: 'a DOC renamed .xls',
      build: () => file('a.xls', ole('WordDocument')),
      status: 415,
      code: 'extension-mismatch',
    },
    {
      name: 'a package of 6,000 parts',
      build: async () =>
        file(
          'a.docx',
          await ooxml(
            'word/document.xml',
            Array.from({ length: 6000 }, (_, i) => ({ name: `p/${i}.xml`, content: 'x', compress: false })),
          ),
        ),
      status: 422,
      code: 'zip-bomb',
    },
    {
      name: 'a corrupt ZIP',
      build: () => file('a.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100, 0xee)])),
      status: 422,
      code: 'damaged-file',
    },
    {
      name: 'two files in one request',
      build: () =>
        multipart([
          { field: 'file', filename: 'a.pdf', content: pdf() },
          { field: 'file', filename: 'b.pdf', content: pdf('2') },
        ]),
      status: 422,
      code: 'bad-multipart',
    },
    {
      name: 'the file in the wrong field',
      build: () => multipart([{ field: 'upload', filename: 'a.pdf', content: pdf() }]),
      status: 422,
    },
    {
      name: 'no file at all',
      build: () => multipart([{ field: 'note', content: Buffer.from('说明') }]),
      status: 422,
    },
    {
      name: 'a JSON body instead of a file',
      build: () => ({ body: Buffer.from('{"file":"JVBERi0="}'), contentType: 'application/json' }),
      status: 415,
      code: 'not-multipart',
    },
  ];

  it('has a corpus of at least 50 bad uploads', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(50);
  });

  it.each(BAD.map((c) => [c.name, c] as const))(
    'refuses %s with Problem Details, storing and writing nothing',
    async (_, c) => {
      const before = { head: await store.headPosition(), files: files.listAll() };
      const res = await send(owner, await c.build());
      expect(res.status).toBe(c.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (c.code) expect(res.body.code).toBe(c.code);
      expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
      expect(await store.headPosition()).toBe(before.head);
      expect(files.listAll()).toEqual(before.files);
    },
    30_000,
  );

  it.each([
    ['PDF', () => file('建设成果.pdf', pdf())],
    ['PNG', () => file('截图.png', png())],
    ['JPEG', () => file('照片.jpeg', jpeg())],
    ['DOCX', async () => file('总结.docx', await ooxml('word/document.xml'))],
    ['XLSX', async () => file('台账.xlsx', await ooxml('xl/workbook.xml'))],
    ['PPTX', async () => file('汇报.pptx', await ooxml('ppt/presentation.xml'))],
    ['DOC', () => file('旧文档.doc', ole('WordDocument'))],
    ['XLS', () => file('旧表格.xls', ole('Workbook'))],
    ['PPT', () => file('旧演示.ppt', ole('PowerPoint Document'))],
    ['a file exactly at the limit', () => file('刚好.pdf', pad(pdf(), LIMIT))],
    ['a path the browser sent whole', () => file('C:\\Users\\张老师\\Desktop\\证书.pdf', pdf('3'), true)],
  ] as const)('accepts %s', async (_, build) => {
    const res = await send(owner, await build()).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(files.has(res.body.sha256)).toBe(true);
    expect(res.body.name).not.toContain('\\');
  });

  it('stores identical content once, and serves it only to those who may see the task', async () => {
    const content = pdf('4 0 obj << /Title (同一份证书) >> endobj');
    const first = (await send(owner, file('证书.pdf', content)).expect(201)).body;
    const count = files.listAll().length;
    const second = (await send(owner, file('证书副本.pdf', content)).expect(201)).body;
    expect(second.sha256).toBe(first.sha256);
    expect(second.id).not.toBe(first.id);
    expect(files.listAll()).toHaveLength(count);

    const download = await owner.get(`/api/evidence/${first.id}`).buffer(true).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('证书.pdf'));
    await other.get(`/api/evidence/${first.id}`).expect(403);
    await api.anonymous.get(`/api/evidence/${first.id}`).expect(401);
    await other
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Content-Type', file('a.pdf', pdf()).contentType)
      .send(file('a.pdf', pdf()).body)
      .expect(403);
  });

  it('lists every file in the 佐证材料目录清单, and exports it', async () => {
    const planId = (await api.admin.get(`/api/tasks/${taskId}`).expect(200)).body.planId as string;
    const catalogue = (await api.admin.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(200))
      .body;
    expect(catalogue.length).toBeGreaterThanOrEqual(11);
    expect(catalogue[0]).toMatchObject({ level: '学校层面', projectCode: '1', taskTitle: '任务' });
    expect(catalogue.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['建设成果.pdf', '证书.pdf']),
    );
    const none = (
      await api.admin
        .get(`/api/plans/${planId}/exports/evidence-catalogue`)
        .query({ taskId: 'other' })
        .expect(200)
    ).body;
    expect(none).toEqual([]);
    const xlsx = await api.admin
      .get(`/api/plans/${planId}/exports/evidence-catalogue.xlsx`)
      .buffer(true)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await owner.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(403);
  });
});

function pad(content: Buffer, size: number): Buffer {
  // Padding goes before the trailer, inside a comment, so the PDF stays whole.
  const eof = content.lastIndexOf('%%EOF');
  const filler = Buffer.alloc(size - content.length, 0x20);
  filler[0] = 0x25;
  return Buffer.concat([content.subarray(0, eof), filler, content.subarray(eof)]);
}
