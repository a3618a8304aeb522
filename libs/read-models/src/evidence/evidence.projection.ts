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
}
