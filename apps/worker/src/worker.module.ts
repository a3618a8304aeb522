import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { QUEUES, workerConnection } from '@sg/jobs';
import { Redis } from 'ioredis';
import { JobSchedules } from './job-schedules';
import { SystemProcessor } from './system.processor';
import { WORKER_REDIS } from './worker-redis';

@Module({})
export class WorkerModule {
  static register(redisUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({ connection: workerConnection(redisUrl) }),
        BullModule.registerQueue({ name: QUEUES.system }),
      ],
      providers: [
        SystemProcessor,
        JobSchedules,
        {
          provide: WORKER_REDIS,
          useFactory: () => new Redis(redisUrl, { maxRetriesPerRequest: null }),
        },
      ],
    };
  }
}
