import ExcelJS from 'exceljs';
import { apiSuite } from './api-harness';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function binary(res: import('superagent').Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('importing a plan (任务书) from XLSX', () => {
  const api = apiSuite();
  let template: Buffer;

  beforeAll(async () => {
    await api.createUser('zhang.san');
    const res = await api.admin.get('/api/plan-imports/template.xlsx').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    template = res.body as Buffer;
  });

  /** The template, edited as a user would in Excel. */
  async function workbook(edit: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(template).buffer);
    edit(book);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  const upload = (file: Buffer) => api.admin.post('/api/plan-imports').set('Content-Type', XLSX).send(file);

  it('imports the filled-in template atomically, through the same commands as the screens', async () => {
    const file = await workbook((book) => {
      book
        .getWorksheet('任务')!
        .addRow(['学校层面', '1', '获批全国课程思政示范课', 'zhang.san', '2022-06-30']);
    });
    const res = await upload(file).expect(201);
    expect(res.body).toMatchObject({ levels: 2, projects: 1, tasks: 2, indicators: 1 });
    const completion = await api.admin.get(`/api/plans/${res.body.id}/completion`).expect(200);
    expect(completion.body.levels[0].projects[0]).toMatchObject({ code: '1', total: 2 });
    // The same file again adds nothing.
    const before = await api.store.headPosition();
    await upload(file).expect(201);
    expect(await api.store.headPosition()).toBe(before);
  });

  it('refuses a malformed file naming every bad cell, and writes nothing', async () => {
    const file = await workbook((book) => {
      book.getWorksheet('方案')!.getCell('C2').value = '二〇一九';
      book.getWorksheet('层面')!.getCell('B3').value = '专业组';
      book.getWorksheet('层面')!.getCell('C2').value = '1.3';
      book.getWorksheet('项目')!.addRow(['不存在的层面', '2', '项目二']);
      book.getWorksheet('任务')!.getCell('D2').value = 'nobody';
      book.getWorksheet('任务')!.getCell('E2').value = '2022-02-30';
      book.getWorksheet('指标')!.getCell('H2').value = '约等于';
      book.getWorksheet('指标')!.getCell('K2').value = '看情况';
    });
    const before = await api.store.headPosition();
    const res = await upload(file).expect(422);
    expect(res.body.code).toBe('import-invalid');
    expect(res.body.detail).toBe('导入文件有 8 处错误，未导入任何内容。');
    expect(res.body.errors.map((e: { sheet: string; cell: string }) => `${e.sheet}!${e.cell}`)).toEqual([
      '方案!C2',
      '层面!C2',
      '层面!B3',
      '项目!A3',
      '任务!D2',
      '任务!E2',
      '指标!H2',
      '指标!K2',
    ]);
    expect(res.body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    expect(await api.store.headPosition()).toBe(before);
  });

  it("runs the plan's own rules before writing: weights above 1 in total are refused at their row", async () => {
    const file = await workbook((book) => {
      book.getWorksheet('层面')!.getCell('C3').value = '0.8';
    });
    const before = await api.store.headPosition();
    const res = await upload(file).expect(422);
    expect(res.body.errors).toEqual([
      { sheet: '层面', cell: 'A3', message: expect.stringContaining('权重之和不能超过 1') },
    ]);
    expect(await api.store.headPosition()).toBe(before);
  });

  it('refuses something that is not a workbook', async () => {
    const res = await upload(Buffer.from('PK\u0003\u0004 not really a zip')).expect(422);
    expect(res.body.errors[0].message).toContain('不是有效的 XLSX');
    await api.admin.post('/api/plan-imports').set('Content-Type', 'text/csv').send('a,b').expect(415);
  });
});
