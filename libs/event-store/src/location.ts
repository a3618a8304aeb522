import type { EventStore } from './port';
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
  if (location.kind === 'sqlite') {
    return new SqliteEventStore({ file: location.file, synchronous: location.synchronous });
  }
  // Loaded only for a KurrentDB log: its client (gRPC) took about 0.1 s to load in every process,
  // the rebuild's second thread included, that never connects to one.
  type Adapter = typeof import('./kurrentdb/kurrentdb-event-store');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KurrentDbEventStore } = require('./kurrentdb/kurrentdb-event-store') as Adapter;
  return new KurrentDbEventStore({
    connectionString: location.connectionString,
    timeoutMs: location.timeoutMs,
  });
}
