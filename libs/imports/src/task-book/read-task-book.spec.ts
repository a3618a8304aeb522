import {
  docxWith,
  taskBookWorkbook,
  wordCell,
  wordParagraph,
  wordTable,
  xlsxWith,
  worksheet,
} from '@sg/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument } from '../extract';
import type { TaskBook, TaskBookPart } from './model';
import { NotATaskBook, readTaskBook } from './read-task-book';
import { parseTarget, splitCoded } from './target';
import { splitItems } from './tasks';

const REAL = join(__dirname, '../../../../test/fixtures/task-books/建设任务书-武汉船舶职业技术学院.docx');

const itemsPerYear = (part: TaskBookPart) => {
  const counts: Record<string, number> = {};
  for (const item of part.tasks.flatMap((t) => t.items)) counts[item.label] = (counts[item.label] ?? 0) + 1;
  return counts;
};
const indicatorsPerLevel2 = (part: TaskBookPart) => {
  const counts: Record<string, number> = {};
  for (const i of part.indicators)
    counts[`${i.level2.code} ${i.level2.name}`] = (counts[`${i.level2.code} ${i.level2.name}`] ?? 0) + 1;
  return counts;
};
const perLevel1 = (part: TaskBookPart) => {
  const counts: Record<string, number> = {};
  for (const i of part.indicators)
    counts[`${i.level1.code} ${i.level1.name}`] = (counts[`${i.level1.code} ${i.level1.name}`] ?? 0) + 1;
  return counts;
};

