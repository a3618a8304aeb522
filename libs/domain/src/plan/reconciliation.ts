import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { DomainError } from '../shared/domain-error';
import { requireDate, requireText } from '../shared/values';
import {
  INDICATOR_CATEGORIES,
  INDICATOR_SUBCATEGORIES,
  type IndicatorCategory,
  type IndicatorSubcategory,
} from './indicators';

/** What a declared figure measures. */
export const DECLARED_MEASURES = {
  tasks: '建设任务数',
  tasksCompleted: '任务完成数',
  taskRate: '任务完成率',
  tasksOverCompleted: '超额完成任务数',
  count: '指标数',
  completed: '指标完成数',
  rate: '指标完成率',
  overCompleted: '超额完成指标数',
  score: '得分',
  deduction: '扣分',
  scoreRate: '得分率',
  rowsScore: '各项目行得分合计（不含标志性成果）',
  total: '总分',
  grade: '等级',
} as const;
export type DeclaredMeasure = keyof typeof DECLARED_MEASURES;

/**
 * A figure as a report prints it, and where it sits: the plan, a level (by name), a project (by
 * code), a 一级 / 二级 indicator, or a table row (by its code).
 */
export interface DeclaredFigure {
  level?: string;
  project?: string;
  category?: IndicatorCategory;
  subcategory?: IndicatorSubcategory;
  row?: string;
  measure: DeclaredMeasure;
  /** As printed: "282", "95.55%", "优". */
  value: string;
  /** Where in the report: "第 4 页，学校层面建设任务完成情况". */
  source: string;
}

export interface ReportDeclaration {
  planId: string;
  /** The report's name, e.g. 中期绩效自评报告（2022）; a new declaration replaces the old one. */
  report: string;
  cutoff: string;
  figures: DeclaredFigure[];
}

export type DeclarationCommand = Message<'DeclareReportFigures', ReportDeclaration>;
export type DeclarationEvent = Message<'ReportFiguresDeclared', ReportDeclaration>;

export const declarationStream = (planId: string): string => `declarations-${planId}`;

const VALUE = /^(-?\d+(\.\d+)?%?|优|良|中|差)$/;

function requireFigure(figure: DeclaredFigure, index: number): DeclaredFigure {
  const at = `第 ${index + 1} 个数字`;
  if (!(figure.measure in DECLARED_MEASURES))
    throw new DomainError('invalid', 'invalid-measure', `${at}：未知的口径`);
  if (!VALUE.test(figure.value)) {
    throw new DomainError(
      'invalid',
      'invalid-declared-value',
      `${at}：「${figure.value}」不是数字、百分数或等级`,
    );
  }
  if (figure.category && !(figure.category in INDICATOR_CATEGORIES)) {
    throw new DomainError('invalid', 'invalid-category', `${at}：一级指标不存在`);
  }
  if (figure.subcategory && !(figure.subcategory in INDICATOR_SUBCATEGORIES)) {
    throw new DomainError('invalid', 'invalid-subcategory', `${at}：二级指标不存在`);
  }
  if (figure.row && !figure.subcategory) {
    throw new DomainError('invalid', 'row-needs-subcategory', `${at}：表格行须同时给出二级指标`);
  }
  return { ...figure, source: requireText(figure.source, '出处', 200) };
}

/** The figures a report declares, kept so that each can be checked against the computed one. */
export const declarationDecider = ledgerDecider<DeclarationCommand, DeclarationEvent>(
  'ReportFiguresDeclared',
  (d) => {
    if (d.figures.length === 0 || d.figures.length > 2000) {
      throw new DomainError('invalid', 'no-figures', '请至少填写一个报告数字（至多 2000 个）。');
    }
    return {
      planId: d.planId,
      report: requireText(d.report, '报告名称', 200),
      cutoff: requireDate(d.cutoff, '截至日期'),
      figures: d.figures.map(requireFigure),
    };
  },
);
