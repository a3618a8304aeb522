import {
  DomainError,
  fold,
  INDICATOR_SUBCATEGORIES,
  planDecider,
  requireDate,
  type IndicatorSpec,
  type IndicatorSubcategory,
  type PlanCommand,
  type PlanEvent,
} from '@sg/domain';
import { columnLetters, type SourceDocument, type SourceTable } from '@sg/imports';
import { TEMPLATE_SHEETS, type TemplateSheet } from './plan-template';

/** One bad cell: which sheet, which cell (A1 notation), what is wrong (zh-CN). */
export interface CellError {
  sheet: string;
  cell: string;
  message: string;
}

export interface PlanImport {
  plan: { name: string; school: string; startYear: number; endYear: number };
  levels: { name: string; kind: 'school' | 'group'; weight: string; row: number }[];
  projects: { level: string; code: string; name: string; row: number }[];
  tasks: { level: string; project: string; title: string; ownerId: string; dueDate: string; row: number }[];
  indicators: (IndicatorSpec & {
    row: number;
    level: string;
    subcategory: IndicatorSubcategory;
    group: { code: string; name: string };
    code: string;
    name: string;
    kind: 'indicator' | 'achievement';
  })[];
}

const LEVEL_KINDS: Record<string, 'school' | 'group'> = { 学校层面: 'school', 专业群层面: 'group' };
const SUBCATEGORY_BY_NAME = Object.fromEntries(
  Object.entries(INDICATOR_SUBCATEGORIES).map(([key, value]) => [value.name, key as IndicatorSubcategory]),
);
const COMPARATORS: Record<string, '>=' | '>' | '<=' | '<' | '='> = {
  '≥': '>=',
  '>=': '>=',
  '>': '>',
  '≤': '<=',
  '<=': '<=',
  '<': '<',
  '=': '=',
};
const RULES: Record<string, IndicatorSpec['rule']> = {
  按比例: { kind: 'proportional' },
  达标: { kind: 'threshold' },
  人工: { kind: 'manual' },
};
const DECIMAL = /^\d{1,12}(\.\d{1,8})?$/;

/**
 * Checks every cell of the template's sheets, as extracted (bounded, off the request thread) by
 * @sg/imports, collecting every problem instead of stopping at the first, so the user can fix the
 * file in one pass. Nothing here writes anything.
 */
