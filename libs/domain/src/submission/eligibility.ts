import { assertNever } from '../shared/decider';
import { STAGE_ROLES, type StageRole } from '../plan/approval-chain';
import { holds, isAuditor, type Standing } from '../user/standing';

/** Where a task sits: the scopes a reviewer's grant is matched against. */
export interface ReviewScope {
  planId: string;
  /** Absent only on submissions recorded before the project was kept with them. */
  projectId?: string;
}

/** Who a stage names: roles (matched to the task's scope) and users by name. */
export interface StageEligibility {
  roles: StageRole[];
  users: string[];
}

/** The grant scopes under which a role reviews a task of this plan and project. */
export function reviewerScopes(role: StageRole, task: ReviewScope): string[] {
  const project = task.projectId ? [`project:${task.projectId}`] : [];
  switch (role) {
    case 'project-lead':
      return project;
    case 'reviewer':
      return ['*', `plan:${task.planId}`, ...project];
    case 'office':
      return ['*', `plan:${task.planId}`];
    case 'leadership':
      return ['*'];
    default:
      return assertNever(role);
  }
}

/**
 * Whether a user could, right now, be named by a stage for this task: an active account, no
 * auditor grant, and either named by the stage or holding one of its roles in the task's scope.
 * A stage recorded without its eligibility (before it was kept) accepts any reviewer role.
 */
export function mayReviewStage(
  stage: { eligible?: StageEligibility },
  task: ReviewScope,
  who: Standing,
): boolean {
  if (!who.active || isAuditor(who)) return false;
  const eligible = stage.eligible ?? { roles: [...STAGE_ROLES], users: [] };
  return (
    eligible.users.includes(who.userId) ||
    eligible.roles.some((role) => reviewerScopes(role, task).some((scope) => holds(who, role, scope)))
  );
}
