import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  deliverOnce,
  draftBriefing,
  EVENT_STORE,
  pendingDeliveries,
  READ_MODEL_DB,
  recordDeliveryFailure,
  sendDueDigests,
  sendDueReminders,
  dateIn,
  type NotificationViews,
  type PlannedDelivery,
} from '@sg/application';
import type { AppConfig } from '@sg/config';
import type { EventStore } from '@sg/event-store';
import { JOBS, lastRunKey, planSchedulerId, QUEUES } from '@sg/jobs';
import {
  CampaignQueries,
  CompletionQueries,
  FindingQueries,
  NotificationQueries,
  ProjectionRunner,
  SubmissionQueries,
  UserQueries,
} from '@sg/read-models';
import type Database from 'better-sqlite3';
import type { Job, Queue } from 'bullmq';
import { CronExpressionParser } from 'cron-parser';
import type { Redis } from 'ioredis';
import { WORKER_CONFIG, WORKER_REDIS } from '../worker-redis';
import { Channels, type Outgoing } from './channels';

type PlanJob = 'reminder-scan' | 'briefing-draft';
export interface PlanJobData {
  planId: string;
  /** The scheduled instant this run stands for (ms); absent on jobs made by a scheduler, which carry it in opts. */
  slot?: number;
}

/** How long a pass waits on Redis before giving up until the next one (a frozen Redis never answers). */
const REDIS_PASS_TIMEOUT_MS = 10_000;
const PLANNING_POLL_MS = 500;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Reminders, briefings and deliveries, as the worker runs them. Everything it decides is read
 * from its own read models (fed from the log) and everything it does is recorded in the log;
 * Redis only carries the work in between, so a Redis that lost its data is re-planned from the
 * read models by `reconcile`, which runs on a timer of its own, not as a job.
 */