export function readPlanWorkbook(
  file: SourceDocument | undefined,
  ownerIdOf: (username: string) => string | undefined,
): { ok: true; value: PlanImport } | { ok: false; errors: CellError[] } {
  if (file?.format !== 'xlsx') {
    return {
      ok: false,
      errors: [{ sheet: '-', cell: '-', message: '文件不是有效的 XLSX 工作簿，请使用系统提供的模板。' }],
    };
  }
  const sheets = new Map<string, SourceTable>();
  for (const block of file.blocks) if (block.kind === 'table') sheets.set(block.table.name, block.table);
  const errors: CellError[] = [];
  const rowsOf = (name: TemplateSheet) => {
    const sheet = sheets.get(name);
    if (!sheet) {
      errors.push({ sheet: name, cell: '-', message: `缺少工作表「${name}」，请使用系统提供的模板。` });
      return [];
    }
    const textAt = (r: number, c: number) => sheet.rows[r - 1]?.[c]?.text ?? '';
    const headers = TEMPLATE_SHEETS[name];
    headers.forEach((header, i) => {
      if (textAt(1, i) !== header) {
        errors.push({ sheet: name, cell: `${columnLetters(i)}1`, message: `表头应为「${header}」` });
      }
    });
    const rows: { row: number; cell: (column: number) => string; at: (column: number) => string }[] = [];
    for (let r = 2; r <= sheet.rows.length; r++) {
      const values = headers.map((_, i) => textAt(r, i));
      if (values.every((v) => v === '')) continue;
      rows.push({ row: r, cell: (c) => values[c], at: (c) => `${columnLetters(c)}${r}` });
    }
    return rows;
  };
  const bad = (sheet: TemplateSheet, cell: string, message: string) => errors.push({ sheet, cell, message });
  const required = (
    sheet: TemplateSheet,
    r: { cell: (c: number) => string; at: (c: number) => string },
    c: number,
    max = 200,
  ) => {
    const value = r.cell(c);
    if (value === '' || value.length > max)
      bad(sheet, r.at(c), `「${TEMPLATE_SHEETS[sheet][c]}」不能为空，且不超过 ${max} 字`);
    return value;
  };

  const planRows = rowsOf('方案');
  const plan = { name: '', school: '', startYear: 0, endYear: 0 };
  if (planRows.length !== 1) bad('方案', 'A2', '“方案”表应恰好填写一行（第 2 行）');
  for (const r of planRows.slice(0, 1)) {
    plan.name = required('方案', r, 0);
    plan.school = required('方案', r, 1);
    for (const [c, key] of [
      [2, 'startYear'],
      [3, 'endYear'],
    ] as const) {
      const year = Number(r.cell(c));
      if (!/^\d{4}$/.test(r.cell(c)) || year < 2000 || year > 2100)
        bad('方案', r.at(c), '年份应为 2000–2100 之间的四位数字');
      else plan[key] = year;
    }
    if (plan.startYear && plan.endYear && plan.startYear > plan.endYear)
      bad('方案', r.at(3), '结束年份不能早于起始年份');
  }

  const levels: PlanImport['levels'] = [];
  for (const r of rowsOf('层面')) {
    const name = required('层面', r, 0, 100);
    if (levels.some((l) => l.name === name)) bad('层面', r.at(0), `层面「${name}」重复`);
    const kind = LEVEL_KINDS[r.cell(1)];
    if (!kind) bad('层面', r.at(1), '类型应为“学校层面”或“专业群层面”');
    const weight = r.cell(2);
    if (!DECIMAL.test(weight) || Number(weight) <= 0 || Number(weight) > 1)
      bad('层面', r.at(2), '权重应为大于 0、不超过 1 的小数');
    levels.push({ name, kind: kind ?? 'school', weight, row: r.row });
  }
  const levelNames = new Set(levels.map((l) => l.name));
  const requireLevel = (
    sheet: TemplateSheet,
    r: { cell: (c: number) => string; at: (c: number) => string },
  ) => {
    const level = r.cell(0);
    if (!levelNames.has(level)) bad(sheet, r.at(0), `层面「${level}」不在“层面”表中`);
    return level;
  };

  const projects: PlanImport['projects'] = [];
  for (const r of rowsOf('项目')) {
    const level = requireLevel('项目', r);
    const code = required('项目', r, 1, 20);
    if (projects.some((p) => p.level === level && p.code === code))
      bad('项目', r.at(1), `层面「${level}」中项目编号 ${code} 重复`);
    projects.push({ level, code, name: required('项目', r, 2), row: r.row });
  }

  const tasks: PlanImport['tasks'] = [];
  for (const r of rowsOf('任务')) {
    const level = requireLevel('任务', r);
    const project = r.cell(1);
    if (!projects.some((p) => p.level === level && p.code === project))
      bad('任务', r.at(1), `层面「${level}」中没有编号为 ${project} 的项目`);
    const title = required('任务', r, 2, 500);
    const username = r.cell(3).toLowerCase();
    const ownerId = ownerIdOf(username);
    if (!ownerId) bad('任务', r.at(3), `系统中没有用户名为「${r.cell(3)}」的可用账号`);
    let dueDate = r.cell(4);
    try {
      dueDate = requireDate(dueDate, '完成期限');
    } catch {
      bad('任务', r.at(4), '完成期限应为有效日期，格式 YYYY-MM-DD');
    }
    tasks.push({ level, project, title, ownerId: ownerId ?? '', dueDate, row: r.row });
  }

  const indicators: PlanImport['indicators'] = [];
  for (const r of rowsOf('指标')) {
    const level = requireLevel('指标', r);
    const subcategory = SUBCATEGORY_BY_NAME[r.cell(1)];
    if (!subcategory) bad('指标', r.at(1), `二级指标应为：${Object.keys(SUBCATEGORY_BY_NAME).join(' / ')}`);
    const group = { code: required('指标', r, 2, 30), name: required('指标', r, 3) };
    const code = required('指标', r, 4, 30);
    if (indicators.some((i) => i.level === level && i.code === code))
      bad('指标', r.at(4), `层面「${level}」中指标编号 ${code} 重复`);
    const name = required('指标', r, 5);
    const points = r.cell(6);
    if (!DECIMAL.test(points) || Number(points) > 100) bad('指标', r.at(6), '分值应为 0–100 的数字');
    let target: IndicatorSpec['target'] = { kind: 'qualitative', text: r.cell(8) || '-' };
    if (r.cell(7) === '定性') {
      if (r.cell(8) === '') bad('指标', r.at(8), '定性指标须写明目标');
    } else {
      const comparator = COMPARATORS[r.cell(7)];
      if (!comparator) bad('指标', r.at(7), '比较符应为 ≥ > ≤ < = 或“定性”');
      if (!DECIMAL.test(r.cell(8))) bad('指标', r.at(8), '目标值应为数字');
      target = { kind: 'numeric', comparator: comparator ?? '>=', value: r.cell(8), unit: r.cell(9) || '-' };
    }
    const rule = RULES[r.cell(10)];
    if (!rule) bad('指标', r.at(10), '评分规则应为：按比例 / 达标 / 人工');
    else if (rule.kind !== 'manual' && target.kind === 'qualitative')
      bad('指标', r.at(10), '定性目标只能“人工”评分');
    const kind =
      r.cell(11) === '标志性成果'
        ? 'achievement'
        : r.cell(11) === '指标' || r.cell(11) === ''
          ? 'indicator'
          : undefined;
    if (!kind) bad('指标', r.at(11), '类型应为“指标”或“标志性成果”');
    indicators.push({
      row: r.row,
      level,
      subcategory,
      group,
      code,
      name,
      points,
      target,
      rule: rule ?? { kind: 'manual' },
      kind: kind ?? 'indicator',
    });
  }

  if (errors.length === 0) errors.push(...simulate({ plan, levels, projects, tasks, indicators }));
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, value: { plan, levels, projects, tasks, indicators } };
}

