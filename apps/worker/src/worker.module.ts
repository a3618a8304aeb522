import { BullModule } from '@nestjs/bullmq';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { createEventStore, EVENT_STORE, READ_MODEL_DB, VIEW_PROVIDERS } from '@sg/application';
import type { AppConfig } from '@sg/config';
import type { EventStore } from '@sg/event-store';
import { QUEUES, workerConnection } from '@sg/jobs';
import { BRIEFING_PROJECTIONS, campaignsProjection, ProjectionRunner } from '@sg/read-models';
import { openWorkerReadModels } from './notifications/worker-read-models';
import type Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { JobSchedules } from './job-schedules';
import { Channels } from './notifications/channels';
import { NotificationWork } from './notifications/notification-work';
import { NotificationsProcessor } from './notifications/notifications.processor';
import { SystemProcessor } from './system.processor';
import { WORKER_CONFIG, WORKER_REDIS } from './worker-redis';

@Module({})
export class WorkerModule {
  static register(config: AppConfig & { redisUrl: string }): DynamicModule {
    const redisUrl = config.redisUrl;
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({ connection: workerConnection(redisUrl) }),
        BullModule.registerQueue({ name: QUEUES.system }, { name: QUEUES.notifications }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        // The worker keeps read models of its own: it never writes into the API's file.
        {
          provide: READ_MODEL_DB,
          useFactory: () => openWorkerReadModels(config.notifications.workerReadModelFile),
        },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_MODEL_DB],
          useFactory: (store: EventStore, db: Database.Database) =>
            // Campaign windows are reminded from the worker's scan as well.
            new ProjectionRunner(store, db, [...BRIEFING_PROJECTIONS, campaignsProjection], (name, error) =>
              new Logger('Projections').error(`projection ${name} stopped: ${String(error)}`),
            ),
        },
        // The worker reads its own read models through the same view providers as the API.
        ...VIEW_PROVIDERS,
        { provide: Channels, useFactory: () => new Channels(config.notifications) },
        NotificationWork,
        NotificationsProcessor,
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
