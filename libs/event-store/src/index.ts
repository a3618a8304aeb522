export * from './port';
export * from './errors';
export { uuidv7, isUuid } from './uuidv7';
export { deterministicEventId } from './deterministic-id';
export { chainLink, GENESIS_HASH } from './sqlite/hash-chain';
export {
  eventsFromText,
  SqliteEventStore,
  type LogText,
  type SqliteEventStoreOptions,
  type SqliteSynchronous,
} from './sqlite/sqlite-event-store';
// The KurrentDB adapter is opened through `openEventStore`, which loads its client only then.
export type { KurrentDbEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export { preparePrivateSqliteFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './sqlite/private-file';
export { openEventStore, type EventStoreLocation } from './location';
export { relayedLog, relayLog, type LogFeed, type RelayedLog, type RelayingLog } from './log-relay';