describe('reading the ministry 任务书 of 武汉船舶职业技术学院 (the real .docx, no hand edits)', () => {
  let book: TaskBook;
  beforeAll(async () => {
    book = readTaskBook(await extractDocument(readFileSync(REAL)));
  });

  it('finds the 学校 part and the two 专业群 parts by their headings, each with its six tables', () => {
    expect(book.school).toBe('武汉船舶职业技术学院');
    expect(book.parts.map((p) => [p.number, p.kind, p.title, p.name])).toEqual([
      ['1', 'school', '项目学校', '武汉船舶职业技术学院'],
      ['2', 'group', '专业群一', '船舶工程技术'],
      ['3', 'group', '专业群二', '轮机工程技术'],
    ]);
    for (const part of book.parts)
      expect(part.tables.map((t) => t.kind)).toEqual([
        'overview',
        'goal',
        'tasks',
        'budget-total',
        'budget-annual',
        'indicators',
      ]);
    expect(book.parts[1].tables[2]).toEqual({
      kind: 'tasks',
      heading: '2-3 专业群一建设任务与进度',
      ref: '段落25',
    });
  });

  it('reads 1-3 as 二级任务 with one yearly task per ①②③ item, per year column', () => {
    // Counted independently from word/document.xml: 二级 rows and circled markers per year column.
    expect(book.parts.map((p) => p.tasks.length)).toEqual([36, 27, 25]);
    expect(book.parts.map((p) => new Set(p.tasks.map((t) => t.level1)).size)).toEqual([10, 9, 9]);
    expect(book.parts.map(itemsPerYear)).toEqual([
      { '2020年度（含2019年度）': 125, '2021年度': 121, '2022年度': 121, '2023年度': 112 },
      { '2020年度（含2019年度）': 57, '2021年度': 63, '2022年度': 59, '2023年度': 59 },
      { '2020年度（含2019年度）': 57, '2021年度': 57, '2022年度': 61, '2023年度': 54 },
    ]);
    const first = book.parts[0].tasks[0];
    expect(first).toMatchObject({
      number: '1',
      level1: '加强党的建设',
      level2: '1.实施政治引领专项行动，全面加强政治建设',
      ref: '表3 行3 列3',
    });
    expect(first.years[0]).toEqual({ label: '2020年度（含2019年度）', year: 2020, includes: [2019] });
    expect(first.items.slice(0, 2)).toEqual([
      {
        year: 2020,
        label: '2020年度（含2019年度）',
        marker: '①',
        text: '结合开展“两学一做”学习教育常态化制度化，强化学院党委的领导核心作用，制定《关于加强党委班子自身建设的若干举措》，着力提升党委班子政治能力，充分发挥党委在“把方向、管大局、作决策、保落实”上的作用。',
        ref: '表3 行3 列4',
      },
      {
        year: 2020,
        label: '2020年度（含2019年度）',
        marker: '②',
        text: '加强党委班子自身建设和中层干部队伍建设，召开学院第二次党代会，强化后备干部培养教育。',
        ref: '表3 行3 列4',
      },
    ]);
    const last = first.items[first.items.length - 1];
    expect(last).toMatchObject({ year: 2023, marker: '②', text: '获评省级先进基层党组织和省级文明校园。' });
  });

  it('reads 1-4 and 1-5 as budget lines per 建设任务 and source, in 万元, totals agreeing with the printed 合计', () => {
    const budgets = book.parts.map((p) => p.budgets.map((b) => [b.kind, b.year, b.lines.length, b.totals]));
    /** The 合计, then each source's total, in 万元. */
    const sources = ['all', 'central', 'local', 'sponsor', 'industry', 'school'];
    const sums = (...amounts: string[]) =>
      Object.fromEntries(sources.map((source, i) => [source, amounts[i]]));
    expect(budgets).toEqual([
      [
        ['total', undefined, 32, sums('37200', '5000', '12000', '0', '2000', '18200')],
        ['annual', 2020, 32, sums('11138', '2000', '4800', '0', '1300', '3038')],
      ],
      [
        ['total', undefined, 27, sums('10950', '2000', '3000', '0', '200', '5750')],
        ['annual', 2020, 27, sums('2370', '948', '948', '0', '0', '474')],
      ],
      [
        ['total', undefined, 25, sums('8200', '1000', '1500', '0', '100', '5600')],
        ['annual', 2020, 25, sums('530', '300', '200', '0', '0', '30')],
      ],
    ]);
    for (const part of book.parts)
      for (const budget of part.budgets) expect(budget.printedTotal).toEqual(budget.totals);
    expect(book.parts[0].budgets[0].lines[1]).toEqual({
      level1: '打造技术技能人才培养高地',
      level2: '2.坚持扬长教育，推进多元化人才培养',
      ref: '表4 行5 列2',
      amounts: { central: '410', local: '1190', sponsor: '0', industry: '0', school: '200' },
      printedTotal: '1800',
    });
    expect(book.findings.filter((f) => f.kind === 'sum-mismatch')).toEqual([]);
  });

  it('reads 1-6 with 一级 / 二级 / 三级 indicators, 时效 and 成本 included, targets parsed', () => {
    expect(book.parts.map((p) => p.indicators.length)).toEqual([237, 88, 87]);
    expect(perLevel1(book.parts[0])).toEqual({ '1 产出指标': 207, '2 效益指标': 25, '3 满意度指标': 5 });
    expect(indicatorsPerLevel2(book.parts[0])).toEqual({
      '1.1 数量指标': 109,
      '1.2 质量指标': 87,
      '1.3 时效指标': 3,
      '1.4 成本指标': 8,
      '2.1 社会效益指标': 15,
      '2.2 可持续影响指标': 10,
      '3.1 服务对象满意度指标': 5,
    });
    expect(indicatorsPerLevel2(book.parts[1])['1.4 成本指标']).toBe(7);
    expect(indicatorsPerLevel2(book.parts[2])['1.4 成本指标']).toBe(7);
    const byCode = new Map(book.parts[0].indicators.map((i) => [i.code, i]));
    expect(byCode.get('1.1.1.11')).toEqual({
      level1: { code: '1', name: '产出指标' },
      level2: { code: '1.1', name: '数量指标' },
      group: { code: '1.1.1', name: '打造技术技能人才培养高地' },
      code: '1.1.1.11',
      name: '教学成果奖',
      unit: '项',
      target: { kind: 'numeric', comparator: '>=', value: '7', unit: '项', text: '≥7 项' },
      ref: '表6 行13 列3',
    });
    expect(byCode.get('1.1.4.5')?.target).toEqual({
      kind: 'numeric',
      comparator: null,
      value: '120',
      unit: '人次',
      text: '120 人次',
    });
    expect(byCode.get('1.4.2')?.target).toMatchObject({ comparator: '<=', value: '5', unit: '%' });
    expect(byCode.get('1.4.1')?.target).toEqual({ kind: 'qualitative', text: '严格执行中标价格' });
    expect(byCode.get('1.4.8')).toMatchObject({
      name: '总成本指标',
      target: { value: '37200', unit: '万元' },
    });
    expect(byCode.get('1.2.4.1')?.target).toEqual({
      kind: 'range',
      min: '1',
      max: '2',
      unit: '支',
      text: '1-2 支',
    });
    expect(byCode.get('1.3.1')).toMatchObject({
      level2: { name: '时效指标' },
      target: { value: '100', unit: '%' },
    });
    expect(byCode.get('1.3.1')?.group).toBeUndefined();
    // 专业群二 prints ≧ for ≥.
    expect(book.parts[2].indicators.find((i) => i.code === '1.1.7.3')?.target).toMatchObject({
      comparator: '>=',
      value: '120',
    });
  });

  it('reports what it does not read, with where it is: the 承诺书 tables', () => {
    expect(book.findings.map((f) => [f.kind, f.ref])).toEqual([
      ['unrecognised-table', '表19 行1 列1'],
      ['unrecognised-table', '表20 行1 列1'],
    ]);
    expect(book.findings[0].message).toContain('4．学校承诺书');
  });
});

