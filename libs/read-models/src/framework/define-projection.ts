import type Database from 'better-sqlite3';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from './projection';

/** What a projection writes for one event type, from the event's data and its place in the log. */
type Handler<D> = (db: Database.Database, data: D, recorded: ProjectedEvent) => void;

/** The handlers of a projection, one per event type it reads; it ignores every other type. */
export type EventHandlers<E extends { type: string; data: unknown }> = {
  readonly [T in E['type']]?: Handler<Extract<E, { type: T }>['data']>;
};

/**
 * A projection whose `migrate` runs `schema` (every statement `IF NOT EXISTS`: it runs at every
 * start) and whose `apply` hands each event to the handler of its type.
 */
export function defineProjection<E extends { type: string; data: unknown }>(spec: {
  name: string;
  tablePrefix: string;
  version: number;
  schema: string;
  on: EventHandlers<E>;
}): Projection {
  const { schema, on, ...header } = spec;
  const handlers = on as Readonly<Record<string, Handler<unknown>>>;
  return {
    ...header,
    eventTypes: new Set(Object.keys(handlers)),
    migrate(db) {
      db.exec(schema);
    },
    apply(db, recorded) {
      if (Object.hasOwn(handlers, recorded.type)) handlers[recorded.type](db, recorded.data, recorded);
    },
  };
}
