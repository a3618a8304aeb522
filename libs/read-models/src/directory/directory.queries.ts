import type { DepartmentRef, DepartmentView, PeoplePage, PersonView, TaskUnitsView } from '@sg/contracts';
import { ROLE_NAMES } from '@sg/domain';
import { statement } from '../framework/statement-cache';
import { Conditions } from '../framework/conditions';
import { valuesOf } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

export interface PeopleSearch {
  q?: string;
  departmentId?: string;
  /** A grantable role or `task-owner`. */
  role?: string;
  page: number;
  pageSize: number;
  /** Also list candidates: enabled accounts that are in no plan yet (for the plan's office). */
  withCandidates: boolean;
  /** Show usernames (a caller who may manage users). */
  withUsernames: boolean;
}

interface MemberRow {
  user_id: string;
  display_name: string;
  username: string;
  department_id: string | null;
  department_name: string | null;
}

/**
 * Everyone with a role in a plan: school-wide grants (`*`), grants on the plan, grants on one of
 * its projects, and owners of its tasks. `?1` is the plan id.
 */
const PLAN_ROLES = `
  SELECT r.user_id, r.role, r.scope FROM u_roles r WHERE r.scope = '*'
  UNION SELECT r.user_id, r.role, r.scope FROM u_roles r WHERE r.scope = 'plan:' || ?1
  UNION SELECT r.user_id, r.role, r.scope FROM u_roles r
    JOIN cp_projects p ON r.scope = 'project:' || p.project_id WHERE p.plan_id = ?1
  UNION SELECT DISTINCT t.owner_id, 'task-owner', 'plan:' || ?1 FROM cp_tasks t
    WHERE t.plan_id = ?1 AND t.owner_id IS NOT NULL AND t.owner_id <> ''`;

/** Accounts in no plan at all: no grant and no task anywhere. */
const CANDIDATES = `
  SELECT u.user_id, NULL AS role, NULL AS scope FROM u_users u
  WHERE NOT EXISTS (SELECT 1 FROM u_roles r WHERE r.user_id = u.user_id)
    AND NOT EXISTS (SELECT 1 FROM cp_tasks t WHERE t.owner_id = u.user_id)`;

/** The people directory, departments and task units (ADR 0026). */
export class DirectoryQueries extends ReadQueries {
  departments(): DepartmentView[] {
    return statement<[], { department_id: string; name: string; people: number }>(
      this.db,
      `SELECT d.department_id, d.name,
         (SELECT count(*) FROM dir_user_departments m WHERE m.department_id = d.department_id) AS people
       FROM dir_departments d ORDER BY d.seq`,
    )
      .all()
      .map((d) => ({ departmentId: d.department_id, name: d.name, people: d.people }));
  }

  department(departmentId: string): DepartmentRef | undefined {
    const row = statement<[string], { name: string }>(
      this.db,
      'SELECT name FROM dir_departments WHERE department_id = ?',
    ).get(departmentId);
    return row && { departmentId, name: row.name };
  }

  departmentOf(userId: string): DepartmentRef | null {
    const row = statement<[string], { department_id: string; name: string }>(
      this.db,
      `SELECT d.department_id, d.name FROM dir_user_departments m
       JOIN dir_departments d ON d.department_id = m.department_id WHERE m.user_id = ?`,
    ).get(userId);
    return row ? { departmentId: row.department_id, name: row.name } : null;
  }

  /** A person's display name; undefined for an id no account has. */
  nameOf(userId: string): string | undefined {
    return statement<[string], { display_name: string }>(
      this.db,
      'SELECT display_name FROM u_users WHERE user_id = ?',
    ).get(userId)?.display_name;
  }

  /** Display names of these users (ids no account has are left out). */
  namesOf(userIds: Iterable<string>): Record<string, string> {
    const names: Record<string, string> = {};
    for (const id of new Set(userIds)) {
      const name = this.nameOf(id);
      if (name !== undefined) names[id] = name;
    }
    return names;
  }

  taskUnits(taskId: string): TaskUnitsView {
    const rows = statement<[string], { department_id: string; name: string; lead: number }>(
      this.db,
      `SELECT u.department_id, d.name, u.lead FROM dir_task_units u
       JOIN dir_departments d ON d.department_id = u.department_id WHERE u.task_id = ? ORDER BY d.seq`,
    ).all(taskId);
    const ref = (r: { department_id: string; name: string }) => ({
      departmentId: r.department_id,
      name: r.name,
    });
    const lead = rows.find((r) => r.lead === 1);
    return { lead: lead ? ref(lead) : null, participants: rows.filter((r) => r.lead === 0).map(ref) };
  }

