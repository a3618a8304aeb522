import type { FundsEvent } from '@sg/domain';
import type { RecordedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

/** Every funds record with its effective date, recording time and position. */
export const fundsProjection: Projection = {
  name: 'funds',
  tablePrefix: 'fd_',
  version: 1,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS fd_records (
      plan_id TEXT NOT NULL, level_id TEXT NOT NULL, source TEXT NOT NULL, year INTEGER NOT NULL,
      budget TEXT NOT NULL, arrived TEXT NOT NULL, spent TEXT NOT NULL, effective_date TEXT NOT NULL,
      recorded_at TEXT NOT NULL, position INTEGER PRIMARY KEY);
      CREATE INDEX IF NOT EXISTS fd_records_by_plan ON fd_records (plan_id, level_id, source, year);`);
  },
  apply(db, recorded) {
    const event = recorded as RecordedEvent & FundsEvent;
    if (event.type !== 'FundsRecorded') return;
    const d = event.data;
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
};
