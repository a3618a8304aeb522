import { Exact, INDICATOR_CATEGORIES, type GroupSummary } from '@sg/domain';
import type { PlanCompletionView, ScoreReport } from '@sg/read-models';
import ExcelJS from 'exceljs';
import { writeHeading } from './sheet-heading';
import { localDateTime, zoneLabel } from '../http/local-time';

/**
 * The self-evaluation's tables as an XLSX workbook. Every figure is rounded half-up to the
 * places the report prints before it becomes a spreadsheet number, so Excel shows what the
 * screen shows (a binary double would otherwise display 1.675 as 1.67).
 */
const round = (value: string, places: number) => Number(new Exact(value).toDecimalPlaces(places).toString());

/**
 * The number format that prints a count or share as the report does (43, 22.3, 29.39): Excel's
 * `0.##` would print 43 as "43.", so the places are chosen per cell from the rounded value.
 */
export function figureFormat(value: number): string {
  const places = (String(value).split('.')[1] ?? '').length;
  return places === 0 ? '0' : places === 1 ? '0.0' : '0.00';
}

/** A share printed as a percentage with the places it has (35%, 12.5%), at most two. */
export function percentFormat(value: number): string {
  return `${figureFormat(round(String(value * 100), 2))}%`;
}

/** A column's number format: one for every cell, or chosen per cell from its value. */
type NumberFormat = string | ((value: number) => string);

