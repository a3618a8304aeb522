import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { createEventStore, EVENT_STORE, READ_MODEL_DB, VIEW_PROVIDERS, VIEW_TOKENS } from '@sg/application';
import { APP_CONFIG } from './config.provider';
import type { AppConfig } from '@sg/config';
import type { EventStore } from '@sg/event-store';
import {
  ALL_PROJECTIONS,
  amendmentEffectsManager,
  approvalEffectsManager,
  DEFAULT_PROCESS_MANAGER_OPTIONS,
  openReadModelDatabase,
  ProcessManagerHost,
  ProjectionRunner,
  workflowNoticesManager,
} from '@sg/read-models';
import type Database from 'better-sqlite3';
import { IdempotencyStore } from './idempotency';
import { LOOKUPS, lookupsProvider } from './lookups.provider';

/** How long a notice waits to share a commit with others; its lag is this plus one commit. */
const NOTICE_LINGER_MS = 100;

/** The event store, the read-model database, the projections that feed it and each view's queries. */
@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: createEventStore },
    {
      provide: READ_MODEL_DB,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openReadModelDatabase(config.readModelFile),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, READ_MODEL_DB, APP_CONFIG],
      useFactory: (store: EventStore, db: Database.Database, config: AppConfig) => {
        // Process managers run here, in the API: what they append for the writer's own reads is
        // visible to the answer of the request that caused it (ADR 0019, 0021, 0038). The worker
        // reacts to what they append for the outside channels.
        const options = {
          ...DEFAULT_PROCESS_MANAGER_OPTIONS,
          onError: (name: string, error: unknown) =>
            new Logger('ProcessManagers').warn(`${name}: ${String(error)}`),
        };
        // Notices change only what other people read: no answer waits for them, and those of
        // many requests share one commit (ADR 0038).
        const workflowNotices = new ProcessManagerHost(store, db, workflowNoticesManager, {
          ...options,
          answerWaits: false,
          lingerMs: NOTICE_LINGER_MS,
        });
        // An approval's facts are due however long ago it happened: no horizon (ADR 0021).
        const approvalEffects = new ProcessManagerHost(
          store,
          db,
          approvalEffectsManager({ toleranceDays: config.facts.effectiveDateToleranceDays }),
          { ...options, horizonMs: Number.POSITIVE_INFINITY },
        );
        // An approved amendment's change events are due however long ago it was approved.
        const amendmentEffects = new ProcessManagerHost(store, db, amendmentEffectsManager, {
          ...options,
          horizonMs: Number.POSITIVE_INFINITY,
        });
        return new ProjectionRunner(
          store,
          db,
          [
            ...ALL_PROJECTIONS,
            workflowNotices.projection,
            approvalEffects.projection,
            amendmentEffects.projection,
          ],
          (name, error) => new Logger('Projections').error(`projection ${name} stopped: ${String(error)}`),
          // Authentication reads the users projection on the way in: it never lingers (ADR 0049).
          { lingerMs: config.readModelLingerMs, eager: ['users'] },
        );
      },
    },
    {
      provide: IdempotencyStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new IdempotencyStore(config.idempotencyFile),
    },
    ...VIEW_PROVIDERS,
    lookupsProvider,
  ],
  exports: [EVENT_STORE, READ_MODEL_DB, ProjectionRunner, IdempotencyStore, ...VIEW_TOKENS, LOOKUPS],
})
export class PersistenceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
    private readonly projections: ProjectionRunner,
    private readonly idempotency: IdempotencyStore,
  ) {}

  onModuleInit(): void {
    this.projections.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    this.idempotency.close();
    this.db.close();
  }
}
