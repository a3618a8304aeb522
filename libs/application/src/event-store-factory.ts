import type { AppConfig } from '@sg/config';
import { openEventStore, type EventStore } from '@sg/event-store';

/** The configured event store: the embedded SQLite file, or a KurrentDB server. */
export function createEventStore(config: AppConfig): EventStore {
  return openEventStore(config.eventStore);
}
