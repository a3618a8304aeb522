import { assertNever, OFFICE_STAGE_NAME, type FindingEvent } from '@sg/domain';
import type Database from 'better-sqlite3';
import { statement } from '../framework/statement-cache';

export type ReviewEvent = Extract<
  FindingEvent,
  {
    type:
      | 'RectificationSubmitted'
      | 'RectificationApproved'
      | 'RectificationStageCompleted'
      | 'RectificationReturned'
      | 'FindingClosed';
  }
>;

/** A stage of an action's chain, kept in `rf_actions.stages` (JSON); legacy actions name nobody. */
export interface StageRow {
  name: string;
  reviewers: string[];
}

/** One approval of an action, kept in `rf_actions.approvals` (JSON). */
export interface ApprovalRow {
  stage: number;
  reviewer: string;
  comment: string | null;
  at: string;
}

/** A finding's action through its approval chain: stages, approvals, the return or the close. */
export function applyReview(db: Database.Database, event: ReviewEvent, time: string): void {
  const setFinding = (findingId: string, status: string, reviewStage: string | null) =>
    statement(
      db,
      'UPDATE rf_findings SET status = ?, review_stage = ?, updated_at = ? WHERE finding_id = ?',
    ).run(status, reviewStage, time, findingId);
  const action = (findingId: string, version: number) =>
    statement<[string, number], { stages: string; approvals: string }>(
      db,
      'SELECT stages, approvals FROM rf_actions WHERE finding_id = ? AND version = ?',
    ).get(findingId, version);
  switch (event.type) {
    case 'RectificationSubmitted': {
      const d = event.data;
      // An action submitted before the chain had one stage: the office.
      const stages: StageRow[] = (d.stages ?? [{ name: OFFICE_STAGE_NAME, reviewers: [] }]).map((s) => ({
        name: s.name,
        reviewers: s.reviewers,
      }));
      statement(
        db,
        `INSERT OR REPLACE INTO rf_actions (finding_id, version, submitted_by, narrative, evidence, submitted_at,
           stages, approvals) VALUES (?, ?, ?, ?, ?, ?, ?, '[]')`,
      ).run(
        d.findingId,
        d.version,
        d.by,
        d.narrative,
        JSON.stringify(d.evidence),
        time,
        JSON.stringify(stages),
      );
      statement(db, 'UPDATE rf_findings SET version = ? WHERE finding_id = ?').run(d.version, d.findingId);
      setFinding(d.findingId, 'in-review', stages[0].name);
      return;
    }
    case 'RectificationApproved': {
      const d = event.data;
      const row = action(d.findingId, d.version);
      if (!row) return;
      const approvals = [
        ...(JSON.parse(row.approvals) as ApprovalRow[]),
        { stage: d.stage ?? 0, reviewer: d.reviewer, comment: d.comment ?? null, at: time },
      ];
      statement(
        db,
        'UPDATE rf_actions SET approvals = ?, reviewer = ?, note = ? WHERE finding_id = ? AND version = ?',
      ).run(JSON.stringify(approvals), d.reviewer, d.comment ?? null, d.findingId, d.version);
      return;
    }
    case 'RectificationStageCompleted': {
      const d = event.data;
      const stages = JSON.parse(action(d.findingId, d.version)?.stages ?? '[]') as StageRow[];
      const next = stages[d.stage + 1];
      if (next !== undefined) setFinding(d.findingId, 'in-review', next.name);
      return;
    }
    case 'RectificationReturned': {
      const d = event.data;
      statement(
        db,
        `UPDATE rf_actions SET decision = 'returned', reviewer = ?, note = ?, decided_at = ?
         WHERE finding_id = ? AND version = ?`,
      ).run(d.reviewer, d.reason, time, d.findingId, d.version);
      setFinding(d.findingId, 'returned', null);
      return;
    }
    case 'FindingClosed': {
      const d = event.data;
      statement(
        db,
        `UPDATE rf_actions SET decision = 'approved', decided_at = ? WHERE finding_id = ? AND version = ?`,
      ).run(time, d.findingId, d.version);
      setFinding(d.findingId, 'closed', null);
      statement(db, 'UPDATE rf_findings SET closed_at = ? WHERE finding_id = ?').run(time, d.findingId);
      return;
    }
    default:
      return assertNever(event);
  }
}
