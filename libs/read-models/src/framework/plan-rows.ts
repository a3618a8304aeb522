import type Database from 'better-sqlite3';
import type { PlanEvent } from '@sg/domain';
import type { ProjectedEvent } from '@sg/event-store';
import { statement } from './statement-cache';

type LevelAdded = Extract<PlanEvent, { type: 'LevelAdded' }>;

/**
 * Where a version of a plan item (a task, an indicator) stands: its log position, the date it takes
 * effect and when it was recorded. An item of the original plan (no amendment) has always been part
 * of the plan: position 0, effective date '' and recording time ''.
 */
export function versionOf(
  recorded: ProjectedEvent,
  amendment: { effectiveDate: string } | undefined,
): [position: number, effectiveDate: string, recordedAt: string] {
  return amendment ? [recorded.position, amendment.effectiveDate, recorded.metadata.time] : [0, '', ''];
}

/** A level row as the projections that keep one (`cp_levels`, `sc_levels`) hold it, ordered by log position. */
export function insertLevel(
  db: Database.Database,
  table: 'cp_levels' | 'sc_levels',
  recorded: ProjectedEvent,
): void {
  const d = (recorded as ProjectedEvent & LevelAdded).data;
  statement(
    db,
    `INSERT INTO ${table} (level_id, plan_id, name, kind, weight, seq) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(d.levelId, d.planId, d.name, d.kind, d.weight, recorded.position);
}

/** What a definition or revision of a plan item puts in its version row. */
interface ItemVersion {
  itemId: string;
  planId: string;
  amendment: { effectiveDate: string } | undefined;
  /** The values of the versioned columns, in their order. */
  values: readonly unknown[];
}

/**
 * The versions table of a plan item (`cp_task_versions`, `sc_indicator_versions`): one row per
 * definition, revision and withdrawal, keyed by the item's id and the version's log position.
 * `columns` are the item's versioned columns, named alike in the item's table and its versions table.
 */
export function itemVersions<D>(spec: {
  versions: string;
  items: string;
  id: string;
  columns: readonly string[];
  versionOf: (data: D) => ItemVersion;
}) {
  const { versions, items, id } = spec;
  const columns = spec.columns.join(', ');
  const head = `INSERT INTO ${versions} (${id}, plan_id, position, effective_date, recorded_at, ${columns}, withdrawn)`;
  const insert = `${head} VALUES (?, ?, ?, ?, ?, ${spec.columns.map(() => '?').join(', ')}, 0)`;
  const withdraw = `${head} SELECT ${id}, plan_id, ?, ?, ?, ${columns}, 1 FROM ${items} WHERE ${id} = ?`;
  return {
    /** The version an item's definition or revision makes. */
    insert(db: Database.Database, recorded: ProjectedEvent, data: D): void {
      const v = spec.versionOf(data);
      statement(db, insert).run(v.itemId, v.planId, ...versionOf(recorded, v.amendment), ...v.values);
    },
    /** The withdrawal's version: a copy of the item's standing row, marked withdrawn. */
    withdraw(
      db: Database.Database,
      recorded: ProjectedEvent,
      amendment: { effectiveDate: string } | undefined,
      itemId: string,
    ): void {
      statement(db, withdraw).run(...versionOf(recorded, amendment), itemId);
    },
  };
}
