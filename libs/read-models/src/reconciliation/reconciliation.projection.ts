import type { DeclarationEvent } from '@sg/domain';
import { defineProjection } from '../framework/define-projection';
import { statement } from '../framework/statement-cache';

/** The latest figures each report declares, per plan. */
export const reconciliationProjection = defineProjection<DeclarationEvent>({
  name: 'reconciliation',
  tablePrefix: 'rc_',
  version: 1,
  schema: `CREATE TABLE IF NOT EXISTS rc_declarations (
      plan_id TEXT NOT NULL, report TEXT NOT NULL, cutoff TEXT NOT NULL, figures TEXT NOT NULL,
      declared_at TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (plan_id, report))`,
  on: {
    ReportFiguresDeclared(db, d, recorded) {
      statement(
        db,
        `INSERT INTO rc_declarations (plan_id, report, cutoff, figures, declared_at, position) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (plan_id, report) DO UPDATE SET cutoff = excluded.cutoff, figures = excluded.figures,
           declared_at = excluded.declared_at, position = excluded.position`,
      ).run(
        d.planId,
        d.report,
        d.cutoff,
        JSON.stringify(d.figures),
        recorded.metadata.time,
        recorded.position,
      );
    },
  },
});