@Injectable()
export class NotificationWork implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly views: NotificationViews;
  private timers: NodeJS.Timeout[] = [];
  private reconciling: Promise<void> | undefined;
  private planning: Promise<void> | undefined;
  private plannedThrough = -1;

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    /** Held only to close it at shutdown, after the projections writing it have stopped. */
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
    private readonly queries: NotificationQueries,
    private readonly users: UserQueries,
    private readonly completion: CompletionQueries,
    submissions: SubmissionQueries,
    campaigns: CampaignQueries,
    findings: FindingQueries,
    private readonly projections: ProjectionRunner,
    private readonly channels: Channels,
    @Inject(WORKER_REDIS) private readonly redis: Redis,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
  ) {
    this.views = { notifications: queries, users, completion, submissions, campaigns, findings };
  }

  onApplicationBootstrap(): void {
    this.projections.start();
    void this.reconcile();
    this.timers.push(setInterval(() => void this.reconcile(), this.config.notifications.reconcileIntervalMs));
    this.timers.push(setInterval(() => void this.planIfNew(), PLANNING_POLL_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.allSettled([this.reconciling, this.planning]);
    await this.projections.stop();
    this.channels.close();
    await this.store.close();
    this.db.close();
  }

  /**
   * Waits until the read models show everything the log held when called: as long as they keep
   * moving (a start that rebuilds them from zero may take minutes), failing the job only after
   * 30 s without progress (it is then retried).
   */
  private async caughtUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (!(await this.projections.waitWhileMoving(head, 30_000)))
      throw new Error(`read models did not reach position ${head}: no progress for 30 s`);
  }

  private planIds(): string[] {
    return this.completion.planIds();
  }

  // --- Jobs -------------------------------------------------------------------------------------

  async runPlanJob(name: PlanJob, job: Job<PlanJobData>): Promise<unknown> {
    const { planId } = job.data;
    const slot = job.data.slot ?? job.opts.prevMillis ?? job.timestamp;
    await this.caughtUp();
    let result: unknown;
    if (name === 'reminder-scan') {
      const scan = await sendDueReminders(this.store, this.views, planId, new Date());
      // The daily digests go out with the morning scan: everything kept for days before the slot's.
      const { timezone } = this.queries.settings(planId).settings;
      const digests = await sendDueDigests(
        this.store,
        this.views,
        planId,
        dateIn(new Date(slot), timezone),
        new Date(),
      );
      result = { due: scan.due, sent: scan.sent.length, digests };
    } else {
      const { timezone } = this.queries.settings(planId).settings;
      const periodEnd = dateIn(new Date(slot - 86_400_000), timezone);
      const drafted = await draftBriefing(
        this.store,
        this.views,
        planId,
        { actor: 'system:briefings', correlationId: `briefing:${planId}:${slot}`, now: new Date() },
        { periodEnd, timezone },
      ).catch((error: unknown) => {
        // The period is already covered by an earlier issue: nothing to draft.
        if ((error as { code?: string }).code === 'briefing-period-covered') return undefined;
        throw error;
      });
      result = drafted && { briefingId: drafted.briefingId, created: drafted.created };
    }
    await this.markRun(name, planId, slot);
    await this.caughtUp();
    await this.planDeliveries();
    return result;
  }

  private async markRun(name: PlanJob, planId: string, slot: number): Promise<void> {
    const key = lastRunKey(name, planId);
    const last = Number((await this.redis.get(key)) ?? 0);
    if (slot > last) await this.redis.set(key, String(slot));
  }

  async deliver(job: Job<PlannedDelivery>): Promise<unknown> {
    const planned = job.data;
    const attempt = job.attemptsMade + 1;
    try {
      return await deliverOnce(this.store, planned, attempt, async () => {
        await this.caughtUp();
        await this.channels.send(planned.channel, this.outgoing(planned));
      });
    } catch (error) {
      if (attempt >= (job.opts.attempts ?? 1)) {
        await recordDeliveryFailure(
          this.store,
          planned,
          attempt,
          error instanceof Error ? error.message : String(error),
        );
      }
      throw error;
    }
  }

  private outgoing(planned: PlannedDelivery): Outgoing {
    const message = this.queries.message(planned.notificationId);
    if (!message) throw new Error(`notification ${planned.notificationId} is not in the read models`);
    const who = planned.recipient === 'group' ? message.recipients : [planned.recipient];
    return {
      deliveryId: planned.deliveryId,
      message,
      recipients: who.map((userId) => ({
        userId,
        displayName: this.users.byId(userId)?.displayName ?? userId,
        preferences: this.queries.preferences(userId),
      })),
    };
  }

  // --- Planning and reconciliation ----------------------------------------------------------------

  /** Queues every delivery not yet done. Job ids are derived from the delivery, so queuing twice is harmless. */
  planDeliveries(): Promise<void> {
    // Assigned before it settles (`.finally` runs later), so a pass that had nothing to await
    // cannot leave a settled promise behind that blocks every later pass.
    this.planning ??= this.planOnce().finally(() => {
      this.planning = undefined;
    });
    return this.planning;
  }

  private async planOnce(): Promise<void> {
    const through = this.projections.status().find((s) => s.name === 'notifications')?.position ?? 0;
    const pending = pendingDeliveries(this.views, this.channels.available);
    if (pending.length > 0) {
      const { deliveryAttempts, deliveryBackoffMs } = this.config.notifications;
      await within(
        this.queue.addBulk(
          pending.map((p) => ({
            name: 'deliver',
            data: p,
            opts: {
              ...JOBS.deliver.defaults,
              attempts: deliveryAttempts,
              backoff: { type: 'exponential', delay: deliveryBackoffMs },
              jobId: `deliver-${p.deliveryId}-${p.generation}`,
            },
          })),
        ),
        REDIS_PASS_TIMEOUT_MS,
        'queue deliveries',
      );
    }
    this.plannedThrough = through;
  }

  private async planIfNew(): Promise<void> {
    const position = this.projections.status().find((s) => s.name === 'notifications')?.position ?? 0;
    if (position <= this.plannedThrough || this.planning) return;
    await this.planDeliveries().catch((error: unknown) =>
      this.logger.warn(`planning deliveries: ${String(error)}`),
    );
  }

  /**
   * Makes Redis hold what the read models say it should: each plan's two schedules, a run for any
   * scheduled slot that passed without one (Redis was down, or lost its data), and every pending
   * delivery. Safe to run any number of times, by any number of workers at once.
   */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    try {
      await this.caughtUp();
      const now = new Date();
      for (const planId of this.planIds()) {
        const { settings } = this.queries.settings(planId);
        const crons: [PlanJob, string][] = [
          ['reminder-scan', settings.reminderCron],
          ['briefing-draft', settings.briefingCron],
        ];
        for (const [name, pattern] of crons) {
          await within(
            this.queue.upsertJobScheduler(
              planSchedulerId(name, planId),
              { pattern, tz: settings.timezone },
              { name, data: { planId }, opts: JOBS[name].defaults },
            ),
            REDIS_PASS_TIMEOUT_MS,
            'schedule',
          );
          const previous = CronExpressionParser.parse(pattern, { tz: settings.timezone, currentDate: now })
            .prev()
            .getTime();
          const last = Number(
            (await within(this.redis.get(lastRunKey(name, planId)), REDIS_PASS_TIMEOUT_MS, 'last run')) ?? 0,
          );
          if (last < previous) {
            await within(
              this.queue.add(
                name,
                { planId, slot: previous },
                { ...JOBS[name].defaults, jobId: `${name}-${planId}-${previous}` },
              ),
              REDIS_PASS_TIMEOUT_MS,
              'catch-up run',
            );
          }
        }
      }
      await this.planDeliveries();
    } catch (error) {
      this.logger.warn(`reconcile: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
