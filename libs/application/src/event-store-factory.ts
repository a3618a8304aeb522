import type { AppConfig } from '@sg/config';
import { KurrentDbEventStore, SqliteEventStore, type EventStore } from '@sg/event-store';

/** The configured event store: the embedded SQLite file, or a KurrentDB server. */
export function createEventStore(config: AppConfig): EventStore {
  const es = config.eventStore;
  return es.kind === 'kurrentdb'
    ? new KurrentDbEventStore({ connectionString: es.connectionString, timeoutMs: es.timeoutMs })
    : new SqliteEventStore({ file: es.file, synchronous: es.synchronous });
}
