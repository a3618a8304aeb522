import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import type { PlannedDelivery } from '@sg/application';
import { assertHandlersMatch, QUEUES, type JobName } from '@sg/jobs';
import type { Job } from 'bullmq';
import { NotificationWork, type PlanJobData } from './notification-work';

/**
 * A job whose worker died keeps its lock until the lock expires; with a 10 s lock (renewed every
 * 5 s while the job runs) a killed worker's deliveries are picked up again within ~15 s.
 */
@Processor(QUEUES.notifications, { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 })
export class NotificationsProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(private readonly work: NotificationWork) {
    super();
  }

  /** One handler per job name of this queue; checked against JOBS at start. */
  readonly handlers: Partial<Record<JobName, (job: Job) => Promise<unknown>>> = {
    'reminder-scan': (job) => this.work.runPlanJob('reminder-scan', job as Job<PlanJobData>),
    'briefing-draft': (job) => this.work.runPlanJob('briefing-draft', job as Job<PlanJobData>),
    deliver: (job) => this.work.deliver(job as Job<PlannedDelivery>),
  };

  process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new Error(`No handler for job ${job.name} on queue ${QUEUES.notifications}`);
    return handler(job);
  }

  onModuleInit(): void {
    this.logger.log(
      `handling ${assertHandlersMatch(QUEUES.notifications, Object.keys(this.handlers)).join(', ')}`,
    );
  }
}