/** Runs the plan's own rules over the whole import in memory, so a refused row is named before anything is written. */
function simulate(value: PlanImport): CellError[] {
  const errors: CellError[] = [];
  let state = fold(planDecider, [] as PlanEvent[]);
  const apply = (command: PlanCommand, sheet: TemplateSheet, cell: string) => {
    try {
      // `state` is this simulation's own: folded in place, or a large import would copy the plan per row.
      for (const event of planDecider.decide(command, state)) state = planDecider.evolveInPlace(state, event);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push({ sheet, cell, message: error.userMessage });
    }
  };
  apply({ type: 'CreatePlan', data: { planId: 'p', ...value.plan } }, '方案', 'A2');
  value.levels.forEach(({ row, ...level }, i) =>
    apply({ type: 'AddLevel', data: { planId: 'p', levelId: `L${i}`, ...level } }, '层面', `A${row}`),
  );
  const levelId = (name: string) => `L${value.levels.findIndex((l) => l.name === name)}`;
  value.projects.forEach((project, i) =>
    apply(
      {
        type: 'AddProject',
        data: {
          planId: 'p',
          projectId: `P${i}`,
          levelId: levelId(project.level),
          code: project.code,
          name: project.name,
        },
      },
      '项目',
      `A${project.row}`,
    ),
  );
  value.indicators.forEach((indicator, i) => {
    const { level, row, ...definition } = indicator;
    apply(
      {
        type: 'DefineIndicator',
        data: { ...definition, planId: 'p', indicatorId: `I${i}`, levelId: levelId(level) },
      },
      '指标',
      `A${row}`,
    );
  });
  return errors;
}
