import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, READ_MODEL_DB, RecordTaskProgressEffect } from '@sg/application';
import type { SubmissionEvent } from '@sg/domain';
import type { EventStore, RecordedEvent, Subscription } from '@sg/event-store';
import type Database from 'better-sqlite3';

const NAME = 'approval-effects';

/**
 * Makes sure every final approval's facts get recorded. The request that approves records them
 * at once; if it died in between, this reactor, following the log from its checkpoint, records
 * them — with the same derived keys, so whichever comes second writes nothing.
 */
@Injectable()
export class ApprovalEffectsReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ApprovalEffects');
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
    private readonly effect: RecordTaskProgressEffect,
  ) {}

  onApplicationBootstrap(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS reactor_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL)',
    );
    const from =
      this.db
        .prepare<[string], { position: number }>('SELECT position FROM reactor_checkpoints WHERE name = ?')
        .get(NAME)?.position ?? 0;
    const save = this.db.prepare<[string, number]>(
      'INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.subscription = this.store.subscribeToAll(from, {
      onEvents: async (events: RecordedEvent[]) => {
        for (const event of events) {
          if (event.type !== 'SubmissionApproved') continue;
          const approved = event.data as Extract<SubmissionEvent, { type: 'SubmissionApproved' }>['data'];
          await this.effect.record(approved, {
            actor: event.metadata.actor,
            correlationId: event.metadata.correlationId,
            causationId: event.id,
            now: new Date(event.metadata.time),
          });
        }
        save.run(NAME, events[events.length - 1].position);
      },
      onError: (error) => this.logger.error(`stopped: ${String(error)}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
