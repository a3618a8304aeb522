import type Database from 'better-sqlite3';
import type { CompletionBasis, TaskFields } from '@sg/contracts';
import { statement } from '../framework/statement-cache';
import { countWhere, tableViews, valuesOf } from '../framework/rows';
import { summariseCompletion, type CompletionSummary } from '@sg/domain';
import { isCurrent, type AsOf } from '../framework/as-of';
import { ProjectionViewCache } from '../framework/view-cache';
import { completionProjection } from './completion.projection';
import { ALL_TASKS, counts, readingOf, type CompletionReading } from './completion-reading';
import { planCompletion, type PlanCompletionView, type TaskSelection } from './plan-completion';
import { PlanCatalogQueries } from './plan-catalog.queries';
import {
  meanOfSubprojects,
  rolledUpCompletions,
  standingCompletions,
  standingReports,
  tasksAsOf,
  type TaskThen,
} from './standing';

export { ALL_TASKS, completionReading, readingOf, type CompletionReading } from './completion-reading';
export type { PlanCompletionView, TaskSelection } from './plan-completion';
export type { PlanListing } from './plan-catalog.queries';

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

const tasksTable = tableViews('cp_tasks', toTaskView);

/** Tasks and 完成率, as they stand or as of the bounds; the plan catalogue besides. */
export class CompletionQueries extends PlanCatalogQueries {
  private readonly planViews: ProjectionViewCache<PlanCompletionView>;

  constructor(db: Database.Database) {
    super(db);
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
    return {
      ...toTaskView(row),
      completion: meanOfSubprojects(children.map((child) => child.c)),
      progressDate: null,
    };
  }

  /**
   * Who owns a task as it stands (null: nobody); undefined when there is no such task. One indexed
   * row of one column: what the `task.report` policy asks on every submission, without the task's
   * view and its sub-projects' roll-up.
   */
  taskOwner(taskId: string): { ownerId: string | null } | undefined {
    const row = statement<[string], { owner_id: string | null }>(
      this.db,
      'SELECT owner_id FROM cp_tasks WHERE task_id = ?',
    ).get(taskId);
    return row && { ownerId: row.owner_id };
  }

  /** A project's tasks as they stand (withdrawn ones left out). */
  tasksOfProject(projectId: string): TaskView[] {
    return tasksTable.all(this.db, 'project_id = ? AND withdrawn = 0 ORDER BY rowid', projectId);
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
  tasksAsOf(planId: string, asOf: AsOf): Map<string, TaskThen> {
    return tasksAsOf(this.db, planId, asOf);
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
    const reports = standingReports(this.db, planId, asOf);
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

  /** A plan's tasks as they stand (子项目 included, withdrawn ones left out) in the order they were defined. */
  tasksOfPlan(planId: string): TaskView[] {
    return tasksTable.all(this.db, 'plan_id = ? AND withdrawn = 0 ORDER BY rowid', planId);
  }

  /** A plan's top-level tasks (子项目 left out), withdrawn ones included, in the order defined. */
  topLevelTaskIds(planId: string): string[] {
    return valuesOf<string>(
      this.db,
      'SELECT task_id FROM cp_tasks WHERE plan_id = ? AND parent_task_id IS NULL ORDER BY rowid',
      planId,
    );
  }

  /** Per task, the completion of the report with the latest effective date inside both bounds. */
  standingCompletions(planId: string, asOf: AsOf = {}): Map<string, string> {
    return standingCompletions(this.db, planId, asOf);
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
    return countWhere(this.db, 'cp_tasks', 'parent_task_id = ?', taskId) > 0;
  }

  /**
   * Each top-level task's completion: its own standing report, or, for a task broken into
   * 子项目, the mean of its sub-projects' (each counting at most 1).
   */
  rolledUpCompletions(planId: string, asOf: AsOf = {}): Map<string, string> {
    return rolledUpCompletions(this.db, planId, asOf);
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
    return planCompletion(this.db, planId, asOf, reading, only);
  }
}
