import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@sg/event-store';
import type { TaskEvent } from '@sg/domain';
import { keyOf } from '../framework/keys';
import { statement } from '../framework/statement-cache';
import type { BulkRows } from '../framework/bulk-rows';

export const PROGRESS_INSERT =
  'INSERT INTO cp_task_progress (position, task, plan, effective_date, recorded_at, completion)';

type Progress = Extract<TaskEvent, { type: 'TaskProgressRecorded' }>['data'];

/** A progress report's row in `cp_task_progress`. */
export function progressRow(
  db: Database.Database,
  recorded: RecordedEvent,
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

/** A task's standing report as a load from zero folds it: written once per batch, not once per report. */
interface Standing {
  taskId: string;
  planId: string;
  completion: string;
  effectiveDate: string | null;
  revision: number;
}

/** The tasks seen (null: no such task), and those changed since the last write. */
export interface Fold {
  tasks: Map<string, Standing | null>;
  dirty: Set<Standing>;
}

const folds = new WeakMap<Database.Database, Fold>();

/**
 * The standing reports of the tasks a load from zero has touched. Only the load writes these
 * columns while it runs; the completion projection's `migrate`, which runs when the load is over
 * (and after a failure), forgets the fold, so it never outlives the rows it mirrors.
 */
export function standingFold(db: Database.Database): Fold {
  let fold = folds.get(db);
  if (!fold)
    folds.set(db, (fold = { tasks: new Map<string, Standing | null>(), dirty: new Set<Standing>() }));
  return fold;
}

export function forgetStandingFold(db: Database.Database): void {
  folds.delete(db);
}

/** Written and forgotten before an event that writes tasks some other way (it may change or add a row). */
export function resetStandingFold(db: Database.Database, fold: Fold): void {
  writeStanding(db, fold);
  fold.tasks.clear();
}

/**
 * A progress report during a load from zero: the same standing rule as the live path's `UPDATE`
 * (latest effective date, a later report winning a tie), kept in memory until `writeStanding`.
 */
export function foldProgress(
  db: Database.Database,
  fold: Fold,
  recorded: RecordedEvent,
  progress: BulkRows,
): void {
  const d = (recorded as RecordedEvent & { data: Progress }).data;
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
          taskId: d.taskId,
          planId: row.plan_id,
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
  progress.add(...progressRow(db, recorded, d, task.planId));
}

/** Writes the folded reports of the tasks changed since the last write. */
export function writeStanding(db: Database.Database, fold: Fold): void {
  const update = statement(
    db,
    'UPDATE cp_tasks SET revision = ?, standing_completion = ?, standing_effective_date = ? WHERE task_id = ?',
  );
  for (const task of fold.dirty) update.run(task.revision, task.completion, task.effectiveDate, task.taskId);
  fold.dirty.clear();
}
