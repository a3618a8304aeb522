import ExcelJS from 'exceljs';
import { startApi, type ApiHarness } from './api-harness';

/** Level names are free text; Excel's sheet names are not. The export must take any of them. */
describe('tables.xlsx with level names Excel cannot take as sheet names', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const LONG = '现代职业教育体系建设与人才培养质量提升综合改革示范引领层面';
  const LEVEL_NAMES = ['A/B\\C:D*E?F[G]H', '信息/技术', '信息:技术', LONG, `${LONG}二`, "'引号'", 'History'];

  const xlsx = (planId: string) =>
    api.admin
      .get(`/api/plans/${planId}/exports/tables.xlsx`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('answers a workbook Excel can open, each level with its real name in its title row', async () => {
    const plan = await api.admin
      .post('/api/plans')
      .send({ name: '方案/2019:试点*', school: '学院[甲]', startYear: 2019, endYear: 2023 })
      .expect(201);
    const planId = plan.body.id as string;
    for (const name of LEVEL_NAMES) {
      const level = await api.admin
        .post(`/api/plans/${planId}/levels`)
        .send({ name, kind: 'group', weight: '0.1' })
        .expect(201);
      await api.admin
        .post(`/api/plans/${planId}/projects`)
        .send({
          levelId: level.body.id,
          code: String(LEVEL_NAMES.indexOf(name) + 1),
          name: `${name}:项目/一`,
        })
        .expect(201);
    }

    const res = await xlsx(planId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(res.body as Buffer).buffer);

    const names = book.worksheets.map((sheet) => sheet.name);
    for (const name of names) {
      expect(name).not.toMatch(/[:\\/?*[\]]/);
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/^'|'$/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).not.toContain('History');

    const titles = book.worksheets.map((sheet) => sheet.getCell(1, 1).text);
    for (const name of LEVEL_NAMES) {
      expect(titles.some((title) => title.includes(` ${name} 绩效自评表`))).toBe(true);
    }
    // Long names keep what the sheet holds at their end; the two that differ only late stay apart.
    const performance = names.filter((n) => n.endsWith('-绩效自评表') || /-绩效自评表 \(\d+\)$/.test(n));
    expect(performance).toHaveLength(LEVEL_NAMES.length);
    // Project names, forbidden characters and all, appear as they are in the rows.
    const tasks = book.getWorksheet('建设任务完成情况')!;
    const cells: string[] = [];
    tasks.eachRow((row) => cells.push(...(row.values as unknown[]).map(String)));
    expect(cells).toEqual(expect.arrayContaining(['项目 1：A/B\\C:D*E?F[G]H:项目/一', '信息:技术']));
  });
});
