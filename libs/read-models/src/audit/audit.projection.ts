import type { RecordedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

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
};

/** The entity whose stream an event is in (`task:…`, `submission:…`), if it is one of ours. */
function ownEntityOf(event: RecordedEvent): string | undefined {
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

/** The audit trail, indexed by entity, actor, type and time. */
export const auditProjection: Projection = {
  name: 'audit',
  tablePrefix: 'au_',
  version: 2,
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS au_events (
        position INTEGER PRIMARY KEY, event_id TEXT NOT NULL, stream TEXT NOT NULL, revision INTEGER NOT NULL,
        type TEXT NOT NULL, actor TEXT NOT NULL, time TEXT NOT NULL, reason TEXT, correlation_id TEXT,
        data TEXT NOT NULL, metadata TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS au_events_actor ON au_events (actor, position);
      CREATE INDEX IF NOT EXISTS au_events_type ON au_events (type, position);
      CREATE INDEX IF NOT EXISTS au_events_time ON au_events (time, position);
      CREATE TABLE IF NOT EXISTS au_entities (
        entity TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (entity, position)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS au_parents (
        entity TEXT NOT NULL, parent TEXT NOT NULL, PRIMARY KEY (entity, parent)) WITHOUT ROWID;
    `);
  },
  apply(db, event) {
    statement(
      db,
      `INSERT INTO au_events (position, event_id, stream, revision, type, actor, time, reason, correlation_id, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      event.position,
      event.id,
      event.stream,
      event.revision,
      event.type,
      event.metadata.actor,
      event.metadata.time,
      event.metadata.reason ?? null,
      event.metadata.correlationId ?? null,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    );
    const index = statement(db, 'INSERT OR IGNORE INTO au_entities (entity, position) VALUES (?, ?)');
    const entities = entitiesOf(event);
    // An event's own entity belongs to every other entity its data names (a submission to its
    // task): later events of that entity, which may not name the task again, are the task's too.
    const own = ownEntityOf(event);
    if (own) {
      const link = statement(db, 'INSERT OR IGNORE INTO au_parents (entity, parent) VALUES (?, ?)');
      for (const entity of entities) if (entity !== own) link.run(own, entity);
      const parents = statement<[string], { parent: string }>(
        db,
        'SELECT parent FROM au_parents WHERE entity = ?',
      ).all(own);
      entities.push(...parents.map((p) => p.parent));
    }
    for (const entity of new Set(entities)) index.run(entity, event.position);
    // An achievement is about every task it is linked to.
    const taskIds = (event.data as { taskIds?: unknown } | null)?.taskIds;
    if (Array.isArray(taskIds))
      for (const taskId of taskIds) index.run(`task:${String(taskId)}`, event.position);
  },
};
