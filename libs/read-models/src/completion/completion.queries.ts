import type Database from 'better-sqlite3';
import type { CompletionBasis, TaskFields } from '@sg/contracts';
import { statement } from '../framework/statement-cache';
import { assertNever, Exact, summariseCompletion, type CompletionSummary } from '@sg/domain';
import { asOfClause, isCurrent, type AsOf } from '../framework/as-of';
import { ProjectionViewCache } from '../framework/view-cache';
import { completionProjection } from './completion.projection';

/**
 * Which tasks a completion figure counts: all of the plan's, or only those due on or before
 * `dueBy` (the caller's cut-off, or today without one).
 */
export type CompletionReading = { basis: 'all' } | { basis: 'due'; dueBy: string };

export const ALL_TASKS: CompletionReading = { basis: 'all' };

/** The reading a route answers: `due` compares due dates with the cut-off, or today without one. */
export function completionReading(basis: CompletionBasis, asOf: AsOf, today: string): CompletionReading {
  switch (basis) {
    case 'all':
      return ALL_TASKS;
    case 'due':
      return { basis: 'due', dueBy: asOf.cutoff ?? today };
    default:
      return assertNever(basis);
  }
}

/** What an answer says about its reading: the basis, and for `due` the date it compared with. */
export function readingOf(reading: CompletionReading): { basis: CompletionBasis; dueBy?: string } {
  return reading.basis === 'due' ? { basis: 'due', dueBy: reading.dueBy } : { basis: 'all' };
}

const counts = (reading: CompletionReading, dueDate: string): boolean =>
  reading.basis === 'all' || dueDate <= reading.dueBy;

/** A task as it stands, or as of a bound (shape: @sg/contracts). */
export type TaskView = TaskFields;

export interface ProjectCompletionView extends CompletionSummary {
  basis: CompletionBasis;
  dueBy?: string;
  projectId: string;
  planId: string;
  levelId: string;
  code: string;
  name: string;
}

interface TaskRow {
  task_id: string;
  plan_id: string;
  project_id: string;
  title: string;
  owner_id: string | null;
  due_date: string;
  year: number | null;
  primary_task: string | null;
  secondary_task: string | null;
  source_key: string | null;
  standing_completion: string;
  standing_effective_date: string | null;
  revision: number;
}

const toTaskView = (row: TaskRow): TaskView => ({
  taskId: row.task_id,
  planId: row.plan_id,
  projectId: row.project_id,
  title: row.title,
  ownerId: row.owner_id,
  sourceKey: row.source_key,
  dueDate: row.due_date,
  year: row.year,
  primaryTask: row.primary_task,
  secondaryTask: row.secondary_task,
  completion: row.standing_completion,
  progressDate: row.standing_effective_date,
  revision: row.revision,
});

export class CompletionQueries {
  private readonly planViews: ProjectionViewCache<PlanCompletionView>;

  constructor(private readonly db: Database.Database) {
    this.planViews = new ProjectionViewCache(db, completionProjection.name);
  }

  /** A task as it stands; one broken into 子项目 shows their rolled-up completion. */
  task(taskId: string): TaskView | undefined {
    const row = statement<[string], TaskRow>(this.db, 'SELECT * FROM cp_tasks WHERE task_id = ?').get(taskId);
    if (!row) return undefined;
    const children = statement<[string], { c: string }>(
      this.db,
      'SELECT standing_completion AS c FROM cp_tasks WHERE parent_task_id = ?',
    ).all(taskId);
    if (children.length === 0) return toTaskView(row);
    const mean = children
      .reduce((sum, child) => sum.plus(Exact.min(child.c, 1)), new Exact(0))
      .div(children.length);
    return { ...toTaskView(row), completion: mean.toString(), progressDate: null };
  }

  /** A project's tasks as they stand (withdrawn ones left out). */
  tasksOfProject(projectId: string): TaskView[] {
    return statement<[string], TaskRow>(
      this.db,
      'SELECT * FROM cp_tasks WHERE project_id = ? AND withdrawn = 0 ORDER BY rowid',
    )
      .all(projectId)
      .map(toTaskView);
  }

  /**
   * A project's tasks as of the bounds: those that were part of the plan then and not withdrawn,
   * each with its title, due date and year of then.
   */
  private tasksOfProjectAsOf(planId: string, projectId: string, asOf: AsOf): TaskView[] {
    const then = this.tasksAsOf(planId, asOf);
    return statement<[string], TaskRow>(this.db, 'SELECT * FROM cp_tasks WHERE project_id = ? ORDER BY rowid')
      .all(projectId)
      .flatMap((row) => {
        const version = then.get(row.task_id);
        return version ? [{ ...toTaskView(row), ...version }] : [];
      });
  }

