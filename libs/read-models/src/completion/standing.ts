import type Database from 'better-sqlite3';
import { Exact } from '@sg/domain';
import { statement } from '../framework/statement-cache';
import { asOfClause, asOfColumns, isCurrent, type AsOf } from '../framework/as-of';
import { standingRows } from '../framework/standing-rows';

/* What stood as of the bounds: each task's version and its standing progress report. */

/** A task's title, due date and year as they stood. */
export interface TaskThen {
  title: string;
  dueDate: string;
  year: number | null;
}

/** The mean of 子项目 completions, each counting at most 1: a broken-up task's completion. */
export function meanOfSubprojects(completions: string[]): string {
  return completions
    .reduce((sum, c) => sum.plus(Exact.min(c, 1)), new Exact(0))
    .div(completions.length)
    .toString();
}

/**
 * Per task of the plan, the version standing as of the bounds (latest effective date inside
 * both, a later entry winning a tie); tasks added later, or withdrawn by then, are absent.
 */
export function tasksAsOf(db: Database.Database, planId: string, asOf: AsOf): Map<string, TaskThen> {
  const standing = standingRows<{
    task_id: string;
    title: string;
    due_date: string;
    year: number | null;
    withdrawn: number;
  }>(
    db,
    'SELECT task_id, title, due_date, year, withdrawn FROM cp_task_versions WHERE plan_id = ?',
    'task_id, effective_date, position',
    planId,
    asOf,
    (row) => row.task_id,
  );
  const present = new Map<string, TaskThen>();
  for (const [taskId, row] of standing) {
    if (row.withdrawn === 0) present.set(taskId, { title: row.title, dueDate: row.due_date, year: row.year });
  }
  return present;
}

/**
 * Per task, the report with the latest effective date inside both bounds (a later entry wins a
 * tie): its completion and the date it took effect.
 */
export function standingReports(
  db: Database.Database,
  planId: string,
  asOf: AsOf,
): Map<string, { completion: string; effectiveDate: string }> {
  const where = asOfClause(asOf, asOfColumns('p'));
  const reports = db
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

/**
 * A plan's task as completion figures need it. `seq` is its rowid: the order tasks were defined
 * in, which every figure sums in.
 */
export interface PlanTaskRow {
  seq: number;
  task_id: string;
  project_id: string;
  parent_task_id: string | null;
  due_date: string;
  withdrawn: number;
  standing_completion: string;
  standing_effective_date: string | null;
}

type PlanTaskTuple = [number, string, string, string | null, string, number, string, string | null];

/**
 * Every task of a plan (子项目 and withdrawn ones included), in the order defined: one range of
 * the covering index `cp_tasks_of_plan`, none of the task rows. Sorted here: `ORDER BY rowid`
 * would have SQLite take a narrower index and fetch every row. Read as arrays: building the
 * objects in JavaScript costs half what the driver's per-column objects do.
 */
export function planTaskRows(db: Database.Database, planId: string): PlanTaskRow[] {
  return statement<[string], PlanTaskTuple>(
    db,
    `SELECT rowid, task_id, project_id, parent_task_id, due_date, withdrawn, standing_completion,
       standing_effective_date FROM cp_tasks WHERE plan_id = ?`,
  )
    .raw(true)
    .all(planId)
    .map((r): PlanTaskRow => ({
      seq: r[0],
      task_id: r[1],
      project_id: r[2],
      parent_task_id: r[3],
      due_date: r[4],
      withdrawn: r[5],
      standing_completion: r[6],
      standing_effective_date: r[7],
    }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Unbounded, the standing report is the one the projection keeps on the task row by the same
 * rule (latest effective date, a later entry winning a tie): one row per task, not per report.
 */
function currentStanding(tasks: readonly PlanTaskRow[]): Map<string, string> {
  const standing = new Map<string, string>();
  for (const task of tasks) {
    if (task.standing_effective_date !== null) standing.set(task.task_id, task.standing_completion);
  }
  return standing;
}

/** Per task, the completion of the report with the latest effective date inside both bounds. */
export function standingCompletions(db: Database.Database, planId: string, asOf: AsOf): Map<string, string> {
  if (isCurrent(asOf)) return currentStanding(planTaskRows(db, planId));
  return new Map([...standingReports(db, planId, asOf)].map(([taskId, r]) => [taskId, r.completion]));
}

/**
 * Each top-level task's completion: its own standing report, or, for a task broken into
 * 子项目, the mean of its sub-projects' (each counting at most 1). `tasks` are the plan's
 * (`planTaskRows`), passed by a caller that reads them anyway.
 */
export function rolledUpCompletions(
  db: Database.Database,
  planId: string,
  asOf: AsOf,
  tasks: readonly PlanTaskRow[] = planTaskRows(db, planId),
): Map<string, string> {
  const standing = isCurrent(asOf) ? currentStanding(tasks) : standingCompletions(db, planId, asOf);
  const byParent = new Map<string, string[]>();
  for (const child of tasks) {
    if (child.parent_task_id === null) continue;
    const list = byParent.get(child.parent_task_id) ?? [];
    list.push(standing.get(child.task_id) ?? '0');
    byParent.set(child.parent_task_id, list);
  }
  for (const [parent, list] of byParent) standing.set(parent, meanOfSubprojects(list));
  return standing;
}
