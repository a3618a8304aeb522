import { Exact, type DeclaredFigure } from '@sg/domain';
import { DEMO_LEVELS } from './seed-plan';

/* The demo college's report as it prints its figures: what reconciliation compares the computed ones with. */

type Figure = DeclaredFigure;
const S = '学校层面';
const G = '煤化工技术专业群';
const fig = (
  value: string,
  measure: Figure['measure'],
  source: string,
  where: Omit<Figure, 'value' | 'measure' | 'source'> = {},
): Figure => ({
  ...where,
  measure,
  value,
  source,
});

const SCHOOL = DEMO_LEVELS.find((level) => level.key === 'school')!;
/** The completion rate (%) the report prints for each school-level project; its tasks and 完成数 are the plan's. */
const SCHOOL_PROJECT_PERCENTS = [95.55, 91.3, 100, 89.06, 88.48, 100, 96.87, 89.81, 58.08, 97.97];

/** The figures the report prints, as it prints them, for reconciliation with the computed ones. */
export const DEMO_DECLARATION: { report: string; cutoff: string; figures: Figure[] } = {
  report: '中期绩效自评报告（2022 年 5 月）',
  cutoff: '2021-12-31',
  figures: [
    fig('393', 'tasks', '一（一）总体目标：三年建设任务共 393 项'),
    fig('363', 'tasksCompleted', '一（一）总体目标：任务完成数共 363 项'),
    fig('92.37%', 'taskRate', '一（一）总体目标：完成率达 92.37%'),
    fig('303', 'tasks', '二（一）1 建设任务完成情况', { level: S }),
    fig('282', 'tasksCompleted', '二（一）1：已建设完成 282 项', { level: S }),
    fig('93.07%', 'taskRate', '二（一）1：完成率 93.07%', { level: S }),
    fig('18', 'tasksOverCompleted', '二（一）1：超额完成 18 项', { level: S }),
    fig('23', 'tasksOverCompleted', '二（一）2 ③ 时效指标 A：超额完成 23 项', { level: S }),
    ...SCHOOL.projects.flatMap(({ code: project, tasks, completed }, i) => [
      fig(String(tasks), 'tasks', `二（一）1 项目 ${project}`, { level: S, project }),
      fig(completed, 'tasksCompleted', `二（一）1 项目 ${project}`, { level: S, project }),
      fig(`${SCHOOL_PROJECT_PERCENTS[i]}%`, 'taskRate', `二（一）1 项目 ${project}`, { level: S, project }),
    ]),
    fig('90', 'tasks', '三（一）1 建设任务完成情况', { level: G }),
    fig('81', 'tasksCompleted', '三（一）1：已建设完成 81 项', { level: G }),
    fig('90%', 'taskRate', '三（一）1：完成率 90%', { level: G }),
    fig('84.62%', 'taskRate', '三（一）1 项目 9', { level: G, project: '9' }),

    fig('104', 'count', '表 1 合计', { level: S, subcategory: 'quantity' }),
    fig('95.3', 'completed', '表 1 合计', { level: S, subcategory: 'quantity' }),
    fig('36', 'overCompleted', '表 1 合计：超额完成 36 个', { level: S, subcategory: 'quantity' }),
    fig('19.05', 'score', '表 1 合计', { level: S, subcategory: 'quantity' }),
    fig('97.5%', 'scoreRate', '二（一）2 ① 数量指标：得分率为 97.5%', { level: S, subcategory: 'quantity' }),
    fig('89', 'count', '表 2 合计', { level: S, subcategory: 'quality' }),
    fig('81.48', 'completed', '表 2 合计', { level: S, subcategory: 'quality' }),
    fig('19.32', 'score', '表 2 合计', { level: S, subcategory: 'quality' }),
    fig('0.38', 'deduction', '二（一）2 ② 质量指标：扣 0.38 分', { level: S, subcategory: 'quality' }),
    fig('96.6%', 'scoreRate', '二（一）2 ② 质量指标：得分率为 96.6%', { level: S, subcategory: 'quality' }),
    fig('14.32', 'rowsScore', '二（一）2 ②：10 个项目的得分为 14.32 分', {
      level: S,
      subcategory: 'quality',
    }),
    fig('9', 'score', '二（一）2 ③ 时效指标', { level: S, subcategory: 'timeliness' }),
    fig('14.65', 'score', '二（一）2 (2) ① 社会效益指标', { level: S, subcategory: 'social' }),
    fig('98%', 'scoreRate', '二（一）2 (2) ①：得分率为 98%', { level: S, subcategory: 'social' }),
    fig('14.52', 'score', '二（一）2 (2) ② 可持续影响指标', { level: S, subcategory: 'sustainable' }),
    fig('96%', 'scoreRate', '二（一）2 (2) ②：得分率为 96%', { level: S, subcategory: 'sustainable' }),
    fig('47.37', 'score', '二（一）2 (1) 产出指标', { level: S, category: 'output' }),
    fig('2.63', 'deduction', '二（一）2 (1)：扣 2.63 分', { level: S, category: 'output' }),
    fig('94.74%', 'scoreRate', '二（一）2 (1)：得分率 94.74%', { level: S, category: 'output' }),
    fig('29.17', 'score', '二（一）2 (2) 效益指标', { level: S, category: 'benefit' }),
    fig('10', 'score', '二（一）2 (3) 满意度指标', { level: S, category: 'satisfaction' }),
    fig('8.5', 'score', '二（一）2 (4) 管理与执行指标', { level: S, category: 'management' }),
    fig('95.04', 'total', '二（一）综上：学校层面自评得分', { level: S }),

    fig('23', 'count', '表 6 合计', { level: G, subcategory: 'quantity' }),
    fig('22.3', 'completed', '表 6 合计', { level: G, subcategory: 'quantity' }),
    fig('19.3', 'score', '表 6 合计', { level: G, subcategory: 'quantity' }),
    fig('96.5%', 'scoreRate', '三（一）2 ① 数量指标：得分率为 96.5%', { level: G, subcategory: 'quantity' }),
    fig('24', 'count', '表 7 合计', { level: G, subcategory: 'quality' }),
    fig('20.48', 'completed', '表 7 合计', { level: G, subcategory: 'quality' }),
    fig('17.36', 'score', '表 7 合计', { level: G, subcategory: 'quality' }),
    fig('2.64', 'deduction', '三（一）2 ② 质量指标：扣 2.64 分', { level: G, subcategory: 'quality' }),
    fig('86.80%', 'scoreRate', '三（一）2 ②：得分率为 86.80%', { level: G, subcategory: 'quality' }),
    fig('16.36', 'rowsScore', '三（一）2 ②：9 个项目的得分为 16.36 分', { level: G, subcategory: 'quality' }),
    fig('8', 'score', '三（一）2 ③ 时效指标', { level: G, subcategory: 'timeliness' }),
    fig('15', 'score', '三（一）2 (2) ① 社会效益指标', { level: G, subcategory: 'social' }),
    fig('14.5', 'score', '三（一）2 (2) ② 可持续影响指标', { level: G, subcategory: 'sustainable' }),
    fig('44.66', 'score', '三（一）2 (1) 产出指标', { level: G, category: 'output' }),
    fig('7.34', 'deduction', '三（一）2 (1)：扣 7.34 分', { level: G, category: 'output' }),
    fig('85.32%', 'scoreRate', '三（一）2 (1)：得分率 85.32%', { level: G, category: 'output' }),
    fig('29.50', 'score', '三（一）2 (2) 效益指标', { level: G, category: 'benefit' }),
    fig('98.33%', 'scoreRate', '三（一）2 (2)：得分率 98.33%', { level: G, category: 'benefit' }),
    fig('10', 'score', '三（一）2 (3) 满意度指标', { level: G, category: 'satisfaction' }),
    fig('9', 'score', '三（一）2 (4) 管理与执行指标', { level: G, category: 'management' }),
    fig('93.16', 'total', '三（一）综上：专业群层面自评得分', { level: G }),

    fig('93.72', 'total', '一（一）总体目标：自评得分 93.72 分'),
    fig('优', 'grade', '按等级：≥ 90 为优'),

    ...DEMO_LEVELS.flatMap((level) =>
      [
        ...level.quantity.rows.map((r) => ['quantity', r] as const),
        ...level.quality.rows.map((r) => ['quality', r] as const),
      ].flatMap(([subcategory, r]) => [
        fig(String(r.count), 'count', `${level.key === 'school' ? '表 1 / 表 2' : '表 6 / 表 7'} ${r.code}`, {
          level: level.name,
          subcategory,
          row: r.code,
        }),
        fig(new Exact(r.completed).toDecimalPlaces(2).toString(), 'completed', `${r.code} 完成数`, {
          level: level.name,
          subcategory,
          row: r.code,
        }),
        fig(new Exact(r.score).toDecimalPlaces(2).toFixed(2), 'score', `${r.code} 得分`, {
          level: level.name,
          subcategory,
          row: r.code,
        }),
      ]),
    ),
    // 表6 prints 完成率 as actual over target, uncapped, beside 完成数 = 指标数.
    ...(
      [
        ['项目 2', '125%'],
        ['项目 3', '135%'],
        ['项目 4', '200%'],
        ['项目 7', '200%'],
      ] as const
    ).map(([row, rate]) =>
      fig(rate, 'rate', `表 6 ${row} 完成率`, { level: G, subcategory: 'quantity', row }),
    ),
    fig('83.75%', 'rate', '表 7 项目 3 完成率', { level: G, subcategory: 'quality', row: '项目 3' }),
  ],
};