  /**
   * Per task of the plan, the version standing as of the bounds (latest effective date inside
   * both, a later entry winning a tie); tasks added later, or withdrawn by then, are absent.
   */
  tasksAsOf(
    planId: string,
    asOf: AsOf,
  ): Map<string, { title: string; dueDate: string; year: number | null }> {
    const where = asOfClause(asOf, {
      effectiveDate: 'effective_date',
      recordedAt: 'recorded_at',
      position: 'position',
    });
    const rows = this.db
      .prepare<
        (string | number)[],
        { task_id: string; title: string; due_date: string; year: number | null; withdrawn: number }
      >(
        `SELECT task_id, title, due_date, year, withdrawn FROM cp_task_versions WHERE plan_id = ? AND ${where.sql}
         ORDER BY task_id, effective_date, position`,
      )
      .all(planId, ...where.params);
    const standing = new Map<string, (typeof rows)[number]>();
    for (const row of rows) standing.set(row.task_id, row);
    const present = new Map<string, { title: string; dueDate: string; year: number | null }>();
    for (const [taskId, row] of standing) {
      if (row.withdrawn === 0)
        present.set(taskId, { title: row.title, dueDate: row.due_date, year: row.year });
    }
    return present;
  }

  /**
   * A project's tasks, each as it stood as of the bounds (子项目 rolled up); unbounded, as it
   * stands. `revision` stays the stream's current one: it is the ETag a change must match.
   */
  projectTasks(projectId: string, asOf: AsOf = {}, reading: CompletionReading = ALL_TASKS): TaskView[] {
    if (isCurrent(asOf)) {
      return this.tasksOfProject(projectId)
        .filter((task) => counts(reading, task.dueDate))
        .map((row) => this.task(row.taskId)!);
    }
    const planId = this.planOfProject(projectId);
    if (!planId) return [];
    const rows = this.tasksOfProjectAsOf(planId, projectId, asOf).filter((task) =>
      counts(reading, task.dueDate),
    );
    if (rows.length === 0) return [];
    const reports = this.standingReports(planId, asOf);
    const rolled = this.rolledUpCompletions(planId, asOf);
    return rows.map((row) => ({
      ...row,
      completion: rolled.get(row.taskId) ?? '0',
      progressDate: this.hasSubprojects(row.taskId) ? null : (reports.get(row.taskId)?.effectiveDate ?? null),
    }));
  }

  /** A project's task count, completed count and rate, as of the bounds (unbounded: as it stands). */
  project(
    projectId: string,
    asOf: AsOf = {},
    reading: CompletionReading = ALL_TASKS,
  ): ProjectCompletionView | undefined {
    const project = statement<
      [string],
      { project_id: string; plan_id: string; level_id: string; code: string; name: string }
    >(this.db, 'SELECT project_id, plan_id, level_id, code, name FROM cp_projects WHERE project_id = ?').get(
      projectId,
    );
    if (!project) return undefined;
    const completions = isCurrent(asOf)
      ? statement<[string], { c: string; due_date: string }>(
          this.db,
          'SELECT standing_completion AS c, due_date FROM cp_tasks WHERE project_id = ? AND withdrawn = 0',
        )
          .all(projectId)
          .filter((r) => counts(reading, r.due_date))
          .map((r) => r.c)
      : this.completionsOfProject(project.plan_id, projectId, asOf, reading);
    return {
      projectId: project.project_id,
      planId: project.plan_id,
      levelId: project.level_id,
      code: project.code,
      name: project.name,
      ...readingOf(reading),
      ...summariseCompletion(completions),
    };
  }

  plan(
    planId: string,
  ):
    | { planId: string; name: string; school: string; startYear: number; endYear: number; revision: number }
    | undefined {
    const row = statement<
      [string],
      {
        plan_id: string;
        name: string;
        school: string;
        start_year: number;
        end_year: number;
        revision: number;
      }
    >(this.db, 'SELECT * FROM cp_plans WHERE plan_id = ?').get(planId);
    return (
      row && {
        planId: row.plan_id,
        name: row.name,
        school: row.school,
        startYear: row.start_year,
        endYear: row.end_year,
        revision: row.revision,
      }
    );
  }

  /** Every plan, oldest first (callers filter by what the reader may see). */
  plans(): { planId: string; name: string; school: string; startYear: number; endYear: number }[] {
    return statement<
      [],
      { plan_id: string; name: string; school: string; start_year: number; end_year: number }
    >(this.db, 'SELECT plan_id, name, school, start_year, end_year FROM cp_plans ORDER BY rowid')
      .all()
      .map((row) => ({
        planId: row.plan_id,
        name: row.name,
        school: row.school,
        startYear: row.start_year,
        endYear: row.end_year,
      }));
  }

