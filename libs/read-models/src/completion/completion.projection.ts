import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import type { PlanEvent, TaskEvent } from '@sg/domain';
import type { Projection } from '../framework/projection';
import { forgetKeys } from '../framework/keys';
import { statement } from '../framework/statement-cache';
import { BulkRows } from '../framework/bulk-rows';
import { insertLevel, itemVersions } from '../framework/plan-rows';
import {
  applyStagedStanding,
  foldProgress,
  forgetStandingFold,
  PROGRESS_INSERT,
  progressRow,
  resetStandingFold,
  standingFold,
  endStandingBatch,
} from './standing-fold';

/** A version row as a task is defined, revised or withdrawn. */
const taskVersions = itemVersions<Extract<TaskEvent, { type: 'TaskDefined' | 'TaskRevised' }>['data']>({
  versions: 'cp_task_versions',
  items: 'cp_tasks',
  id: 'task_id',
  columns: ['title', 'due_date', 'year'],
  versionOf: (d) => ({
    itemId: d.taskId,
    planId: d.planId,
    amendment: d.amendment,
    values: [d.title, d.dueDate, d.year ?? null],
  }),
});

/** Events that write `cp_tasks` other than a progress report. */
const TASK_WRITERS = new Set(['TaskDefined', 'TaskOwnerAssigned', 'TaskRevised', 'TaskWithdrawn']);

type Handled = PlanEvent | TaskEvent;

/**
 * Plan structure and task progress, as completion figures need them. Every progress report is
 * kept (with its effective date and log position) so that figures "as of" a date can be derived;
 * `standing_*` on the task is the report that counts now: latest effective date, later entry
 * winning a tie.
 */
/** The types `apply` does something with; every other type leaves the tables as they are. */
const APPLIED = new Set<Handled['type']>([
  'PlanCreated',
  'LevelAdded',
  'ProjectAdded',
  'TaskDefined',
  'TaskOwnerAssigned',
  'TaskRevised',
  'TaskWithdrawn',
  'TaskProgressRecorded',
]);

