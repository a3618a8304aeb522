import type { CompletionBasis } from './enums';

/* A plan and its 完成率 (tasks done against tasks counted), level by level and project by project. */

export interface PlanSummary {
  planId: string;
  name: string;
  school: string;
  startYear: number;
  endYear: number;
}

export interface CompletionDisplay {
  total: string;
  completed: string;
  rate: string;
  remark: string;
}

export interface CompletionSummary {
  total: number;
  completed: string;
  rate: string;
  overCompleted: number;
  display: CompletionDisplay;
}

/** A plan's figures, level by level and project by project, each summarised as `S`. */
export type PlanCompletionOf<S> = S & {
  planId: string;
  /** Which tasks the figures count. */
  basis: CompletionBasis;
  /** The date `due` compares due dates with: the cut-off, or today without one. */
  dueBy?: string;
  levels: (S & {
    levelId: string;
    name: string;
    kind: string;
    projects: (S & { projectId: string; code: string; name: string })[];
  })[];
};

export type PlanCompletion = PlanCompletionOf<CompletionSummary>;
