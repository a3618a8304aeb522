import {
  assertNever,
  submissionDecider,
  type EvidenceEvent,
  type EvidenceFile,
  type EvidenceRef,
  type SubmissionEvent,
} from '@sg/domain';
import { asOfClause, asOfColumns, type AsOf } from '../framework/as-of';
import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';
import { tableViews } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

/**
 * Every evidence file, by task: what downloads and the evidence catalogue read. And which files
 * each approval made part of the record (the evidence of the version approved, with the report's
 * effective date and the approval's time): what the evidence package reads as of report dates.
 */
export const evidenceProjection: Projection = {
  name: 'evidence',
  tablePrefix: 'ev_',
  version: 2,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS ev_files (
      evidence_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, task_id TEXT NOT NULL, sha256 TEXT NOT NULL,
      size INTEGER NOT NULL, media_type TEXT NOT NULL, name TEXT NOT NULL, uploaded_by TEXT NOT NULL,
      uploaded_at TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS ev_files_by_task ON ev_files (task_id, position);
      CREATE TABLE IF NOT EXISTS ev_submissions (
        submission_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, evidence TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ev_approved (
        position INTEGER PRIMARY KEY, submission_id TEXT NOT NULL, plan_id TEXT NOT NULL,
        effective_date TEXT NOT NULL, recorded_at TEXT NOT NULL, evidence TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS ev_approved_by_plan ON ev_approved (plan_id, effective_date);`);
  },
  apply(db, recorded) {
    if (submissionDecider.eventTypes.has(recorded.type as SubmissionEvent['type'])) {
      applySubmission(db, recorded as ProjectedEvent & SubmissionEvent);
      return;
    }
    const event = recorded as ProjectedEvent & EvidenceEvent;
    if (event.type !== 'EvidenceUploaded') return;
    const d = event.data;
    statement(
      db,
      `INSERT INTO ev_files (evidence_id, plan_id, task_id, sha256, size, media_type, name, uploaded_by, uploaded_at, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      d.evidenceId,
      d.planId,
      d.taskId,
      d.sha256,
      d.size,
      d.mediaType,
      d.name,
      recorded.metadata.actor,
      recorded.metadata.time,
      recorded.position,
    );
  },
};

/** The evidence each submission's current version carries, and what each approval made final. */
function applySubmission(db: Database.Database, event: ProjectedEvent & SubmissionEvent): void {
  switch (event.type) {
    case 'Submitted':
      statement(
        db,
        `INSERT INTO ev_submissions (submission_id, plan_id, evidence) VALUES (?, ?, ?)
         ON CONFLICT (submission_id) DO UPDATE SET evidence = excluded.evidence`,
      ).run(event.data.submissionId, event.data.planId, JSON.stringify(event.data.evidence));
      return;
    case 'EvidenceChanged':
      statement(db, 'UPDATE ev_submissions SET evidence = ? WHERE submission_id = ?').run(
        JSON.stringify(event.data.evidence),
        event.data.submissionId,
      );
      return;
    case 'SubmissionApproved': {
      const row = statement<[string], { plan_id: string; evidence: string }>(
        db,
        'SELECT plan_id, evidence FROM ev_submissions WHERE submission_id = ?',
      ).get(event.data.submissionId);
      if (!row) return;
      statement(
        db,
        `INSERT INTO ev_approved (position, submission_id, plan_id, effective_date, recorded_at, evidence)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        event.position,
        event.data.submissionId,
        row.plan_id,
        event.data.content.effectiveDate,
        event.metadata.time,
        row.evidence,
      );
      return;
    }
    case 'StageApproved':
    case 'StageCompleted':
    case 'SubmissionRejected':
    case 'ReviewTransferred':
    case 'SubmissionWithdrawn':
    case 'ApprovalsReset':
    case 'CommentAdded':
    case 'ApprovalRefused':
      return;
    default:
      return assertNever(event);
  }
}

/** A file as the domain accepted it, with who uploaded it and when. */
export interface EvidenceView extends EvidenceFile {
  uploadedBy: string;
  uploadedAt: string;
}

interface Row {
  evidence_id: string;
  plan_id: string;
  task_id: string;
  sha256: string;
  size: number;
  media_type: string;
  name: string;
  uploaded_by: string;
  uploaded_at: string;
}

const view = (r: Row): EvidenceView => ({
  evidenceId: r.evidence_id,
  planId: r.plan_id,
  taskId: r.task_id,
  sha256: r.sha256,
  size: r.size,
  mediaType: r.media_type,
  name: r.name,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});

const filesTable = tableViews('ev_files', view);

export class EvidenceQueries extends ReadQueries {
  byId(evidenceId: string): EvidenceView | undefined {
    return filesTable.one(this.db, 'evidence_id = ?', evidenceId);
  }

  ofTask(taskId: string): EvidenceView[] {
    return filesTable.all(this.db, 'task_id = ? ORDER BY position', taskId);
  }

  /** 佐证材料目录清单 of a plan, optionally narrowed to a level, a project or a task. */
  catalogue(
    planId: string,
    filter: { levelId?: string; projectId?: string; taskId?: string } = {},
  ): CatalogueEntry[] {
    return evidenceCatalogue(this.db, planId, filter);
  }

  /**
   * The catalogue of the evidence approved as of the report dates: files of the submissions whose
   * approval was recorded by `knownAt` for a report effective by `cutoff`, each file once, in
   * catalogue order (level, project, task, upload).
   */
  approvedCatalogue(planId: string, asOf: AsOf = {}): CatalogueEntry[] {
    const where = asOfClause(asOf, asOfColumns());
    const approved = new Set<string>();
    for (const row of this.db
      .prepare<(string | number)[], { evidence: string }>(
        `SELECT evidence FROM ev_approved WHERE plan_id = ? AND ${where.sql}`,
      )
      .all(planId, ...where.params)) {
      for (const ref of JSON.parse(row.evidence) as EvidenceRef[]) approved.add(ref.evidenceId);
    }
    return evidenceCatalogue(this.db, planId).filter((entry) => approved.has(entry.evidenceId));
  }
}

export interface CatalogueEntry extends EvidenceView {
  level: string;
  projectCode: string;
  projectName: string;
  taskTitle: string;
}

/** 佐证材料目录清单: every evidence file of a plan with its level, project and task. */
export function evidenceCatalogue(
  db: Database.Database,
  planId: string,
  filter: { levelId?: string; projectId?: string; taskId?: string } = {},
): CatalogueEntry[] {
  const rows = db
    .prepare<
      [string],
      Row & {
        level_name: string;
        level_id: string;
        project_id: string;
        project_code: string;
        project_name: string;
        title: string;
      }
    >(
      `SELECT f.*, l.name AS level_name, l.level_id, p.project_id, p.code AS project_code, p.name AS project_name, t.title
       FROM ev_files f
       JOIN cp_tasks t ON t.task_id = f.task_id
       JOIN cp_projects p ON p.project_id = t.project_id
       JOIN cp_levels l ON l.level_id = p.level_id AND l.plan_id = p.plan_id
       WHERE f.plan_id = ?
       ORDER BY l.seq, p.seq, t.rowid, f.position`,
    )
    .all(planId);
  return rows
    .filter(
      (r) =>
        (!filter.levelId || r.level_id === filter.levelId) &&
        (!filter.projectId || r.project_id === filter.projectId) &&
        (!filter.taskId || r.task_id === filter.taskId),
    )
    .map((r) => ({
      ...view(r),
      level: r.level_name,
      projectCode: r.project_code,
      projectName: r.project_name,
      taskTitle: r.title,
    }));
}