  /** Tasks a department leads or takes part in. */
  tasksOfDepartment(departmentId: string): Set<string> {
    return this.taskIds('department_id = ?', departmentId);
  }

  /** Tasks a department leads (its 牵头单位 tasks). */
  tasksLedBy(departmentId: string): Set<string> {
    return this.taskIds('department_id = ? AND lead = 1', departmentId);
  }

  /** The tasks whose 牵头单位 / 参与单位 rows match `where`. */
  private taskIds(where: string, ...params: unknown[]): Set<string> {
    const sql = `SELECT task_id FROM dir_task_units WHERE ${where}`;
    return new Set(valuesOf<string>(this.db, sql, ...params));
  }

  /** Members of a plan (and, if asked, candidates), searched and paged; disabled accounts are left out. */
  people(planId: string, search: PeopleSearch): PeoplePage {
    const source = search.withCandidates ? `${PLAN_ROLES} UNION ${CANDIDATES}` : PLAN_ROLES;
    const conditions = new Conditions();
    const { params, where } = conditions;
    where.push('u.disabled = 0');
    if (search.q?.trim()) {
      const like = `%${search.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.q = like;
      where.push(
        search.withUsernames
          ? `(u.display_name LIKE @q ESCAPE '\\' OR u.username LIKE @q ESCAPE '\\')`
          : `u.display_name LIKE @q ESCAPE '\\'`,
      );
    }
    conditions
      .when('department', search.departmentId, 'm.department_id = @department')
      .when(
        'role',
        search.role,
        'EXISTS (SELECT 1 FROM roles r2 WHERE r2.user_id = u.user_id AND r2.role = @role)',
      );
    // Named parameters throughout: `?1` inside the CTE becomes @plan.
    const cte = `WITH roles AS (${source.replaceAll('?1', '@plan')})`;
    const from = `FROM u_users u LEFT JOIN dir_user_departments m ON m.user_id = u.user_id
      LEFT JOIN dir_departments d ON d.department_id = m.department_id
      WHERE u.user_id IN (SELECT user_id FROM roles) AND ${where.join(' AND ')}`;
    const all = { ...params, plan: planId };
    const total = this.db.prepare<object, { n: number }>(`${cte} SELECT count(*) AS n ${from}`).get(all)!.n;
    const rows = this.db
      .prepare<object, MemberRow>(
        `${cte} SELECT u.user_id, u.display_name, u.username, m.department_id, d.name AS department_name ${from}
         ORDER BY u.display_name, u.user_id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...all, limit: search.pageSize, offset: (search.page - 1) * search.pageSize });
    const roles = this.db.prepare<object, { role: string | null; scope: string | null }>(
      `${cte} SELECT role, scope FROM roles WHERE user_id = @user ORDER BY role, scope`,
    );
    const items = rows.map((row): PersonView => {
      const held = roles
        .all({ plan: planId, user: row.user_id })
        .filter((r): r is { role: string; scope: string } => r.role !== null && r.scope !== null)
        .map((r) => ({ role: r.role, scope: r.scope, label: this.roleLabel(r.role, r.scope) }));
      return {
        userId: row.user_id,
        displayName: row.display_name,
        department:
          row.department_id && row.department_name
            ? { departmentId: row.department_id, name: row.department_name }
            : null,
        roles: held,
        member: held.length > 0,
        ...(search.withUsernames ? { username: row.username } : {}),
      };
    });
    return { items, total, page: search.page, pageSize: search.pageSize };
  }

  /** Whether a person is a member of a plan (any role in it, or owns one of its tasks). */
  isMember(planId: string, userId: string): boolean {
    return (
      this.db
        .prepare<object, { n: number }>(
          `WITH roles AS (${PLAN_ROLES.replaceAll('?1', '@plan')}) SELECT count(*) AS n FROM roles WHERE user_id = @user`,
        )
        .get({ plan: planId, user: userId })!.n > 0
    );
  }

  private roleLabel(role: string, scope: string): string {
    const name = (ROLE_NAMES as Record<string, string>)[role] ?? role;
    if (scope === '*') return `${name}（全校）`;
    if (scope.startsWith('project:')) {
      const project = statement<[string], { code: string; name: string }>(
        this.db,
        'SELECT code, name FROM cp_projects WHERE project_id = ?',
      ).get(scope.slice('project:'.length));
      return project ? `${name}（项目 ${project.code} ${project.name}）` : name;
    }
    return name;
  }
}
