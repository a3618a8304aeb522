import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { WORKER_REDIS } from './worker-redis';
import { assertHandlersMatch, QUEUES, WORKER_HEARTBEAT_KEY, type JobName } from '@sg/jobs';
import type { Job } from 'bullmq';

type Handler = (job: Job) => Promise<unknown>;

@Processor(QUEUES.system)
export class SystemProcessor extends WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(@Inject(WORKER_REDIS) private readonly redis: Redis) {
    super();
  }

  /** One handler per job name of this queue; checked against JOBS at start. */
  readonly handlers: Partial<Record<JobName, Handler>> = {
    'worker-heartbeat': async () => {
      await this.redis.set(WORKER_HEARTBEAT_KEY, new Date().toISOString(), 'EX', 60);
    },
  };

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName];
    if (!handler) throw new Error(`No handler for job ${job.name} on queue ${QUEUES.system}`);
    return handler(job);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  onModuleInit(): void {
    this.logger.log(`handling ${assertHandlersMatch(QUEUES.system, Object.keys(this.handlers)).join(', ')}`);
  }
}
