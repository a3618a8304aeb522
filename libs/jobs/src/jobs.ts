import type { JobsOptions } from 'bullmq';

/** Every queue the worker consumes. */
export const QUEUES = { system: 'system', notifications: 'notifications' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobDefinition {
  queue: QueueName;
  /** Options every job of this name is added with. */
  defaults: JobsOptions;
  /** Repeating jobs are registered as job schedulers (one per name, however many workers start). */
  schedule?: { every: number } | { pattern: string };
}

/** A run over one plan's notifications: three tries, five seconds apart and doubling. */
const PER_PLAN_NOTIFICATION_RUN: JobsOptions = {
  removeOnComplete: 100,
  removeOnFail: 100,
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
};

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
  /** Sends the reminders due in one plan (scheduled per plan by its reminder cron). */
  'reminder-scan': {
    queue: QUEUES.notifications,
    defaults: PER_PLAN_NOTIFICATION_RUN,
  },
  /** Drafts one plan's briefing for the period just ended (scheduled per plan by its briefing cron). */
  'briefing-draft': {
    queue: QUEUES.notifications,
    defaults: PER_PLAN_NOTIFICATION_RUN,
  },
  /**
   * Delivers one notification over one outside channel. Attempts and backoff come from the
   * configuration; failed jobs are removed because the log, not Redis, keeps the failed list.
   */
  deliver: {
    queue: QUEUES.notifications,
    defaults: { removeOnComplete: 1000, removeOnFail: true },
  },
} as const satisfies Record<string, JobDefinition>;

/** Per-plan job schedulers: one reminder scan and one briefing schedule for each plan. */
export const planSchedulerId = (job: 'reminder-scan' | 'briefing-draft', planId: string) =>
  `${job}-${planId}`;

/** When the last scheduled run of a plan's job happened; the reconciler catches up runs it misses. */
export const lastRunKey = (job: 'reminder-scan' | 'briefing-draft', planId: string) =>
  `sg:last-run:${job}:${planId}`;

export type JobName = keyof typeof JOBS;

/** Where the worker's heartbeat is kept; /api/health reads it. */
export const WORKER_HEARTBEAT_KEY = 'sg:worker:heartbeat';

/**
 * Checks that a processor handles exactly the jobs JOBS lists for its queue; the worker refuses
 * to start otherwise. Returns the handled names.
 */
export function assertHandlersMatch(queue: QueueName, handled: string[]): string[] {
  const expected = (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name].queue === queue);
  const missing = expected.filter((name) => !handled.includes(name));
  const unknown = handled.filter((name) => !expected.includes(name as JobName));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(
      `Job handlers of queue ${queue} do not match JOBS: missing ${missing.join(', ') || '-'}; unknown ${unknown.join(', ') || '-'}`,
    );
  }
  return handled;
}
