import type { ExpertReviewEvent, FindingEvent } from '@sg/domain';
import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import { defineProjection } from '../framework/define-projection';
import { statement } from '../framework/statement-cache';
import { applyReview, type ReviewEvent } from './rectification-review.projection';

/** A step of an action's review: folded by `applyReview`, which reads the whole event. */
const review = (db: Database.Database, _data: unknown, recorded: ProjectedEvent) =>
  applyReview(db, recorded as ProjectedEvent & ReviewEvent, recorded.metadata.time);

/** 整改 findings with their actions, and expert reviews with their experts and scores. */
export const rectificationProjection = defineProjection<FindingEvent | ExpertReviewEvent>({
  name: 'rectification',
  tablePrefix: 'rf_',
  version: 2,
  schema: `
      CREATE TABLE IF NOT EXISTS rf_findings (
        finding_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, source TEXT NOT NULL, severity TEXT NOT NULL,
        subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
        status TEXT NOT NULL, review_stage TEXT, assignee TEXT, department_id TEXT, deadline TEXT, version INTEGER NOT NULL,
        recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, updated_at TEXT NOT NULL, closed_at TEXT,
        position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS rf_findings_by_plan ON rf_findings (plan_id, status);
      CREATE TABLE IF NOT EXISTS rf_actions (
        finding_id TEXT NOT NULL, version INTEGER NOT NULL, submitted_by TEXT NOT NULL, narrative TEXT NOT NULL,
        evidence TEXT NOT NULL, submitted_at TEXT NOT NULL, decision TEXT, reviewer TEXT, note TEXT,
        decided_at TEXT, stages TEXT NOT NULL DEFAULT '[]', approvals TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (finding_id, version));
      CREATE TABLE IF NOT EXISTS rf_reviews (
        review_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, title TEXT NOT NULL, period_from TEXT NOT NULL,
        period_to TEXT NOT NULL, access_until TEXT NOT NULL, status TEXT NOT NULL, opened_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS rf_reviews_by_plan ON rf_reviews (plan_id);
      CREATE TABLE IF NOT EXISTS rf_experts (
        review_id TEXT NOT NULL, expert_id TEXT NOT NULL, plan_id TEXT NOT NULL,
        PRIMARY KEY (review_id, expert_id));
      CREATE INDEX IF NOT EXISTS rf_experts_by_expert ON rf_experts (expert_id);
      CREATE TABLE IF NOT EXISTS rf_scores (
        review_id TEXT NOT NULL, expert_id TEXT NOT NULL, indicator_id TEXT NOT NULL, score TEXT NOT NULL,
        comment TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (review_id, expert_id, indicator_id));`,
  on: {
    FindingRecorded(db, d, recorded) {
      const time = recorded.metadata.time;
      statement(
        db,
        `INSERT OR IGNORE INTO rf_findings (finding_id, plan_id, source, severity, subject_kind, subject_id, title,
             description, status, version, recorded_by, recorded_at, updated_at, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'entered', 0, ?, ?, ?, ?)`,
      ).run(
        d.findingId,
        d.planId,
        d.source,
        d.severity,
        d.subject.kind,
        d.subject.id,
        d.title,
        d.description,
        d.recordedBy,
        time,
        time,
        recorded.position,
      );
    },
    FindingAssigned(db, d, recorded) {
      statement(
        db,
        `UPDATE rf_findings SET assignee = ?, department_id = ?, deadline = ?, updated_at = ?,
             status = CASE status WHEN 'entered' THEN 'assigned' ELSE status END WHERE finding_id = ?`,
      ).run(d.assignee, d.departmentId ?? null, d.deadline, recorded.metadata.time, d.findingId);
    },
    RectificationSubmitted: review,
    RectificationApproved: review,
    RectificationStageCompleted: review,
    RectificationReturned: review,
    FindingClosed: review,
    ExpertReviewOpened(db, d, recorded) {
      statement(
        db,
        `INSERT OR IGNORE INTO rf_reviews (review_id, plan_id, title, period_from, period_to, access_until, status, opened_at)
           VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
      ).run(d.reviewId, d.planId, d.title, d.period.from, d.period.to, d.accessUntil, recorded.metadata.time);
    },
    ExpertInvited(db, d) {
      statement(db, 'INSERT OR IGNORE INTO rf_experts (review_id, expert_id, plan_id) VALUES (?, ?, ?)').run(
        d.reviewId,
        d.expertId,
        d.planId,
      );
    },
    ExpertScoreRecorded(db, d, recorded) {
      statement(
        db,
        `INSERT OR REPLACE INTO rf_scores (review_id, expert_id, indicator_id, score, comment, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(d.reviewId, d.expertId, d.indicatorId, d.score, d.comment, recorded.metadata.time);
    },
    ExpertReviewClosed(db, d) {
      statement(db, `UPDATE rf_reviews SET status = 'closed' WHERE review_id = ?`).run(d.reviewId);
    },
  },
});
