/** A plain connection for the worker's own keys (heartbeat, and later the jobs' records). */
export const WORKER_REDIS = Symbol('WorkerRedis');
