import type { EventStore } from './port';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite/sqlite-event-store';

/**
 * Where a log is, as plain data: what a second thread (or process) needs to open the same log
 * for itself (a store's connection cannot be handed over).
 */
export type EventStoreLocation =
  | { kind: 'sqlite'; file: string; synchronous?: SqliteSynchronous }
  | { kind: 'kurrentdb'; connectionString: string; timeoutMs?: number };

/** The event store at `location`: the embedded SQLite file, or a KurrentDB server. */
export function openEventStore(location: EventStoreLocation): EventStore {
  return location.kind === 'kurrentdb'
    ? new KurrentDbEventStore({ connectionString: location.connectionString, timeoutMs: location.timeoutMs })
    : new SqliteEventStore({ file: location.file, synchronous: location.synchronous });
}
