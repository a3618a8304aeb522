import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ordinaryPdf,
  officePackage,
  oleStream,
  biff,
  boundSheet,
  realDocx,
  realPng,
  realPptx,
  realXlsx,
  rel,
} from './fixtures/evidence-bypasses';
import { file, LIMIT, pad } from './fixtures/evidence-corpus';
import { jpeg, ole, ooxml, pdf, png } from './fixtures/evidence-files';
import { evidenceSuite } from './fixtures/evidence-suite';

describe('evidence uploads (佐证材料): accepted files, storage and access', () => {
  const suite = evidenceSuite();
  const { send } = suite;

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
    [
      'a PDF as office suites write it (object streams, links, outline)',
      () => file('年度报告.pdf', ordinaryPdf()),
    ],
    [
      'a PDF whose title mentions /JavaScript in a string (not a name)',
      () =>
        file(
          '说明.pdf',
          pdf('4 0 obj << /Title (How to turn off /JavaScript and /Launch in readers) >> endobj'),
        ),
    ],
    ['a real PNG', () => file('截图2.png', realPng(320, 200))],
    [
      'a DOCX written by the docx library (table, picture, hyperlink)',
      async () => file('任务总结.docx', await realDocx()),
    ],
    [
      'an XLSX written by ExcelJS (formulas, hyperlink, picture)',
      async () => file('台账2.xlsx', await realXlsx()),
    ],
    ['a PPTX laid out as PowerPoint does', async () => file('汇报2.pptx', await realPptx())],
    [
      'a DOCX with an embedded XLSX chart workbook',
      async () =>
        file(
          '含图表.docx',
          await officePackage('docx', {
            types:
              '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>',
            mainRels: [rel('rId10', 'package', 'embeddings/Microsoft_Excel_Worksheet.xlsx')],
            parts: [
              {
                name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx',
                content: await officePackage('xlsx'),
              },
            ],
          }),
        ),
    ],
    [
      'a DOC with an embedded Excel 97 workbook',
      () =>
        file(
          '含表格.doc',
          ole('WordDocument', {
            'ObjectPool/_1/\u0001CompObj': 'x',
            'ObjectPool/_1/\u0001Ole': oleStream(false),
            'ObjectPool/_1/Workbook': biff(boundSheet(0)),
          }),
        ),
    ],
    ['a path the browser sent whole', () => file('C:\\Users\\张老师\\Desktop\\证书.pdf', pdf('3'), true)],
  ] as const)('accepts %s', async (_, build) => {
    const res = await send(suite.owner, await build()).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(suite.files.has(res.body.sha256)).toBe(true);
    expect(res.body.name).not.toContain('\\');
  });

  const REAL_WORLD = [
    join(__dirname, '..', '..', 'shared', 'realworld', '建设任务书-武汉船舶职业技术学院.docx'),
    '/work/shared/realworld/建设任务书-武汉船舶职业技术学院.docx',
  ].find((path) => existsSync(path));
  (REAL_WORLD ? it : it.skip)('accepts a real 建设任务书 DOCX (shared/realworld)', async () => {
    await send(suite.owner, file('建设任务书.docx', readFileSync(REAL_WORLD!))).expect(201);
  });

  it('stores identical content once, and serves it only to those who may see the task', async () => {
    const content = pdf('4 0 obj << /Title (同一份证书) >> endobj');
    const first = (await send(suite.owner, file('证书.pdf', content)).expect(201)).body;
    const count = suite.files.listAll().length;
    const second = (await send(suite.owner, file('证书副本.pdf', content)).expect(201)).body;
    expect(second.sha256).toBe(first.sha256);
    expect(second.id).not.toBe(first.id);
    expect(suite.files.listAll()).toHaveLength(count);

    const download = await suite.owner.get(`/api/evidence/${first.id}`).buffer(true).expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('证书.pdf'));
    await suite.other.get(`/api/evidence/${first.id}`).expect(403);
    await suite.api.anonymous.get(`/api/evidence/${first.id}`).expect(401);
    await suite.other
      .post(`/api/tasks/${suite.taskId}/evidence`)
      .set('Content-Type', file('a.pdf', pdf()).contentType)
      .send(file('a.pdf', pdf()).body)
      .expect(403);
  });

  it('lists every file in the 佐证材料目录清单, and exports it', async () => {
    const planId = (await suite.api.admin.get(`/api/tasks/${suite.taskId}`).expect(200)).body
      .planId as string;
    const catalogue = (
      await suite.api.admin.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(200)
    ).body;
    expect(catalogue.length).toBeGreaterThanOrEqual(11);
    expect(catalogue[0]).toMatchObject({ level: '学校层面', projectCode: '1', taskTitle: '任务' });
    expect(catalogue.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['建设成果.pdf', '证书.pdf']),
    );
    const none = (
      await suite.api.admin
        .get(`/api/plans/${planId}/exports/evidence-catalogue`)
        .query({ taskId: 'other' })
        .expect(200)
    ).body;
    expect(none).toEqual([]);
    const xlsx = await suite.api.admin
      .get(`/api/plans/${planId}/exports/evidence-catalogue.xlsx`)
      .buffer(true)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await suite.owner.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(403);
  });
});