  /** The tasks one person owns, soonest due first, each as it stands (子项目 rolled up). */
  tasksOwnedBy(ownerId: string): (TaskView & { projectCode: string; projectName: string })[] {
    return statement<[string], { task_id: string; code: string; name: string }>(
      this.db,
      `SELECT t.task_id, p.code, p.name FROM cp_tasks t JOIN cp_projects p ON p.project_id = t.project_id
       WHERE t.owner_id = ? AND t.withdrawn = 0 ORDER BY t.due_date, t.rowid`,
    )
      .all(ownerId)
      .map((row) => ({ ...this.task(row.task_id)!, projectCode: row.code, projectName: row.name }));
  }

  /** Every plan's id, in id order. */
  planIds(): string[] {
    return statement<[], { plan_id: string }>(this.db, 'SELECT plan_id FROM cp_plans ORDER BY plan_id')
      .all()
      .map((row) => row.plan_id);
  }

  /** A plan's tasks as they stand (子项目 included, withdrawn ones left out) in the order they were defined. */
  tasksOfPlan(planId: string): TaskView[] {
    return statement<[string], TaskRow>(
      this.db,
      'SELECT * FROM cp_tasks WHERE plan_id = ? AND withdrawn = 0 ORDER BY rowid',
    )
      .all(planId)
      .map(toTaskView);
  }

  /** A plan's top-level tasks (子项目 left out), withdrawn ones included, in the order defined. */
  topLevelTaskIds(planId: string): string[] {
    return statement<[string], { task_id: string }>(
      this.db,
      'SELECT task_id FROM cp_tasks WHERE plan_id = ? AND parent_task_id IS NULL ORDER BY rowid',
    )
      .all(planId)
      .map((row) => row.task_id);
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
    return (
      statement<[string], { n: number }>(this.db, 'SELECT count(*) AS n FROM cp_plans WHERE plan_id = ?').get(
        planId,
      )!.n > 0
    );
  }

  ownsTaskInPlan(ownerId: string, planId: string): boolean {
    return (
      statement<[string, string], { n: number }>(
        this.db,
        'SELECT count(*) AS n FROM cp_tasks WHERE owner_id = ? AND plan_id = ?',
      ).get(ownerId, planId)!.n > 0
    );
  }

  /** Per task, the completion of the report with the latest effective date inside both bounds. */
  standingCompletions(planId: string, asOf: AsOf = {}): Map<string, string> {
    if (isCurrent(asOf)) {
      // Unbounded, the standing report is the one the projection keeps on the task row by the same
      // rule (latest effective date, a later entry winning a tie): one row per task, not per report.
      const rows = statement<[string], { task_id: string; completion: string }>(
        this.db,
        `SELECT task_id, standing_completion AS completion FROM cp_tasks
         WHERE plan_id = ? AND standing_effective_date IS NOT NULL`,
      ).all(planId);
      return new Map(rows.map((row) => [row.task_id, row.completion]));
    }
    return new Map([...this.standingReports(planId, asOf)].map(([taskId, r]) => [taskId, r.completion]));
  }

  /**
   * Per task, the report with the latest effective date inside both bounds (a later entry wins a
   * tie): its completion and the date it took effect.
   */
  private standingReports(
    planId: string,
    asOf: AsOf,
  ): Map<string, { completion: string; effectiveDate: string }> {
    const where = asOfClause(asOf, {
      effectiveDate: 'p.effective_date',
      recordedAt: 'p.recorded_at',
      position: 'p.position',
    });
    const reports = this.db
      .prepare<(string | number)[], { task_id: string; completion: string; effective_date: string }>(
        `SELECT k.key AS task_id, p.completion, p.effective_date FROM cp_task_progress p
         JOIN cp_keys k ON k.id = p.task
         WHERE p.plan = (SELECT id FROM cp_keys WHERE key = ?) AND ${where.sql}
         ORDER BY p.task, p.effective_date, p.position`,
      )
      .all(planId, ...where.params);
    const standing = new Map<string, { completion: string; effectiveDate: string }>();
    for (const report of reports) {
      standing.set(report.task_id, { completion: report.completion, effectiveDate: report.effective_date });
    }
    return standing;
  }

  /** Every task of a project (子项目 counted as themselves), each as its standing report inside the bounds. */
  private completionsOfProject(
    planId: string,
    projectId: string,
    asOf: AsOf,
    reading: CompletionReading,
  ): string[] {
    const standing = this.standingCompletions(planId, asOf);
    return this.tasksOfProjectAsOf(planId, projectId, asOf)
      .filter((task) => counts(reading, task.dueDate))
      .map((task) => standing.get(task.taskId) ?? '0');
  }

  hasSubprojects(taskId: string): boolean {
    return (
      statement<[string], { n: number }>(
        this.db,
        'SELECT count(*) AS n FROM cp_tasks WHERE parent_task_id = ?',
      ).get(taskId)!.n > 0
    );
  }

