import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  amendmentDecider,
  amendmentNotFound,
  amendmentStream,
  DEFAULT_NOTIFICATION_SETTINGS,
  INDICATOR_SUBCATEGORIES,
  diffAmendment,
  notificationSettingsStream,
  resolveAmendment,
  taskStream,
  type AmendmentChanges,
  type AmendmentDiff,
  type BookIndicatorEntry,
  type BookTaskEntry,
  type IndicatorDefinition,
  type NotificationSettings,
  type PlanNow,
  type PlanTaskEntry,
  type TaskEvent,
  type TaskSnapshot,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { CompletionQueries } from '@sg/read-models';
import { dateIn } from '../notification/reminders';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { stepOf } from '../pipeline/command-context';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { loadExistingPlan, loadStanding, loadState } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { OnEventStoreWith } from '../on-event-store-with';
import { OnEventStore } from '../pipeline/on-event-store';

/** A revised 任务书 as the server read it from the uploaded file (never a diff a client sent). */
export interface RevisedBook {
  tasks: BookTaskEntry[];
  indicators: BookIndicatorEntry[];
}

/** A task as its own stream says now: its definition with every revision applied. */
async function taskNow(
  store: EventStore,
  taskId: string,
): Promise<(PlanTaskEntry & { withdrawn: boolean }) | undefined> {
  const events = (await store.readStream(taskStream(taskId))) as unknown as TaskEvent[];
  let task: (PlanTaskEntry & { withdrawn: boolean }) | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'TaskDefined': {
        const d = event.data;
        task = {
          taskId: d.taskId,
          projectId: d.projectId,
          ...(d.ownerId !== undefined ? { ownerId: d.ownerId } : {}),
          title: d.title,
          dueDate: d.dueDate,
          ...(d.year !== undefined ? { year: d.year } : {}),
          ...(d.primaryTask ? { primaryTask: d.primaryTask } : {}),
          ...(d.secondaryTask ? { secondaryTask: d.secondaryTask } : {}),
          ...(d.sourceKey ? { sourceKey: d.sourceKey } : {}),
          withdrawn: false,
        };
        break;
      }
      case 'TaskRevised':
        if (task) {
          const { title, dueDate, year, sourceKey } = event.data;
          task = {
            ...task,
            title,
            dueDate,
            ...(year !== undefined ? { year } : {}),
            ...(sourceKey ? { sourceKey } : {}),
          };
        }
        break;
      case 'TaskWithdrawn':
        if (task) task = { ...task, withdrawn: true };
        break;
      case 'TaskOwnerAssigned':
        if (task) task = { ...task, ownerId: event.data.ownerId };
        break;
      case 'TaskProgressRecorded':
      case 'TaskUnitsAssigned':
        break;
      default: {
        const never: never = event;
        return never;
      }
    }
  }
  return task;
}

/**
 * The plan as an amendment is compared with: its indicators from the plan's stream, its top-level
 * tasks (listed by the read model, each then read from its own stream), withdrawn ones left out.
 */
async function planEntries(store: EventStore, completion: CompletionQueries, planId: string) {
  const plan = await loadExistingPlan(store, planId);
  const ids = completion.topLevelTaskIds(planId);
  const tasks = (await Promise.all(ids.map((id) => taskNow(store, id)))).filter(
    (t): t is PlanTaskEntry & { withdrawn: boolean } => t !== undefined && !t.withdrawn,
  );
  const indicators = [...plan.indicators.values()];
  return { plan, tasks, indicators };
}

function diffOf(tasks: PlanTaskEntry[], indicators: IndicatorDefinition[], book: RevisedBook): AmendmentDiff {
  return diffAmendment(
    {
      tasks,
      indicators: indicators.map((d) => ({
        indicatorId: d.indicatorId,
        ...(d.sourceKey ? { sourceKey: d.sourceKey } : {}),
        levelId: d.levelId,
        code: d.code,
        name: d.name,
        target: d.target,
        level2: INDICATOR_SUBCATEGORIES[d.subcategory].name,
      })),
    },
    book,
  );
}

/** What a revised 任务书 would change in the plan; writes nothing. */
export async function previewAmendment(
  store: EventStore,
  completion: CompletionQueries,
  planId: string,
  book: RevisedBook,
): Promise<AmendmentDiff> {
  const { tasks, indicators } = await planEntries(store, completion, planId);
  return diffOf(tasks, indicators, book);
}

