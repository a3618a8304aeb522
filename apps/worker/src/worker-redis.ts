/** A plain connection for the worker's own keys (heartbeat, the last run of each plan's jobs). */
export const WORKER_REDIS = Symbol('WorkerRedis');
/** The worker's configuration, read once at start. */
export const WORKER_CONFIG = Symbol('WorkerConfig');