/**
 * Excel refuses a sheet name with any of these, and one starting or ending with an apostrophe;
 * XML cannot carry control characters.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_SHEET_NAME = /[:\\/?*[\]\u0000-\u001f\u007f]/g;
const SHEET_NAME_MAX = 31;

/** The longest prefix of `text` within `max` UTF-16 units (Excel's count) that splits no character. */
function fitted(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/**
 * Names sheets the way Excel accepts them: forbidden characters become `_`, at most 31 units,
 * unique ignoring case (a clash gets ` (2)`, ` (3)` …), never Excel's reserved `History`. A long
 * name is shortened before its `suffix`, so a level's sheets still say what they hold. The real
 * name, whatever it holds, stays in each sheet's title row.
 */
export function sheetNamer(): (name: string, suffix?: string) => string {
  const taken = new Set<string>(['history']);
  const clean = (text: string) => text.replace(FORBIDDEN_IN_SHEET_NAME, '_');
  return (name, suffix = '') => {
    const base =
      clean(name)
        .replace(/^'+|'+$/g, '')
        .trim() || (suffix ? '' : '表');
    for (let n = 1; ; n++) {
      const tail = clean(suffix) + (n === 1 ? '' : ` (${n})`);
      const head = fitted(base, SHEET_NAME_MAX - tail.length).replace(/'+$/, '');
      const candidate = `${head}${tail}`.replace(/^'+|'+$/g, '').trim();
      if (candidate && !taken.has(candidate.toLowerCase())) {
        taken.add(candidate.toLowerCase());
        return candidate;
      }
    }
  };
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function table(
  sheet: ExcelJS.Worksheet,
  title: string,
  columns: { header: string; width: number; format?: NumberFormat }[],
  rows: (string | number)[][],
) {
  writeHeading(sheet, title, columns, {
    titleAlignment: { horizontal: 'center' },
    headerBorder: THIN,
    headerAlignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  });
  rows.forEach((values, r) => {
    const row = sheet.getRow(r + 3);
    values.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value;
      cell.border = THIN;
      const format = columns[i].format;
      if (format && typeof value === 'number') {
        cell.numFmt = typeof format === 'function' ? format(value) : format;
      }
    });
  });
}

const summaryCells = (s: GroupSummary): (string | number)[] => [
  s.count,
  round(s.completed, 2),
  round(s.rate, 4),
  round(s.score, 2),
];

export async function tablesWorkbook(
  plan: { name: string; school: string },
  scores: ScoreReport,
  completion: PlanCompletionView,
  cutoffLabel: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '双高计划建设管理平台';
  book.created = new Date(0);
  const sheetName = sheetNamer();

  const tasks = book.addWorksheet(sheetName('建设任务完成情况'));
  table(
    tasks,
    `${plan.school} 建设任务完成情况（${cutoffLabel}）`,
    [
      { header: '层面', width: 20 },
      { header: '项目', width: 44 },
      { header: '任务数（项）', width: 12, format: '0' },
      { header: '完成数（项）', width: 12, format: figureFormat },
      { header: '完成率', width: 10, format: '0.00%' },
      { header: '超额完成（项）', width: 14, format: '0' },
    ],
    [
      ...completion.levels.flatMap((level) => [
        ...level.projects.map((p) => [
          level.name,
          `项目 ${p.code}：${p.name}`,
          p.total,
          round(p.completed, 2),
          round(p.rate, 4),
          p.overCompleted,
        ]),
        [
          level.name,
          '小计',
          level.total,
          round(level.completed, 2),
          round(level.rate, 4),
          level.overCompleted,
        ],
      ]),
      [
        '合计',
        '',
        completion.total,
        round(completion.completed, 2),
        round(completion.rate, 4),
        completion.overCompleted,
      ],
    ],
  );

  for (const level of scores.levels) {
    for (const category of level.categories) {
      for (const sub of category.subcategories.filter(
        (s) => s.subcategory === 'quantity' || s.subcategory === 'quality',
      )) {
        const sheet = book.addWorksheet(sheetName(level.name, `-${sub.name}`));
        table(
          sheet,
          `${level.name} ${sub.name}完成情况统计表（${cutoffLabel}）`,
          [
            { header: '项目', width: 40 },
            { header: '指标数（个）', width: 12, format: '0' },
            { header: '完成数（个）', width: 12, format: figureFormat },
            { header: '完成率', width: 10, format: '0.00%' },
            { header: '得分', width: 10, format: '0.00' },
            { header: '备注', width: 18 },
          ],
          [
            ...sub.rows.map((row) => {
              const achievement = row.count === 0;
              return [
                `${row.code} ${row.name}`,
                ...(achievement ? ['-', '-', round(row.rate, 4), round(row.score, 2)] : summaryCells(row)),
                row.remark,
              ];
            }),
            [
              '合计',
              sub.count,
              round(sub.completed, 2),
              '-',
              round(sub.score, 2),
              sub.overCompleted > 0 ? `超额完成 ${sub.overCompleted} 个` : '-',
            ],
          ],
        );
      }
    }

    const sheet = book.addWorksheet(sheetName(level.name, '-绩效自评表'));
    table(
      sheet,
      `${plan.school} ${level.name} 绩效自评表（${cutoffLabel}）`,
      [
        { header: '一级指标', width: 16 },
        { header: '分值', width: 8, format: '0.00' },
        { header: '二级指标', width: 16 },
        { header: '三级指标', width: 40 },
        { header: '分值', width: 8, format: '0.00' },
        { header: '得分', width: 8, format: '0.00' },
      ],
      [
        ...level.categories.flatMap((category) =>
          category.subcategories.flatMap((sub) =>
            sub.rows.map((row) => [
              INDICATOR_CATEGORIES[category.category].name,
              round(category.points, 2),
              sub.name,
              `${row.code} ${row.name}`,
              round(row.points, 2),
              round(row.score, 2),
            ]),
          ),
        ),
        ['层面得分', '', '', '', '', round(level.total, 2)],
      ],
    );
  }

  const summary = book.addWorksheet(sheetName('总分'));
  table(
    summary,
    `${plan.name}：自评总分（${cutoffLabel}）`,
    [
      { header: '层面', width: 24 },
      { header: '得分', width: 10, format: '0.00' },
      { header: '权重', width: 10, format: percentFormat },
      { header: '加权得分', width: 12, format: '0.00' },
      { header: '等级', width: 8 },
    ],
    [
      ...scores.levels.map((l) => [
        l.name,
        round(l.total, 2),
        round(l.weight, 4),
        round(new Exact(l.total).times(l.weight).toString(), 2),
        l.grade,
      ]),
      ['总分', '', '', round(scores.total, 2), scores.grade],
    ],
  );

  return Buffer.from(await book.xlsx.writeBuffer());
}

/** 佐证材料目录清单 as XLSX. */
export async function evidenceCatalogueWorkbook(
  plan: { school: string },
  entries: import('@sg/read-models').CatalogueEntry[],
  timeZone: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  book.modified = new Date(0);
  table(
    book.addWorksheet('佐证材料目录清单'),
    `${plan.school} 佐证材料目录清单`,
    [
      { header: '序号', width: 6, format: '0' },
      { header: '层面', width: 16 },
      { header: '项目', width: 32 },
      { header: '建设任务', width: 36 },
      { header: '材料名称', width: 36 },
      { header: '类型', width: 12 },
      { header: '大小（KB）', width: 10, format: '0.0' },
      { header: `上传时间（${zoneLabel(timeZone)}）`, width: 22 },
      { header: 'SHA-256', width: 20 },
    ],
    entries.map((e, i) => [
      i + 1,
      e.level,
      `项目 ${e.projectCode}：${e.projectName}`,
      e.taskTitle,
      e.name,
      e.mediaType.split('/')[1].replace('vnd.openxmlformats-officedocument.', '').slice(0, 20),
      Math.round((e.size / 1024) * 10) / 10,
      localDateTime(e.uploadedAt, timeZone),
      e.sha256.slice(0, 16),
    ]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}
