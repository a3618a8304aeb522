import { docxWith, lastRowXlsx, taskBookWorkbook, wordParagraph } from '@sg/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiSuite } from './api-harness';

const REAL = readFileSync(join(__dirname, 'fixtures/task-books/建设任务书-武汉船舶职业技术学院.docx'));
const PREVIEW = '/api/plan-imports/task-book/preview';

describe('previewing a 任务书 in the ministry layout before anything is written (issue 14)', () => {
  const api = apiSuite();

  const preview = (file: Buffer, name: string, query = '') =>
    api.admin.post(`${PREVIEW}${query}`).attach('file', file, name);

  it('says what it recognised in the real .docx — parts, tables and counts — and writes nothing', async () => {
    const head = await api.store.headPosition();
    const res = await preview(REAL, '建设任务书.docx').expect(200);
    expect(res.body.format).toBe('docx');
    expect(res.body.school).toBe('武汉船舶职业技术学院');
    expect(res.body.recognised).toEqual({
      parts: 3,
      tables: 18,
      tasks: 88,
      yearlyTasks: 946,
      budgetLines: 168,
      indicators: 412,
    });
    const [school, group] = res.body.parts;
    expect(school).toMatchObject({ number: '1', kind: 'school', title: '项目学校' });
    expect(school.tables.map((t: { label: string }) => t.label)).toEqual([
      '概况',
      '建设总目标',
      '建设任务与进度',
      '项目总预算',
      '年度预算',
      '项目支出绩效目标',
    ]);
    expect(school.tasks).toEqual({
      level1: 10,
      level2: 36,
      yearly: 479,
      byYear: [
        { label: '2020年度（含2019年度）', year: 2020, count: 125 },
        { label: '2021年度', year: 2021, count: 121 },
        { label: '2022年度', year: 2022, count: 121 },
        { label: '2023年度', year: 2023, count: 112 },
      ],
    });
    expect(school.indicators.byLevel2).toContainEqual({ code: '1.4', name: '成本指标', count: 8 });
    expect(group).toMatchObject({ kind: 'group', title: '专业群一', name: '船舶工程技术' });
    expect(res.body.notRecognised).toEqual({
      total: 2,
      kinds: [
        {
          kind: 'unrecognised-table',
          label: '未识别的表格（未读取）',
          count: 2,
          examples: [
            expect.objectContaining({ ref: '表19 行1 列1' }),
            expect.objectContaining({ ref: '表20 行1 列1' }),
          ],
        },
      ],
    });
    expect(await api.store.headPosition()).toBe(head);
  });

  it('reads an .xls extract too, and pages the full list of one kind of finding', async () => {
    const file = taskBookWorkbook('biff8');
    const res = await preview(file, '任务书.xls', '?findings=sum-mismatch&offset=0&limit=1').expect(200);
    expect(res.body.format).toBe('xls');
    expect(res.body.recognised).toMatchObject({ parts: 2, tasks: 5, yearlyTasks: 27 });
    // The fixture's 专业群 part has no budget tables: said, not fatal.
    expect(res.body.notRecognised.kinds).toEqual([
      expect.objectContaining({ kind: 'sum-mismatch', count: 1 }),
      expect.objectContaining({ kind: 'missing-table', count: 1 }),
    ]);
    expect(res.body.findings).toEqual({
      kind: 'sum-mismatch',
      offset: 0,
      limit: 1,
      total: 1,
      items: [expect.objectContaining({ ref: '总预算!B9' })],
    });
    const unknown = await preview(file, '任务书.xls', '?findings=everything').expect(400);
    expect(unknown.body.code).toBe('validation-failed');
  });

  it('refuses a file that is not a 任务书, and a hostile one, with Problem Details', async () => {
    const letter = await docxWith(wordParagraph('关于召开工作会议的通知'));
    const res = await preview(letter, '通知.docx').expect(422);
    expect(res.body.code).toBe('import-not-a-task-book');
    expect(res.body.detail).toContain('不像是双高计划建设任务书');
    const hostile = await preview(await lastRowXlsx(), 'a.xlsx').expect(422);
    expect(hostile.body.code).toBe('import-too-many-rows');
    const notMultipart = await api.admin.post(PREVIEW).send({ file: 'x' });
    expect(notMultipart.status).toBe(415);
  });
});
