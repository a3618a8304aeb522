import type Database from 'better-sqlite3';
import type { PlanEvent } from '@sg/domain';
import type { RecordedEvent } from '@sg/event-store';
import { statement } from './statement-cache';

type LevelAdded = Extract<PlanEvent, { type: 'LevelAdded' }>;

/**
 * Where a version of a plan item (a task, an indicator) stands: its log position, the date it takes
 * effect and when it was recorded. An item of the original plan (no amendment) has always been part
 * of the plan: position 0, effective date '' and recording time ''.
 */
export function versionOf(
  recorded: RecordedEvent,
  amendment: { effectiveDate: string } | undefined,
): [position: number, effectiveDate: string, recordedAt: string] {
  return amendment ? [recorded.position, amendment.effectiveDate, recorded.metadata.time] : [0, '', ''];
}

/** A level row as the projections that keep one (`cp_levels`, `sc_levels`) hold it, ordered by log position. */
export function insertLevel(
  db: Database.Database,
  table: 'cp_levels' | 'sc_levels',
  recorded: RecordedEvent,
): void {
  const d = (recorded as RecordedEvent & LevelAdded).data;
  statement(
    db,
    `INSERT INTO ${table} (level_id, plan_id, name, kind, weight, seq) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(d.levelId, d.planId, d.name, d.kind, d.weight, recorded.position);
}
