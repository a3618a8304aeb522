/** Injection tokens for the ports the application layer depends on. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL_DB = Symbol('ReadModelDatabase');
