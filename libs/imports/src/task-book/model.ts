/** The ministry's 建设任务书 as read, before anything in the plan is made of it. */
export interface TaskBook {
  /** 申报学校 as printed on the cover or in 1-1 概况. */
  school?: string;
  parts: TaskBookPart[];
  /** What was read but looks wrong (sums that disagree) or was not read, with where it is. */
  findings: Finding[];
}

export type PartKind = 'school' | 'group';

export interface TaskBookPart {
  kind: PartKind;
  /** Number of the part as printed ("1", "2"), when it is numbered. */
  number?: string;
  /** "项目学校", "专业群一", … as the headings say. */
  title: string;
  /** The 专业群's or school's name from its 概况 table. */
  name?: string;
  /** The tables recognised in this part, by kind, with where each was found. */
  tables: { kind: TableKind; heading: string; ref: string }[];
  goal?: string;
  tasks: BuildTask[];
  budgets: Budget[];
  indicators: Indicator[];
}

export type TableKind = 'overview' | 'goal' | 'tasks' | 'budget-total' | 'budget-annual' | 'indicators';

/** One 二级任务 of 1-3 with its yearly items. */
export interface BuildTask {
  /** 序号 of the 一级任务 as printed. */
  number: string;
  level1: string;
  level2: string;
  ref: string;
  years: YearColumn[];
  items: YearlyItem[];
}

export interface YearColumn {
  /** "2020年度（含2019年度）" as printed, whitespace removed. */
  label: string;
  year: number;
  /** Further years the column includes ("含2019年度"). */
  includes: number[];
}

/** One ①②③ item of a year cell: one yearly task. */
export interface YearlyItem {
  year: number;
  /** The column's label, e.g. "2020年度（含2019年度）". */
  label: string;
  /** "①" …, or "" for a cell without numbered items. */
  marker: string;
  /** The item's text, whole, without its marker. */
  text: string;
  ref: string;
}

export const FUND_SOURCES = {
  central: '中央财政',
  local: '地方财政',
  sponsor: '举办方',
  industry: '行业企业',
  school: '学校自筹',
} as const;
export type FundSource = keyof typeof FUND_SOURCES;

/** 1-4 项目总预算 or 1-5 年度预算, amounts in 万元 as decimal strings. */
export interface Budget {
  kind: 'total' | 'annual';
  year?: number;
  heading: string;
  lines: BudgetLine[];
  /** Sums of the lines per source, and all sources. */
  totals: Record<FundSource | 'all', string>;
  /** The printed 合计 row, if there is one. */
  printedTotal?: Record<FundSource | 'all', string>;
}

export interface BudgetLine {
  level1: string;
  level2: string;
  ref: string;
  amounts: Record<FundSource, string>;
  /** The printed 小计 column of this line. */
  printedTotal: string;
}

export interface Indicator {
  level1: { code: string; name: string };
  level2: { code: string; name: string };
  /** The 三级 heading row (e.g. 1.1.1 打造技术技能人才培养高地) an indicator sits under, if any. */
  group?: { code: string; name: string };
  code: string;
  name: string;
  /** Unit printed after the name, e.g. "项" of "（项）". */
  unit?: string;
  target: Target;
  ref: string;
}

export type Comparator = '>=' | '>' | '<=' | '<' | '=';

export type Target =
  | {
      kind: 'numeric';
      /** As printed; null when the value has no sign ("2 项"). */
      comparator: Comparator | null;
      value: string;
      unit: string;
      text: string;
    }
  | { kind: 'range'; min: string; max: string; unit: string; text: string }
  | { kind: 'qualitative'; text: string };

export type FindingKind =
  | 'sum-mismatch'
  | 'unrecognised-table'
  | 'unrecognised-row'
  | 'unparsed-amount'
  | 'merged-across-years'
  | 'missing-table';

export interface Finding {
  kind: FindingKind;
  /** zh-CN. */
  message: string;
  /** The cell, table or paragraph concerned, as in the original file. */
  ref: string;
  /** The original text, when there is one. */
  text?: string;
}
