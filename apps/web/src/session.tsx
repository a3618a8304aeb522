import { createContext, useContext } from 'react';
import type { Me, PlanSummary } from '@sg/contracts';

/** What a signed-in person may do, derived from their role grants (the API decides; this picks the menu). */
export interface Abilities {
  /** 项目办 for every plan: users, new plans, imports. */
  administrator: boolean;
  /** 领导小组, 审计 / 评价专家 and the administrator read everything. */
  readsEverything: boolean;
  auditor: boolean;
  /** 项目办 of the given plan (or of every plan). */
  officeOf: (planId: string) => boolean;
  /** Has any office grant (some plan). */
  office: boolean;
  /** May review (project lead, reviewer or office). */
  reviews: boolean;
  /** 项目负责人 of some project. */
  leadsProject: boolean;
  /** An outside 评审专家: sees the expert review and nothing else. */
  expert: boolean;
}

export function abilitiesOf(me: Me): Abilities {
  const has = (role: string, scope?: string) =>
    me.roles.some((g) => g.role === role && (scope === undefined || g.scope === scope));
  const administrator = has('office', '*');
  return {
    administrator,
    readsEverything: administrator || has('leadership', '*') || has('auditor', '*'),
    auditor: has('auditor'),
    officeOf: (planId) => administrator || has('office', `plan:${planId}`),
    office: has('office'),
    reviews: has('office') || has('project-lead') || has('reviewer'),
    leadsProject: has('project-lead'),
    expert: has('expert'),
  };
}

/**
 * Where a role's work is, the page it lands on after signing in: the office the plan's health and
 * who is late; leadership and auditors the 总览; a project lead their project's tasks; a reviewer
 * the 待办; everyone else (a task owner) 我的任务. Someone with several roles lands at the first.
 */
export function homePathOf(me: Me): string {
  const has = (role: string, scope?: string) =>
    me.roles.some((g) => g.role === role && (scope === undefined || g.scope === scope));
  if (has('expert')) return '/expert-review';
  if (has('office')) return '/health';
  if (has('leadership') || has('auditor')) return '/';
  if (has('project-lead')) return '/project';
  if (has('reviewer')) return '/reviews';
  return '/tasks';
}

export interface Session {
  me: Me;
  can: Abilities;
  plans: PlanSummary[];
  plan: PlanSummary | undefined;
  selectPlan: (planId: string) => void;
  signOut: () => void;
  /** Re-reads the plans (after one was created or imported). */
  reloadPlans: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}

export const ROLE_NAMES: Record<string, string> = {
  office: '项目办',
  'project-lead': '项目负责人',
  reviewer: '审核人',
  leadership: '领导小组',
  auditor: '审计 / 评价专家',
  expert: '评审专家（校外）',
};

export function roleLabel(grant: { role: string; scope: string }): string {
  const name = ROLE_NAMES[grant.role] ?? grant.role;
  if (grant.scope === '*') return `${name}（全部）`;
  const [kind] = grant.scope.split(':');
  const kindName =
    kind === 'plan' ? '方案' : kind === 'project' ? '项目' : kind === 'level' ? '层面' : '范围';
  return `${name}（${kindName}）`;
}
