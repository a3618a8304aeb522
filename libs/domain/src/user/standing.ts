import type { UserState } from './user';

/**
 * A user as an authorization decision sees them at the moment of a command: folded from their
 * own stream by the handler, never taken from a view that may lag behind a revocation.
 */
export interface Standing {
  userId: string;
  /** The user's stream exists. */
  exists: boolean;
  /** Exists and is not disabled. */
  active: boolean;
  /** `role@scope`, e.g. `project-lead@project:…`. */
  grants: readonly string[];
  /** The 部门 the user belongs to now, if any. */
  departmentId?: string | null;
}

export function standingOf(userId: string, state: UserState): Standing {
  return {
    userId,
    exists: state.exists,
    active: state.exists && !state.disabled,
    grants: [...state.grants].sort(),
    departmentId: state.departmentId,
  };
}

export const holds = (standing: Standing, role: string, scope: string): boolean =>
  standing.grants.includes(`${role}@${scope}`);

/** Auditors (审计 / 评价专家) read everything and write nothing: their independence depends on it. */
export const isAuditor = (standing: Standing): boolean => holds(standing, 'auditor', '*');

/** The acting user may write at all: an active account that holds no auditor grant. */
export const mayWrite = (standing: Standing): boolean => standing.active && !isAuditor(standing);
