import type { JobsOptions } from 'bullmq';

/** Every queue the worker consumes. */
export const QUEUES = { system: 'system' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobDefinition {
  queue: QueueName;
  /** Options every job of this name is added with. */
  defaults: JobsOptions;
  /** Repeating jobs are registered as job schedulers (one per name, however many workers start). */
  schedule?: { every: number } | { pattern: string };
}

/**
 * The one list of jobs, with their defaults. The worker refuses to start if a name here has no
 * handler or a handler has no name here.
 */
export const JOBS = {
  'worker-heartbeat': {
    queue: QUEUES.system,
    defaults: { removeOnComplete: 10, removeOnFail: 100, attempts: 1 },
    schedule: { every: 15_000 },
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;

/** Where the worker's heartbeat is kept; /api/health reads it. */
export const WORKER_HEARTBEAT_KEY = 'sg:worker:heartbeat';
