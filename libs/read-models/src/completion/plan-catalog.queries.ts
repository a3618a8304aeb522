import { statement } from '../framework/statement-cache';
import { countWhere, viewsOf } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

/** A plan as the catalogue lists it. */
export interface PlanListing {
  planId: string;
  name: string;
  school: string;
  startYear: number;
  endYear: number;
}

interface PlanRow {
  plan_id: string;
  name: string;
  school: string;
  start_year: number;
  end_year: number;
}

const toPlanListing = (row: PlanRow): PlanListing => ({
  planId: row.plan_id,
  name: row.name,
  school: row.school,
  startYear: row.start_year,
  endYear: row.end_year,
});

/** The plans, their projects and who takes part: what the completion projection knows besides figures. */
export class PlanCatalogQueries extends ReadQueries {
  /** Plans seen to exist. A plan is never removed from the log, so a yes stays true; a no is asked again. */
  private readonly knownPlans = new Set<string>();

  plan(planId: string): (PlanListing & { revision: number }) | undefined {
    const row = statement<[string], PlanRow & { revision: number }>(
      this.db,
      'SELECT * FROM cp_plans WHERE plan_id = ?',
    ).get(planId);
    return row && { ...toPlanListing(row), revision: row.revision };
  }

  /** Every plan, oldest first (callers filter by what the reader may see). */
  plans(): PlanListing[] {
    return viewsOf(
      this.db,
      'SELECT plan_id, name, school, start_year, end_year FROM cp_plans ORDER BY rowid',
      toPlanListing,
    );
  }

  /** Every plan's id, in id order. */
  planIds(): string[] {
    return statement<[], { plan_id: string }>(this.db, 'SELECT plan_id FROM cp_plans ORDER BY plan_id')
      .all()
      .map((row) => row.plan_id);
  }

  /** A plan's projects and everyone who owns a task in it: whom its briefing concerns. */
  planMembers(planId: string): { projectIds: string[]; ownerIds: string[] } {
    const rows = statement<[string, string], { kind: 'project' | 'owner'; id: string }>(
      this.db,
      `SELECT 'project' AS kind, project_id AS id FROM cp_projects WHERE plan_id = ?
       UNION SELECT 'owner' AS kind, owner_id AS id FROM cp_tasks WHERE plan_id = ? AND owner_id IS NOT NULL`,
    ).all(planId, planId);
    return {
      projectIds: rows.filter((r) => r.kind === 'project').map((r) => r.id),
      ownerIds: rows.filter((r) => r.kind === 'owner').map((r) => r.id),
    };
  }

  /** The plan a project belongs to, if the project exists. */
  planOfProject(projectId: string): string | undefined {
    return statement<[string], { plan_id: string }>(
      this.db,
      'SELECT plan_id FROM cp_projects WHERE project_id = ?',
    ).get(projectId)?.plan_id;
  }

  planExists(planId: string): boolean {
    if (this.knownPlans.has(planId)) return true;
    const exists = countWhere(this.db, 'cp_plans', 'plan_id = ?', planId) > 0;
    if (exists) this.knownPlans.add(planId);
    return exists;
  }

  ownsTaskInPlan(ownerId: string, planId: string): boolean {
    return countWhere(this.db, 'cp_tasks', 'owner_id = ? AND plan_id = ?', ownerId, planId) > 0;
  }
}
