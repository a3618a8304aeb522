import type { DeclarationEvent } from '@sg/domain';
import type { RecordedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

/** The latest figures each report declares, per plan. */
export const reconciliationProjection: Projection = {
  name: 'reconciliation',
  tablePrefix: 'rc_',
  version: 1,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS rc_declarations (
      plan_id TEXT NOT NULL, report TEXT NOT NULL, cutoff TEXT NOT NULL, figures TEXT NOT NULL,
      declared_at TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (plan_id, report))`);
  },
  apply(db, recorded) {
    const event = recorded as RecordedEvent & DeclarationEvent;
    if (event.type !== 'ReportFiguresDeclared') return;
    const d = event.data;
    statement(
      db,
      `INSERT INTO rc_declarations (plan_id, report, cutoff, figures, declared_at, position) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (plan_id, report) DO UPDATE SET cutoff = excluded.cutoff, figures = excluded.figures,
         declared_at = excluded.declared_at, position = excluded.position`,
    ).run(d.planId, d.report, d.cutoff, JSON.stringify(d.figures), recorded.metadata.time, recorded.position);
  },
};