export class ProposeAmendment extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: {
      book: RevisedBook;
      file: { name: string; sha256: string };
      reason: string;
      /** Owner of the tasks it adds; by default the owner of their 二级任务's other tasks. */
      ownerId?: string;
      /** 生效日期 the office chose; absent, the approval sets it (defaultEffectiveDate). */
      effectiveDate?: string;
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DecideAmendment extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly amendmentId: string,
    readonly decision: { kind: 'approve' } | { kind: 'reject'; reason: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const amendment = targetsOf(amendmentStream, amendmentDecider);

@CommandHandler(ProposeAmendment)
export class ProposeAmendmentHandler extends OnEventStoreWith({
  completion: CompletionQueries,
})<ProposeAmendment> {
  async execute({ planId, input, context }: ProposeAmendment): Promise<CommandResult> {
    const { plan, tasks, indicators } = await planEntries(this.store, this.completion, planId);
    const changes = resolveAmendment(
      diffOf(tasks, indicators, input.book),
      { planId, tasks, indicators },
      {
        ...(input.ownerId ? { ownerId: input.ownerId } : {}),
        newTaskId: (i) => newEntityId(stepOf(context, `task:${i}`), 'task'),
        newIndicatorId: (i) => newEntityId(stepOf(context, `indicator:${i}`), 'indicator'),
      },
    );
    const amendmentId = newEntityId(context, 'amendment');
    return commandOn(
      this.store,
      amendment(amendmentId),
      {
        type: 'ProposeAmendment',
        data: {
          amendmentId,
          planId,
          reason: input.reason,
          file: input.file,
          changes,
          proposer: await loadStanding(this.store, context.actor),
          ...(input.effectiveDate !== undefined ? { effectiveDate: input.effectiveDate } : {}),
          period: { startYear: plan.startYear, endYear: plan.endYear },
        },
      },
      context,
    );
  }
}

@CommandHandler(DecideAmendment)
export class DecideAmendmentHandler extends OnEventStore<DecideAmendment> {
  async execute({ planId, amendmentId, decision, context }: DecideAmendment): Promise<CommandResult> {
    const state = await loadState(this.store, amendmentStream(amendmentId), amendmentDecider);
    if (!state.proposed || state.proposed.planId !== planId) throw amendmentNotFound(amendmentId);
    const actor = await loadStanding(this.store, context.actor);
    const command =
      decision.kind === 'reject'
        ? ({ type: 'RejectAmendment', data: { amendmentId, actor, reason: decision.reason } } as const)
        : await this.approval(amendmentId, planId, state.proposed.changes, actor, context.now);
    return commandOn(this.store, amendment(amendmentId), command, context);
  }

  /** Everything approval re-checks, read from the streams as they are now. */
  private async approval(
    amendmentId: string,
    planId: string,
    changes: AmendmentChanges,
    approver: Awaited<ReturnType<typeof loadStanding>>,
    instant: Date,
  ) {
    const plan = await loadExistingPlan(this.store, planId);
    const now: PlanNow = { tasks: {}, indicators: {} };
    for (const change of changes.tasks) {
      if (change.kind === 'add') continue;
      const task = await taskNow(this.store, change.taskId);
      now.tasks[change.taskId] =
        task &&
        ({
          title: task.title,
          dueDate: task.dueDate,
          ...(task.year !== undefined ? { year: task.year } : {}),
          withdrawn: task.withdrawn,
        } satisfies TaskSnapshot & { withdrawn: boolean });
    }
    for (const [indicatorId, d] of plan.indicators) {
      now.indicators[indicatorId] = { code: d.code, name: d.name, target: d.target, rule: d.rule };
    }
    const ownerIds = [
      ...new Set(
        changes.tasks.flatMap((c) => (c.kind === 'add' && c.ownerId !== undefined ? [c.ownerId] : [])),
      ),
    ];
    const owners = await Promise.all(ownerIds.map((id) => loadStanding(this.store, id)));
    const today = dateIn(instant, await planTimeZone(this.store, planId));
    return {
      type: 'ApproveAmendment',
      data: {
        amendmentId,
        approver,
        today,
        period: { startYear: plan.startYear, endYear: plan.endYear },
        now,
        owners,
      },
    } as const;
  }
}

/** The plan's time zone, as its notification settings say (Asia/Shanghai unless configured). */
async function planTimeZone(store: EventStore, planId: string): Promise<string> {
  const events = await store.readStream(notificationSettingsStream(planId));
  const last = events.at(-1)?.data as { settings?: NotificationSettings } | undefined;
  return last?.settings?.timezone ?? DEFAULT_NOTIFICATION_SETTINGS.timezone;
}