  /**
   * Each top-level task's completion: its own standing report, or, for a task broken into
   * 子项目, the mean of its sub-projects' (each counting at most 1).
   */
  rolledUpCompletions(planId: string, asOf: AsOf = {}): Map<string, string> {
    const standing = this.standingCompletions(planId, asOf);
    const children = statement<[string], { task_id: string; parent_task_id: string }>(
      this.db,
      'SELECT task_id, parent_task_id FROM cp_tasks WHERE plan_id = ? AND parent_task_id IS NOT NULL',
    ).all(planId);
    const byParent = new Map<string, string[]>();
    for (const child of children) {
      byParent.set(child.parent_task_id, [
        ...(byParent.get(child.parent_task_id) ?? []),
        standing.get(child.task_id) ?? '0',
      ]);
    }
    for (const [parent, list] of byParent) {
      const mean = list.reduce((sum, c) => sum.plus(Exact.min(c, 1)), new Exact(0)).div(list.length);
      standing.set(parent, mean.toString());
    }
    return standing;
  }

  /**
   * The plan's completion view, computed once per completion-projection commit and as-of: callers
   * must not mutate it (the next caller gets the same object).
   */
  planCompletionView(
    planId: string,
    asOf: AsOf = {},
    reading: CompletionReading = ALL_TASKS,
    only?: TaskSelection,
  ): PlanCompletionView {
    const key = JSON.stringify([
      planId,
      asOf.cutoff,
      asOf.knownAt,
      asOf.position,
      readingOf(reading),
      only?.key,
    ]);
    return this.planViews.get(key, () => this.planCompletion(planId, asOf, reading, only));
  }

  /** Top-level tasks only (a 子项目 counts through its parent, whose due date decides). */
  planCompletion(
    planId: string,
    asOf: AsOf = {},
    reading: CompletionReading = ALL_TASKS,
    only?: TaskSelection,
  ): PlanCompletionView {
    const standing = this.rolledUpCompletions(planId, asOf);

    // As it stands: the tasks not withdrawn. As of a bound: the tasks of the plan then, with their due dates then.
    const then = isCurrent(asOf) ? undefined : this.tasksAsOf(planId, asOf);
    const tasks = statement<
      [string],
      { task_id: string; project_id: string; due_date: string; withdrawn: number }
    >(
      this.db,
      'SELECT task_id, project_id, due_date, withdrawn FROM cp_tasks WHERE plan_id = ? AND parent_task_id IS NULL ORDER BY rowid',
    )
      .all(planId)
      .flatMap((task) => {
        if (!then) return task.withdrawn === 0 ? [task] : [];
        const version = then.get(task.task_id);
        return version ? [{ ...task, due_date: version.dueDate }] : [];
      })
      .filter((task) => counts(reading, task.due_date) && (!only || only.tasks.has(task.task_id)));
    const byProject = new Map<string, string[]>();
    for (const task of tasks) {
      const list = byProject.get(task.project_id) ?? [];
      list.push(standing.get(task.task_id) ?? '0');
      byProject.set(task.project_id, list);
    }
    const levels = statement<[string], { level_id: string; name: string; kind: string }>(
      this.db,
      'SELECT level_id, name, kind FROM cp_levels WHERE plan_id = ? ORDER BY seq',
    ).all(planId);
    const projects = statement<
      [string],
      { project_id: string; level_id: string; code: string; name: string }
    >(this.db, 'SELECT project_id, level_id, code, name FROM cp_projects WHERE plan_id = ? ORDER BY seq').all(
      planId,
    );
    const levelViews = levels.map((level) => {
      const mine = projects.filter((p) => p.level_id === level.level_id);
      return {
        levelId: level.level_id,
        name: level.name,
        kind: level.kind,
        ...summariseCompletion(mine.flatMap((p) => byProject.get(p.project_id) ?? [])),
        projects: mine.map((p) => ({
          projectId: p.project_id,
          code: p.code,
          name: p.name,
          ...summariseCompletion(byProject.get(p.project_id) ?? []),
        })),
      };
    });
    return {
      planId,
      asOf,
      ...readingOf(reading),
      ...summariseCompletion(tasks.map((t) => standing.get(t.task_id) ?? '0')),
      levels: levelViews,
    };
  }
}

/** Some of a plan's tasks (a department's), with a key naming the selection for the view cache. */
export interface TaskSelection {
  key: string;
  tasks: ReadonlySet<string>;
}

export interface PlanCompletionView extends CompletionSummary {
  planId: string;
  asOf: AsOf;
  basis: CompletionBasis;
  dueBy?: string;
  levels: (CompletionSummary & {
    levelId: string;
    name: string;
    kind: string;
    projects: (CompletionSummary & { projectId: string; code: string; name: string })[];
  })[];
}
