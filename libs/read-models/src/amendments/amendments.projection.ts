import type { AmendmentEvent } from '@sg/domain';
import type Database from 'better-sqlite3';
import { defineProjection } from '../framework/define-projection';
import { statement } from '../framework/statement-cache';

/** Amendments (任务调整) of each plan: what they change, why, who proposed and who decided, when. */
export const amendmentsProjection = defineProjection<AmendmentEvent>({
  name: 'amendments',
  tablePrefix: 'am_',
  version: 1,
  schema: `
      CREATE TABLE IF NOT EXISTS am_amendments (
        amendment_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,
        file_name TEXT NOT NULL, changes TEXT NOT NULL, proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL,
        decided_by TEXT, decided_at TEXT, effective_date TEXT, rejection TEXT, seq INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS am_amendments_by_plan ON am_amendments (plan_id, seq);
    `,
  on: {
    AmendmentProposed(db, d, recorded) {
      statement(
        db,
        `INSERT INTO am_amendments (amendment_id, plan_id, status, reason, file_name, changes, proposed_by,
             proposed_at, seq, effective_date) VALUES (?, ?, 'proposed', ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        d.amendmentId,
        d.planId,
        d.reason,
        d.file.name,
        JSON.stringify(d.changes),
        d.proposedBy,
        recorded.metadata.time,
        recorded.position,
        d.effectiveDate ?? null,
      );
    },
    AmendmentApproved(db, d, recorded) {
      decided(db, d.amendmentId, 'approved', d.approvedBy, recorded.metadata.time, {
        effectiveDate: d.effectiveDate,
      });
    },
    AmendmentRejected(db, d, recorded) {
      decided(db, d.amendmentId, 'rejected', d.rejectedBy, recorded.metadata.time, { rejection: d.reason });
    },
  },
});

function decided(
  db: Database.Database,
  amendmentId: string,
  status: string,
  by: string,
  at: string,
  extra: { effectiveDate?: string; rejection?: string },
): void {
  statement(
    db,
    `UPDATE am_amendments SET status = ?, decided_by = ?, decided_at = ?, effective_date = ?, rejection = ?
     WHERE amendment_id = ?`,
  ).run(status, by, at, extra.effectiveDate ?? null, extra.rejection ?? null, amendmentId);
}
