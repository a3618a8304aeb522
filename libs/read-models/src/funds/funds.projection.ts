import type { FundsEvent, PlanEvent, TaskFundsEvent } from '@sg/domain';
import { defineProjection } from '../framework/define-projection';
import { statement } from '../framework/statement-cache';

/**
 * Every funds record with its effective date, recording time and position; and every 任务书 budget
 * (1-4 / 1-5) recorded on a plan, one row per line and source.
 */
export const fundsProjection = defineProjection<FundsEvent | PlanEvent | TaskFundsEvent>({
  name: 'funds',
  tablePrefix: 'fd_',
  version: 3,
  schema: `CREATE TABLE IF NOT EXISTS fd_records (
      plan_id TEXT NOT NULL, level_id TEXT NOT NULL, source TEXT NOT NULL, year INTEGER NOT NULL,
      budget TEXT NOT NULL, arrived TEXT NOT NULL, spent TEXT NOT NULL, effective_date TEXT NOT NULL,
      recorded_at TEXT NOT NULL, position INTEGER PRIMARY KEY);
      CREATE INDEX IF NOT EXISTS fd_records_by_plan ON fd_records (plan_id, level_id, source, year);
      CREATE TABLE IF NOT EXISTS fd_budgets (
        plan_id TEXT NOT NULL, level_id TEXT NOT NULL, kind TEXT NOT NULL, year INTEGER,
        source_key TEXT NOT NULL, primary_task TEXT NOT NULL, secondary_task TEXT NOT NULL,
        project_id TEXT, source TEXT NOT NULL, amount TEXT NOT NULL, seq INTEGER NOT NULL,
        recorded_at TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS fd_budgets_by_plan ON fd_budgets (plan_id, level_id, kind, year, position);
      -- Funds per 建设任务 line of the 总预算 and source, cumulative up to their effective date.
      CREATE TABLE IF NOT EXISTS fd_task_funds (
        plan_id TEXT NOT NULL, level_id TEXT NOT NULL, line_key TEXT NOT NULL, source TEXT NOT NULL,
        arrived TEXT NOT NULL, spent TEXT NOT NULL, effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL,
        position INTEGER PRIMARY KEY);
      CREATE INDEX IF NOT EXISTS fd_task_funds_by_plan ON fd_task_funds (plan_id, effective_date, position);`,
  on: {
    TaskFundsRecorded(db, d, recorded) {
      statement(
        db,
        `INSERT INTO fd_task_funds (plan_id, level_id, line_key, source, arrived, spent, effective_date, recorded_at,
           position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        d.planId,
        d.levelId,
        d.lineKey,
        d.source,
        d.arrived,
        d.spent,
        d.effectiveDate,
        recorded.metadata.time,
        recorded.position,
      );
    },
    BudgetRecorded(db, b, recorded) {
      // Every budget is kept (a later one of the same level, kind and year supersedes at read time).
      const insert = statement(
        db,
        `INSERT INTO fd_budgets (plan_id, level_id, kind, year, source_key, primary_task, secondary_task,
           project_id, source, amount, seq, recorded_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      b.lines.forEach((line, seq) => {
        for (const [source, amount] of Object.entries(line.amounts))
          insert.run(
            b.planId,
            b.levelId,
            b.kind,
            b.year ?? null,
            line.sourceKey,
            line.primaryTask,
            line.secondaryTask,
            line.projectId ?? null,
            source,
            amount,
            seq,
            recorded.metadata.time,
            recorded.position,
          );
      });
    },
    FundsRecorded(db, d, recorded) {
      statement(
        db,
        `INSERT INTO fd_records (plan_id, level_id, source, year, budget, arrived, spent, effective_date, recorded_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        d.planId,
        d.levelId,
        d.source,
        d.year,
        d.budget,
        d.arrived,
        d.spent,
        d.effectiveDate,
        recorded.metadata.time,
        recorded.position,
      );
    },
  },
});
