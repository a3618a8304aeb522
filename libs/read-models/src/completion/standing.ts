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

/** Per task, the completion of the report with the latest effective date inside both bounds. */
export function standingCompletions(db: Database.Database, planId: string, asOf: AsOf): Map<string, string> {
  if (isCurrent(asOf)) {
    // Unbounded, the standing report is the one the projection keeps on the task row by the same
    // rule (latest effective date, a later entry winning a tie): one row per task, not per report.
    const rows = statement<[string], { task_id: string; completion: string }>(
      db,
      `SELECT task_id, standing_completion AS completion FROM cp_tasks
         WHERE plan_id = ? AND standing_effective_date IS NOT NULL`,
    ).all(planId);
    return new Map(rows.map((row) => [row.task_id, row.completion]));
  }
  return new Map([...standingReports(db, planId, asOf)].map(([taskId, r]) => [taskId, r.completion]));
}

/**
 * Each top-level task's completion: its own standing report, or, for a task broken into
 * 子项目, the mean of its sub-projects' (each counting at most 1).
 */
export function rolledUpCompletions(db: Database.Database, planId: string, asOf: AsOf): Map<string, string> {
  const standing = standingCompletions(db, planId, asOf);
  const children = statement<[string], { task_id: string; parent_task_id: string }>(
    db,
    'SELECT task_id, parent_task_id FROM cp_tasks WHERE plan_id = ? AND parent_task_id IS NOT NULL',
  ).all(planId);
  const byParent = new Map<string, string[]>();
  for (const child of children) {
    byParent.set(child.parent_task_id, [
      ...(byParent.get(child.parent_task_id) ?? []),
      standing.get(child.task_id) ?? '0',
    ]);
  }
  for (const [parent, list] of byParent) standing.set(parent, meanOfSubprojects(list));
  return standing;
}