describe('the same layout kept as Excel extracts (.xlsx and .xls)', () => {
  for (const bookType of ['xlsx', 'biff8'] as const) {
    it(`reads the ${bookType === 'xlsx' ? '.xlsx' : '.xls'} extract into the same model`, async () => {
      const document = await extractDocument(taskBookWorkbook(bookType));
      expect(document.format).toBe(bookType === 'xlsx' ? 'xlsx' : 'xls');
      const book = readTaskBook(document);
      expect(book.parts.map((p) => [p.number, p.kind, p.title])).toEqual([
        ['1', 'school', '学校'],
        ['2', 'group', '专业群一'],
      ]);
      const [school, group] = book.parts;
      expect(school.tables.map((t) => t.kind)).toEqual([
        'tasks',
        'budget-total',
        'budget-annual',
        'indicators',
      ]);
      expect(school.tasks.map((t) => [t.number, t.level1, t.level2, t.items.length])).toEqual([
        ['1', '加强党的建设', '1.实施政治引领专项行动', 7],
        ['1', '加强党的建设', '2.实施思想引领专项行动', 5],
        ['2', '打造技术技能人才培养高地', '1.坚持立德树人', 5],
      ]);
      expect(itemsPerYear(school)).toEqual({
        '2020年度（含2019年度）': 4,
        '2021年度': 4,
        '2022年度': 5,
        '2023年度': 4,
      });
      expect(school.tasks[1].items[2]).toEqual({
        year: 2021,
        label: '2021年度',
        marker: '②',
        text: '获得精品案例1项。',
        ref: '学校任务!E6',
      });
      expect(
        school.budgets.map((b) => [b.kind, b.year, b.lines.length, b.totals.all, b.totals.local]),
      ).toEqual([
        ['total', undefined, 3, '1330', '500'],
        ['annual', 2020, 3, '130', '50'],
      ]);
      expect(book.findings.filter((f) => f.kind === 'sum-mismatch')).toEqual([
        {
          kind: 'sum-mismatch',
          message:
            '1-4项目总预算：「打造技术技能人才培养高地」小计「地方财政」印为 300 万元，按明细相加为 350 万元。',
          ref: '总预算!B9',
        },
      ]);
      expect(
        school.indicators.map((i) => [i.level1.name, i.level2.name, i.code, i.target.kind, i.target.text]),
      ).toEqual([
        ['产出指标', '数量指标', '1.1.1.1', 'numeric', '≥7 项'],
        ['产出指标', '数量指标', '1.1.1.2', 'numeric', '100 %'],
        ['产出指标', '数量指标', '1.1.1.3', 'numeric', '1 套'],
        ['产出指标', '时效指标', '1.3.1', 'numeric', '100 %'],
        ['产出指标', '成本指标', '1.4.1', 'numeric', '≤5%'],
        ['产出指标', '成本指标', '1.4.2', 'qualitative', '严格执行中标价格'],
        ['效益指标', '社会效益指标', '2.1.1', 'numeric', '120 人次'],
        ['满意度指标', '服务对象满意度指标', '3.1.1', 'numeric', '90 %'],
      ]);
      expect(group.tasks.map((t) => t.items.length)).toEqual([5, 5]);
      expect(group.indicators.map((i) => [i.level2.name, i.target.kind])).toEqual([
        ['数量指标', 'numeric'],
        ['质量指标', 'range'],
        ['可持续影响指标', 'qualitative'],
      ]);
    });
  }
});

describe('files that are not a 任务书', () => {
  it('refuses a Word document and a workbook without the 任务书 tables, saying why', async () => {
    const letter = await docxWith(
      wordParagraph('关于召开工作会议的通知') +
        wordTable([
          [wordCell('姓名'), wordCell('部门')],
          [wordCell('张三'), wordCell('教务处')],
        ]),
    );
    const sheet = await xlsxWith(
      worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>名单</t></is></c></row>'),
    );
    for (const file of [letter, sheet]) {
      const document = await extractDocument(file);
      expect(() => readTaskBook(document)).toThrow(NotATaskBook);
      expect(() => readTaskBook(document)).toThrow(/不像是双高计划建设任务书/);
    }
  });
});

describe('the pieces', () => {
  it('splits a year cell at its circled numbers, keeping each item whole', () => {
    expect(splitItems('①甲，含；分号。②乙\n续行③丙')).toEqual([
      { marker: '①', text: '甲，含；分号。' },
      { marker: '②', text: '乙\n续行' },
      { marker: '③', text: '丙' },
    ]);
    expect(splitItems('没有编号的一项')).toEqual([{ marker: '', text: '没有编号的一项' }]);
    expect(splitItems('')).toEqual([]);
  });

  it('parses targets as printed', () => {
    expect(parseTarget('≥7 项')).toMatchObject({ kind: 'numeric', comparator: '>=', value: '7', unit: '项' });
    expect(parseTarget('100%')).toMatchObject({ kind: 'numeric', comparator: null, value: '100', unit: '%' });
    expect(parseTarget('>95 %')).toMatchObject({ comparator: '>', value: '95', unit: '%' });
    expect(parseTarget('≥1.5 亿元')).toMatchObject({ value: '1.5', unit: '亿元' });
    expect(parseTarget('100 G/人')).toMatchObject({ value: '100', unit: 'G/人' });
    expect(parseTarget('是')).toEqual({ kind: 'qualitative', text: '是' });
    expect(parseTarget('不高于湖北省标准')).toEqual({ kind: 'qualitative', text: '不高于湖北省标准' });
    expect(splitCoded('1.2.1.7 全国同类院校思政课示范教学基地（马克思主义学院） （个）')).toEqual({
      code: '1.2.1.7',
      name: '全国同类院校思政课示范教学基地（马克思主义学院）',
      unit: '个',
    });
  });
});
