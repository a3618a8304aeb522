/** Reviewer roles a stage may name; each is matched to the task's project and plan. */
export const STAGE_ROLES = ['project-lead', 'reviewer', 'office', 'leadership'] as const;
export type StageRole = (typeof STAGE_ROLES)[number];

/** 或签: any one reviewer; 会签: all of them; or a share of them (e.g. 0.5). */
export type StageRule = { kind: 'any' } | { kind: 'all' } | { kind: 'share'; share: string };

/** A stage of an approval chain as configured: who may review, and how many must agree. */
export interface StageSpec {
  name: string;
  rule: StageRule;
  reviewers: { roles: StageRole[]; users: string[] };
}
