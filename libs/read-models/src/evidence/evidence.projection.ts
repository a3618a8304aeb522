import type { EvidenceEvent } from '@sg/domain';
import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

/** Every evidence file, by task: what downloads and the evidence catalogue read. */
export const evidenceProjection: Projection = {
  name: 'evidence',
  tablePrefix: 'ev_',
  version: 1,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS ev_files (
      evidence_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, task_id TEXT NOT NULL, sha256 TEXT NOT NULL,
      size INTEGER NOT NULL, media_type TEXT NOT NULL, name TEXT NOT NULL, uploaded_by TEXT NOT NULL,
      uploaded_at TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS ev_files_by_task ON ev_files (task_id, position);`);
  },
  apply(db, recorded) {
    const event = recorded as RecordedEvent & EvidenceEvent;
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

export interface EvidenceView {
  evidenceId: string;
  planId: string;
  taskId: string;
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
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

export class EvidenceQueries {
  constructor(private readonly db: Database.Database) {}

  byId(evidenceId: string): EvidenceView | undefined {
    const row = statement<[string], Row>(this.db, 'SELECT * FROM ev_files WHERE evidence_id = ?').get(
      evidenceId,
    );
    return row && view(row);
  }

  ofTask(taskId: string): EvidenceView[] {
    return statement<[string], Row>(this.db, 'SELECT * FROM ev_files WHERE task_id = ? ORDER BY position')
      .all(taskId)
      .map(view);
  }

  /** 佐证材料目录清单 of a plan, optionally narrowed to a level, a project or a task. */
  catalogue(
    planId: string,
    filter: { levelId?: string; projectId?: string; taskId?: string } = {},
  ): CatalogueEntry[] {
    return evidenceCatalogue(this.db, planId, filter);
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
