import ExcelJS from 'exceljs';
import { binary, startApi, USER_PASSWORD, type ApiHarness, type Client } from './api-harness';
import { multipart, pdf } from './fixtures/evidence-files';

/**
 * What Excel prints for a number under the formats the exports use: `0`, `0.0`, `0.00` and their
 * percentages. Any other format (Excel's `0.##` prints 43 as "43.") fails the test.
 */
function printed(cell: ExcelJS.Cell): string {
  if (typeof cell.value !== 'number') return cell.text;
  const format = cell.numFmt;
  const match = /^0(?:\.(0+))?(%?)$/.exec(format ?? '');
  if (!match) throw new Error(`unexpected number format ${JSON.stringify(format)} for ${cell.value}`);
  const places = match[1]?.length ?? 0;
  const value = match[2] ? cell.value * 100 : cell.value;
  return `${value.toFixed(places)}${match[2]}`;
}

const rowTexts = (sheet: ExcelJS.Worksheet) => {
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(printed(cell)));
    rows.push(cells);
  });
  return rows;
};

const today = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );

describe('exports print figures, dates and times as the report and the screen do', () => {
  let api: ApiHarness;
  let owner: Client;
  let planId: string;
  let taskId: string;

  beforeAll(async () => {
    api = await startApi({ EVIDENCE_SCANNER: 'eicar' });
    const created = await api.createUser('print.owner');
    owner = created.client;
    const plan = await api.createPlan();
    planId = plan.planId;
    const second = (
      await api.admin
        .post(`/api/plans/${planId}/projects`)
        .send({ levelId: plan.levelId, code: '2', name: '第二项目' })
        .expect(201)
    ).body.id as string;
    const third = (
      await api.admin
        .post(`/api/plans/${planId}/projects`)
        .send({ levelId: plan.levelId, code: '3', name: '第三项目' })
        .expect(201)
    ).body.id as string;
    // Completions per project: 1 + 1 = 2, 1 + 0.3 = 1.3, 0.39.
    const tasks: [string, string][] = [
      [plan.projectId, '1'],
      [plan.projectId, '1'],
      [second, '1'],
      [second, '0.3'],
      [third, '0.39'],
    ];
    for (const [projectId, completion] of tasks) {
      const id = await api.defineTask({ planId, projectId }, created.userId);
      await owner
        .post(`/api/tasks/${id}/progress`)
        .send({ completion, effectiveDate: '2021-06-30' })
        .expect(201);
      taskId = id;
    }
    await api.settled();
  });
  afterAll(() => api.close());

  const workbook = async (path: string, query: Record<string, string> = {}) => {
    const res = await api.admin.get(path).query(query).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    return { book, disposition: decodeURIComponent(String(res.headers['content-disposition'])) };
  };

  it('tables.xlsx: 完成数 prints 2, 1.3 and 0.39, rates with two decimals, titles with the date', async () => {
    const { book, disposition } = await workbook(`/api/plans/${planId}/exports/tables.xlsx`);
    const sheet = book.getWorksheet('建设任务完成情况')!;
    const rows = rowTexts(sheet);
    const date = today('Asia/Shanghai');
    expect(rows[0][0]).toContain(`（截至 ${date}；口径：全部任务）`);
    expect(rows[0][0]).not.toContain('截至当前');
    expect(disposition).toContain(`自评表格-${date}.xlsx`);
    const body = rows.slice(2).map((r) => r.slice(1, 5));
    expect(body).toEqual([
      ['项目 1：项目', '2', '2', '100.00%'],
      ['项目 2：第二项目', '2', '1.3', '65.00%'],
      ['项目 3：第三项目', '1', '0.39', '39.00%'],
      ['小计', '5', '3.69', '73.80%'],
      ['', '5', '3.69', '73.80%'],
    ]);
    for (const each of book.worksheets) {
      expect(each.getCell(1, 1).text).toContain(`（截至 ${date}；口径：全部任务）`);
      // Every numeric cell has a format this test can print.
      rowTexts(each);
    }
  });

  it('tables.xlsx: a cut-off is the date in the titles', async () => {
    const { book, disposition } = await workbook(`/api/plans/${planId}/exports/tables.xlsx`, {
      cutoff: '2021-12-31',
    });
    for (const each of book.worksheets)
      expect(each.getCell(1, 1).text).toContain('（截至 2021-12-31；口径：全部任务）');
    expect(disposition).toContain('自评表格-2021-12-31.xlsx');
  });

  it('self-evaluation.docx: named with today in the plan time zone without a cut-off', async () => {
    const res = await api.admin
      .get(`/api/plans/${planId}/exports/self-evaluation.docx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      `绩效自评报告-${today('Asia/Shanghai')}.docx`,
    );
  });

  it('evidence catalogue: upload times in Beijing time, as the screen shows them', async () => {
    const upload = multipart([{ field: 'file', filename: '建设成果.pdf', content: pdf() }]);
    await owner
      .post(`/api/tasks/${taskId}/evidence`)
      .set('Content-Type', upload.contentType)
      .send(upload.body)
      .expect(201);
    const entries = (await api.admin.get(`/api/plans/${planId}/exports/evidence-catalogue`).expect(200))
      .body as { uploadedAt: string; size: number }[];
    expect(entries).toHaveLength(1);
    const { book } = await workbook(`/api/plans/${planId}/exports/evidence-catalogue.xlsx`);
    const rows = rowTexts(book.worksheets[0]);
    expect(rows[1][7]).toBe('上传时间（北京时间）');
    const beijing = new Date(Date.parse(entries[0].uploadedAt) + 8 * 3_600_000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19);
    expect(rows[2][7]).toBe(beijing);
    expect(rows[2][0]).toBe('1');
    expect(rows[2][6]).toBe((Math.round((entries[0].size / 1024) * 10) / 10).toFixed(1));
  });

  it('Problem Details titles say what went wrong in the user’s terms, codes unchanged', async () => {
    const invalid = await owner
      .post(`/api/tasks/${taskId}/progress`)
      .send({ completion: '0.5', effectiveDate: '2030-01-01' })
      .expect(422);
    expect(invalid.body).toMatchObject({ status: 422, title: '填写的内容有误' });

    const unsupported = await api.admin
      .post(`/api/plans/${planId}/projects`)
      .set('Content-Type', 'text/plain')
      .send('name=x')
      .expect(415);
    expect(unsupported.body).toMatchObject({ code: 'unsupported-media-type', title: '文件类型不受支持' });

    const unknown = await api.admin.get('/api/tasks/no-such-task').expect(404);
    expect(unknown.body).toMatchObject({ status: 404, title: '找不到所要的内容' });

    const taken = await api.admin
      .post('/api/users')
      .send({ username: 'print.owner', displayName: '重名', password: USER_PASSWORD })
      .expect(409);
    expect(taken.body).toMatchObject({ status: 409, title: '名称或编号已被使用' });

    for (const body of [invalid.body, unsupported.body, unknown.body, taken.body]) {
      expect(body.title).not.toMatch(/无法处理的请求|不支持的内容类型|^未找到$|操作冲突/);
      expect(body.detail).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
