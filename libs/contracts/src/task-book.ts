/**
 * What the web reads of `POST /api/plan-imports/task-book/preview` and `…/confirm` (the ministry's
 * 任务书 layout). Mirrors libs/imports' TaskBookPreview; the web imports only contracts.
 */
export type TaskBookFundSource = 'central' | 'local' | 'sponsor' | 'industry' | 'school';

export interface TaskBookFinding {
  kind: string;
  message: string;
  ref: string;
  text?: string;
}

export interface TaskBookPreviewView {
  format: string;
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
    tables: { kind: string; label: string; heading: string; ref: string }[];
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
    kinds: { kind: string; label: string; count: number; examples: TaskBookFinding[] }[];
  };
  findings?: { kind: string; offset: number; limit: number; total: number; items: TaskBookFinding[] };
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
