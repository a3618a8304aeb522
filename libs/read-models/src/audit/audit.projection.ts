import type Database from 'better-sqlite3';
import type { RecordedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { forgetKeys, keyOf } from '../framework/keys';
import { statement } from '../framework/statement-cache';
import { BulkRows } from '../framework/bulk-rows';

const STREAM_ENTITIES: Record<string, string> = {
  plan: 'plan',
  task: 'task',
  user: 'user',
  username: 'username',
  indicator: 'indicator',
  achievement: 'achievement',
  evidence: 'evidence',
  submission: 'submission',
  delivery: 'delivery',
};
const DATA_ENTITIES: Record<string, string> = {
  planId: 'plan',
  levelId: 'level',
  projectId: 'project',
  taskId: 'task',
  userId: 'user',
  indicatorId: 'indicator',
  evidenceId: 'evidence',
  briefingId: 'briefing',
  departmentId: 'department',
  leadDepartmentId: 'department',
};

/** The entity whose stream an event is in (`task:…`, `submission:…`), if it is one of ours. */
export function ownEntityOf(event: RecordedEvent): string | undefined {
  const dash = event.stream.indexOf('-');
  const kind = STREAM_ENTITIES[event.stream.slice(0, dash)];
  return dash > 0 && kind ? `${kind}:${event.stream.slice(dash + 1)}` : undefined;
}

/** Every entity an event is about: its own stream's, and each one its data names. */
export function entitiesOf(event: RecordedEvent): string[] {
  const entities = new Set<string>();
  const dash = event.stream.indexOf('-');
  const kind = STREAM_ENTITIES[event.stream.slice(0, dash)];
  if (dash > 0 && kind) entities.add(`${kind}:${event.stream.slice(dash + 1)}`);
  if (event.data && typeof event.data === 'object') {
    for (const [key, value] of Object.entries(event.data as Record<string, unknown>)) {
      if (DATA_ENTITIES[key] && typeof value === 'string') entities.add(`${DATA_ENTITIES[key]}:${value}`);
    }
  }
  return [...entities];
}

/** A batch's rows, written at its end; and every stream's parents so far, read without a query. */
interface Staged {
  events: BulkRows;
  entities: [number, number][];
  parents: BulkRows;
  parentsOf: Map<number, number[]>;
}

const parentCaches = new WeakMap<Database.Database, Map<number, number[]>>();

/**
 * The parents of each stream filed during a load from zero. Forgotten by `migrate`, which runs
 * when the load is over (and after a failure), so it never outlives the load it mirrors.
 */
function parentCache(db: Database.Database): Map<number, number[]> {
  let cache = parentCaches.get(db);
  if (!cache) parentCaches.set(db, (cache = new Map<number, number[]>()));
  return cache;
}

/** Files one event: at once (`staged` undefined), or into a batch's rows. */
function fileEvent(db: Database.Database, event: RecordedEvent, staged: Staged | undefined): void {
  const type = keyId(db, `type:${event.type}`);
  const actor = keyId(db, `actor:${event.metadata.actor}`);
  const time = timeKey(event.metadata.time);
  if (staged) staged.events.add(event.position, type, actor, time);
  else
    statement(db, 'INSERT INTO au_events (position, type, actor, time) VALUES (?, ?, ?, ?)').run(
      event.position,
      type,
      actor,
      time,
    );
  const entities = new Set(entitiesOf(event).map((entity) => keyId(db, entity)));
  const own = ownEntityOf(event);
  if (own) {
    const ownId = keyId(db, own);
    if (event.revision === 0) {
      const parents = [...entities].filter((entity) => entity !== ownId);
      if (staged) {
        staged.parentsOf.set(ownId, parents);
        for (const parent of parents) staged.parents.add(ownId, parent);
      } else {
        const link = statement(db, 'INSERT OR IGNORE INTO au_parents (entity, parent) VALUES (?, ?)');
        for (const parent of parents) link.run(ownId, parent);
      }
    } else {
      const parents =
        staged?.parentsOf.get(ownId) ??
        statement<[number], { parent: number }>(db, 'SELECT parent FROM au_parents WHERE entity = ?')
          .all(ownId)
          .map((p) => p.parent);
      for (const parent of parents) entities.add(parent);
    }
  }
  // An achievement is about every task it is linked to.
  const taskIds = (event.data as { taskIds?: unknown } | null)?.taskIds;
  if (Array.isArray(taskIds)) for (const taskId of taskIds) entities.add(keyId(db, `task:${String(taskId)}`));
  if (staged) for (const entity of entities) staged.entities.push([entity, event.position]);
  else {
    const index = statement(db, 'INSERT OR IGNORE INTO au_entities (entity, position) VALUES (?, ?)');
    for (const entity of entities) index.run(entity, event.position);
  }
}

const keyId = (db: Database.Database, key: string): number => keyOf(db, 'au_keys', key);

/** An event's time as stored in the index: milliseconds since the epoch (ISO instants compare alike). */
export function timeKey(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * The audit trail as an index of the log: which positions concern which entity, actor, type and
 * time. The events themselves stay in the event store, read back by position (a copy here was
 * as large as the log). Filing is linear: an event goes under its own entity, the entities its
 * data names, and the entities its stream belongs to — those its stream's first event named (a
 * submission's task). What later events of a stream name (a plan's indicators, a submission's
 * evidence) are its parts, not its owners: they get those events, not every later one.
 * Entities, actors and types are integer keys (`au_keys`): the index is a few bytes per row.
 */
export const auditProjection: Projection = {
  name: 'audit',
  tablePrefix: 'au_',
  version: 4,
  migrate(db) {
    forgetKeys(db, 'au_keys');
    parentCaches.delete(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS au_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
      CREATE TABLE IF NOT EXISTS au_events (
        position INTEGER PRIMARY KEY, type INTEGER NOT NULL, actor INTEGER NOT NULL, time INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS au_events_actor ON au_events (actor, position);
      CREATE INDEX IF NOT EXISTS au_events_type ON au_events (type, position);
      CREATE INDEX IF NOT EXISTS au_events_time ON au_events (time, position);
      CREATE TABLE IF NOT EXISTS au_entities (
        entity INTEGER NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (entity, position)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS au_parents (
        entity INTEGER NOT NULL, parent INTEGER NOT NULL, PRIMARY KEY (entity, parent)) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    fileEvent(db, event, undefined);
  },
  applyBatch(db, events) {
    const rows: Staged = {
      events: new BulkRows('INSERT INTO au_events (position, type, actor, time)', 4),
      entities: [],
      parents: new BulkRows('INSERT OR IGNORE INTO au_parents (entity, parent)', 2),
      parentsOf: parentCache(db),
    };
    for (const event of events) fileEvent(db, event, rows);
    rows.events.flush(db);
    rows.parents.flush(db);
    // In key order: each page of the tree is written once per batch, not once per row.
    rows.entities.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const entities = new BulkRows('INSERT OR IGNORE INTO au_entities (entity, position)', 2);
    for (const [entity, position] of rows.entities) entities.add(entity, position);
    entities.flush(db);
  },
};