export const completionProjection: Projection = {
  name: 'completion',
  tablePrefix: 'cp_',
  version: 7,
  eventTypes: APPLIED,
  migrate(db) {
    forgetKeys(db, 'cp_keys');
    forgetStandingFold(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS cp_plans (
        plan_id TEXT PRIMARY KEY, name TEXT NOT NULL, school TEXT NOT NULL,
        start_year INTEGER NOT NULL, end_year INTEGER NOT NULL, revision INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS cp_levels (
        level_id TEXT NOT NULL, plan_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        weight TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (plan_id, level_id));
      CREATE TABLE IF NOT EXISTS cp_projects (
        project_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, level_id TEXT NOT NULL,
        code TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS cp_projects_by_plan ON cp_projects (plan_id, level_id);
      CREATE TABLE IF NOT EXISTS cp_tasks (
        task_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, project_id TEXT NOT NULL, title TEXT NOT NULL,
        owner_id TEXT, due_date TEXT NOT NULL, revision INTEGER NOT NULL,
        standing_completion TEXT NOT NULL DEFAULT '0', standing_effective_date TEXT, milestones TEXT,
        parent_task_id TEXT, year INTEGER, primary_task TEXT, secondary_task TEXT,
        source_key TEXT, withdrawn INTEGER NOT NULL DEFAULT 0);
      -- Each version of a task (its definition, each revision, its withdrawal) with the date it takes
      -- effect and when it was recorded: figures as of a date count the version standing then. A
      -- task of the original plan has its first version at effective date '' and position 0: it
      -- has always been part of the plan.
      CREATE TABLE IF NOT EXISTS cp_task_versions (
        task_id TEXT NOT NULL, plan_id TEXT NOT NULL, position INTEGER NOT NULL, effective_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL, title TEXT NOT NULL, due_date TEXT NOT NULL, year INTEGER,
        withdrawn INTEGER NOT NULL, PRIMARY KEY (task_id, position));
      CREATE INDEX IF NOT EXISTS cp_task_versions_by_plan ON cp_task_versions (plan_id, task_id, effective_date);
      CREATE INDEX IF NOT EXISTS cp_tasks_by_parent ON cp_tasks (parent_task_id);
      CREATE INDEX IF NOT EXISTS cp_tasks_by_project ON cp_tasks (project_id);
      -- Plan and task ids as integer keys (keys.ts) where a row per report would repeat them.
      CREATE TABLE IF NOT EXISTS cp_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      -- Keyed by log position alone (one report per event): a load appends at the end of the
      -- table instead of inserting into a tree ordered by task.
      CREATE TABLE IF NOT EXISTS cp_task_progress (
        position INTEGER PRIMARY KEY, task INTEGER NOT NULL, plan INTEGER NOT NULL,
        effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL, completion TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS cp_tasks_by_plan ON cp_tasks (plan_id);
      -- Covers a plan's completion (standing.ts planTaskRows): one range of the index per plan,
      -- none of the task rows, which are three times as wide. cp_tasks_by_plan stays: without it
      -- the planner takes cp_tasks_by_parent for "plan_id = ? AND parent_task_id IS NULL ORDER BY
      -- rowid" and walks every top-level task of every plan.
      CREATE INDEX IF NOT EXISTS cp_tasks_of_plan ON cp_tasks (plan_id, task_id, project_id, parent_task_id,
        due_date, withdrawn, standing_effective_date, standing_completion);
      -- Covers the as-of query (a plan's reports in task, date, position order) without a sort,
      -- and every lookup by plan and task the narrower index it replaces served.
      CREATE INDEX IF NOT EXISTS cp_task_progress_standing
        ON cp_task_progress (plan, task, effective_date, position, completion);
      DROP INDEX IF EXISTS cp_task_progress_by_plan;
    `);
    applyStagedStanding(db, true);
  },
  applyBatch(db, events) {
    // Progress rows are never read back by `apply`: written at the end of the batch, many per statement.
    const progress = new BulkRows(PROGRESS_INSERT, 6);
    const fold = standingFold(db);
    for (const event of events) {
      if (event.type === 'TaskProgressRecorded') foldProgress(db, fold, event, progress);
      else {
        if (TASK_WRITERS.has(event.type)) resetStandingFold(db, fold);
        this.apply(db, event);
      }
    }
    endStandingBatch(db, fold);
    progress.flush(db);
  },
  apply(db, recorded) {
    const event = recorded as ProjectedEvent & Handled;
    switch (event.type) {
      case 'PlanCreated': {
        const d = event.data;
        statement(
          db,
          'INSERT INTO cp_plans (plan_id, name, school, start_year, end_year, revision) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(d.planId, d.name, d.school, d.startYear, d.endYear, recorded.revision);
        return;
      }
      case 'LevelAdded':
        insertLevel(db, 'cp_levels', recorded);
        bumpPlan(db, event.data.planId, recorded.revision);
        return;
      case 'ProjectAdded': {
        const d = event.data;
        statement(
          db,
          'INSERT INTO cp_projects (project_id, plan_id, level_id, code, name, seq) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(d.projectId, d.planId, d.levelId, d.code, d.name, recorded.position);
        bumpPlan(db, d.planId, recorded.revision);
        return;
      }
      case 'TaskDefined': {
        const d = event.data;
        statement(
          db,
          `INSERT INTO cp_tasks (task_id, plan_id, project_id, title, owner_id, due_date, revision, milestones,
             parent_task_id, year, primary_task, secondary_task, source_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          d.taskId,
          d.planId,
          d.projectId,
          d.title,
          d.ownerId ?? null,
          d.dueDate,
          recorded.revision,
          d.milestones ? JSON.stringify(d.milestones) : null,
          d.parentTaskId ?? null,
          d.year ?? null,
          d.primaryTask ?? null,
          d.secondaryTask ?? null,
          d.sourceKey ?? null,
        );
        taskVersions.insert(db, recorded, d);
        return;
      }
      case 'TaskOwnerAssigned': {
        const d = event.data;
        statement(db, 'UPDATE cp_tasks SET owner_id = ?, revision = ? WHERE task_id = ?').run(
          d.ownerId,
          recorded.revision,
          d.taskId,
        );
        return;
      }
      case 'TaskRevised': {
        const d = event.data;
        statement(
          db,
          `UPDATE cp_tasks SET title = ?, due_date = ?, year = ?, source_key = coalesce(?, source_key), revision = ?
           WHERE task_id = ?`,
        ).run(d.title, d.dueDate, d.year ?? null, d.sourceKey ?? null, recorded.revision, d.taskId);
        taskVersions.insert(db, recorded, d);
        return;
      }
      case 'TaskWithdrawn': {
        const d = event.data;
        taskVersions.withdraw(db, recorded, d.amendment, d.taskId);
        statement(db, 'UPDATE cp_tasks SET withdrawn = 1, revision = ? WHERE task_id = ?').run(
          recorded.revision,
          d.taskId,
        );
        return;
      }
      case 'TaskProgressRecorded': {
        const d = event.data;
        // One lookup of the task: the update answers the plan the report is filed under.
        const task = statement<unknown[], { plan_id: string }>(
          db,
          `UPDATE cp_tasks SET revision = ?,
             standing_completion = CASE WHEN standing_effective_date IS NULL OR standing_effective_date <= ?
                                        THEN ? ELSE standing_completion END,
             standing_effective_date = CASE WHEN standing_effective_date IS NULL OR standing_effective_date <= ?
                                            THEN ? ELSE standing_effective_date END
           WHERE task_id = ? RETURNING plan_id`,
        ).get(recorded.revision, d.effectiveDate, d.completion, d.effectiveDate, d.effectiveDate, d.taskId);
        if (!task) return;
        statement(db, `${PROGRESS_INSERT} VALUES (?, ?, ?, ?, ?, ?)`).run(
          progressRow(db, recorded, d, task.plan_id),
        );
        return;
      }
      case 'IndicatorDefined':
      case 'IndicatorRevised':
      case 'IndicatorWithdrawn':
      case 'FundSourcesConfigured':
      case 'ApprovalChainConfigured':
      case 'BudgetRecorded':
      case 'PointsSchemeApplied':
      case 'TaskUnitsAssigned': // units are the directory's (ADR 0026)
        return;
      default:
        return;
    }
  },
};

function bumpPlan(db: Database.Database, planId: string, revision: number): void {
  statement(db, 'UPDATE cp_plans SET revision = ? WHERE plan_id = ?').run(revision, planId);
}
