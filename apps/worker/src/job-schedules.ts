import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JOBS, QUEUES, type JobDefinition } from '@sg/jobs';
import type { Queue } from 'bullmq';

/**
 * Registers every repeating job as a BullMQ job scheduler. upsertJobScheduler is keyed by the
 * scheduler id, so workers starting together still leave exactly one schedule per job.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobSchedules.name);

  constructor(@InjectQueue(QUEUES.system) private readonly system: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const queues: Record<string, Queue> = { [QUEUES.system]: this.system };
    for (const [name, definition] of Object.entries(JOBS) as [string, JobDefinition][]) {
      if (!definition.schedule) continue;
      await queues[definition.queue].upsertJobScheduler(name, definition.schedule, {
        name,
        opts: definition.defaults,
      });
      this.logger.log(`schedule ${name}: ${JSON.stringify(definition.schedule)}`);
    }
  }
}
