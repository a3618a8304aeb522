import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import type { TaskEvent } from '@sg/domain';
import { keyOf } from '../framework/keys';
import { statement } from '../framework/statement-cache';
import { insertRows, type BulkRows } from '../framework/bulk-rows';
import { loadsIntoNewFile } from '../framework/read-model-database';

export const PROGRESS_INSERT =
  'INSERT INTO cp_task_progress (position, task, plan, effective_date, recorded_at, completion)';

type Progress = Extract<TaskEvent, { type: 'TaskProgressRecorded' }>['data'];

/** A progress report's row in `cp_task_progress`. */
export function progressRow(
  db: Database.Database,
  recorded: ProjectedEvent,
  d: Progress,
  planId: string,
): unknown[] {
  return [
    recorded.position,
    keyOf(db, 'cp_keys', d.taskId),
    keyOf(db, 'cp_keys', planId),
    d.effectiveDate,
    recorded.metadata.time,
    d.completion,
  ];
}

/**
 * A task's standing report as a load from zero folds it: staged once per batch (once per load, into
 * a new file), not written once per report.
 */
interface Standing {
  /** The task's and its plan's `cp_keys` ids, handed out as `progressRow` would (task first). */
  task: number;
  plan: number;
  completion: string;
  effectiveDate: string | null;
  revision: number;
}

/** The tasks seen (null: no such task), and those changed since the last write. */
export interface Fold {
  tasks: Map<string, Standing | null>;
  dirty: Set<Standing>;
  /** Rows staged since the staging table was last copied. */
  staged: boolean;
}

const folds = new WeakMap<Database.Database, Fold>();

/**
 * The standing reports of the tasks a load from zero has touched. Only the load writes these
 * columns while it runs; the completion projection's `migrate`, which runs when the load is over
 * (and after a failure), forgets the fold (`forgetStandingFold`: a new file's load stages it
 * first), so it never outlives the rows it mirrors.
 */
export function standingFold(db: Database.Database): Fold {
  let fold = folds.get(db);
  if (!fold)
    folds.set(
      db,
      (fold = { tasks: new Map<string, Standing | null>(), dirty: new Set<Standing>(), staged: false }),
    );
  return fold;
}

/**
 * Forgets the fold. A new file's load (`loadsIntoNewFile`) stages its tasks' standing only here,
 * at the end (`migrate`), instead of after every batch: a batch holds about one report per task,
 * so staging after each batch wrote a row for nearly every report, and a new file that a crash
 * or a failure interrupts is discarded whole. (After a failure the fold may hold a batch that was
 * rolled back: staged into a file that is then discarded.) Any other load staged its batches as
 * they committed: what the fold still holds then is a batch rolled back, and is dropped.
 */
export function forgetStandingFold(db: Database.Database): void {
  const fold = folds.get(db);
  folds.delete(db);
  if (fold && loadsIntoNewFile(db)) writeStanding(db, fold);
}

/** A batch is over: its tasks' standing is staged, unless the load holds it to the end (`forgetStandingFold`). */
export function endStandingBatch(db: Database.Database, fold: Fold): void {
  if (!loadsIntoNewFile(db)) writeStanding(db, fold);
}

/** Written and forgotten before an event that writes tasks some other way (it may change or add a row). */
export function resetStandingFold(db: Database.Database, fold: Fold): void {
  writeStanding(db, fold);
  if (fold.staged) applyStagedStanding(db, false);
  fold.staged = false;
  fold.tasks.clear();
}

/**
 * While a load from zero runs, each batch writes its tasks' folded standing here (a narrow row
 * per task; a new file's load, once at its end) instead of rewriting the wide `cp_tasks` row of
 * every task the batch touched;
 * `applyStagedStanding` copies it into `cp_tasks`. Only tasks in the fold are ever staged, and
 * the staging table is emptied whenever the fold is forgotten or cleared, so a task the fold
 * reads from `cp_tasks` has nothing newer staged.
 */
const STANDING_STAGING = 'cp_standing_load';

/**
 * Copies staged standing into `cp_tasks`. `migrate` calls it with `drop` (the load is over, a
 * projection failed, or a start after a load a crash interrupted: committed batches are copied
 * before the projection goes on live).
 */
export function applyStagedStanding(db: Database.Database, drop: boolean): void {
  const staged = db
    .prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(STANDING_STAGING);
  if (!staged) return;
  db.exec(`UPDATE cp_tasks SET revision = s.revision, standing_completion = s.completion,
             standing_effective_date = s.effective_date
           FROM ${STANDING_STAGING} AS s JOIN cp_keys AS k ON k.id = s.task WHERE cp_tasks.task_id = k.key;
           ${drop ? `DROP TABLE ${STANDING_STAGING}` : `DELETE FROM ${STANDING_STAGING}`};`);
}

/**
 * A progress report during a load from zero: the same standing rule as the live path's `UPDATE`
 * (latest effective date, a later report winning a tie), kept in memory until `writeStanding`.
 */
export function foldProgress(
  db: Database.Database,
  fold: Fold,
  recorded: ProjectedEvent,
  progress: BulkRows,
): void {
  const d = (recorded as ProjectedEvent & { data: Progress }).data;
  let task = fold.tasks.get(d.taskId);
  if (task === undefined) {
    const row = statement<
      [string],
      { plan_id: string; standing_completion: string; standing_effective_date: string | null }
    >(db, 'SELECT plan_id, standing_completion, standing_effective_date FROM cp_tasks WHERE task_id = ?').get(
      d.taskId,
    );
    task = row
      ? {
          task: keyOf(db, 'cp_keys', d.taskId),
          plan: keyOf(db, 'cp_keys', row.plan_id),
          completion: row.standing_completion,
          effectiveDate: row.standing_effective_date,
          revision: 0,
        }
      : null;
    fold.tasks.set(d.taskId, task);
  }
  if (!task) return;
  task.revision = recorded.revision;
  fold.dirty.add(task);
  if (task.effectiveDate === null || task.effectiveDate <= d.effectiveDate) {
    task.completion = d.completion;
    task.effectiveDate = d.effectiveDate;
  }
  progress.addRow([
    recorded.position,
    task.task,
    task.plan,
    d.effectiveDate,
    recorded.metadata.time,
    d.completion,
  ]);
}

/** Stages the folded reports of the tasks changed since the last write. */
export function writeStanding(db: Database.Database, fold: Fold): void {
  if (fold.dirty.size === 0) return;
  db.exec(`CREATE TABLE IF NOT EXISTS ${STANDING_STAGING} (
    task INTEGER PRIMARY KEY, revision INTEGER NOT NULL, completion TEXT NOT NULL, effective_date TEXT)`);
  const rows: unknown[] = [];
  for (const task of fold.dirty) rows.push(task.task, task.revision, task.completion, task.effectiveDate);
  insertRows(
    db,
    `INSERT OR REPLACE INTO ${STANDING_STAGING} (task, revision, completion, effective_date)`,
    4,
    rows,
  );
  fold.staged = true;
  fold.dirty.clear();
}
