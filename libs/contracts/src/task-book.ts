/**
 * What the web reads of `POST /api/plan-imports/task-book/preview` and `…/confirm` (the ministry's
 * 任务书 layout). libs/imports answers it with its own unions for the format, table and finding kinds.
 */
export type TaskBookFundSource = 'central' | 'local' | 'sponsor' | 'industry' | 'school';

export interface TaskBookFinding<Kind extends string = string> {
  kind: Kind;
  message: string;
  ref: string;
  text?: string;
}

export interface TaskBookPreviewView<
  Format extends string = string,
  Table extends string = string,
  Kind extends string = string,
> {
  format: Format;
  school?: string;
  recognised: {
    parts: number;
    tables: number;
    tasks: number;
    yearlyTasks: number;
    budgetLines: number;
    indicators: number;
  };
  parts: {
    number?: string;
    kind: 'school' | 'group';
    title: string;
    name?: string;
    tables: { kind: Table; label: string; heading: string; ref: string }[];
    tasks: {
      level1: number;
      level2: number;
      yearly: number;
      byYear: { label: string; year: number; count: number }[];
    };
    budgets: {
      kind: 'total' | 'annual';
      year?: number;
      heading: string;
      lines: number;
      totals: Record<TaskBookFundSource | 'all', string>;
      printedTotal?: Record<TaskBookFundSource | 'all', string>;
    }[];
    indicators: {
      total: number;
      byLevel1: { code: string; name: string; count: number }[];
      byLevel2: { code: string; name: string; count: number }[];
      byTarget: { numeric: number; range: number; qualitative: number };
    };
  }[];
  notRecognised: {
    total: number;
    kinds: { kind: Kind; label: string; count: number; examples: TaskBookFinding<Kind>[] }[];
  };
  findings?: { kind: Kind; offset: number; limit: number; total: number; items: TaskBookFinding<Kind>[] };
}

export interface TaskBookConfirmResult {
  id: string;
  position: number;
  levels: number;
  projects: number;
  tasks: number;
  indicators: number;
  budgets: number;
  findings: TaskBookPreviewView['notRecognised'];
}
