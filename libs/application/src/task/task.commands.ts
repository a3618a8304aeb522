import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  approvalChainFor,
  DomainError,
  requireProject,
  taskDecider,
  taskNotFound,
  taskStream,
  type TaskDefinition,
  type PlanState,
} from '@sg/domain';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { handleCommand } from '../pipeline/handle-command';
import { loadPlan, loadStanding, loadState, taskDefinition } from '../pipeline/load-state';
import { planForFact } from '../indicator/plan-fact';
import { stepOf } from '../pipeline/command-context';
import { newEntityId } from '../pipeline/new-entity-id';
import { FACT_DATE_POLICY } from '../tokens';
import { OnEventStoreWith } from '../on-event-store-with';
import { CompletionQueries } from '@sg/read-models';
import { OnEventStore } from '../pipeline/on-event-store';

export class DefineTask extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: Omit<TaskDefinition, 'taskId' | 'planId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Names (or changes) one task's owner. */
export class AssignTaskOwner extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly ownerId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * One owner for many tasks of a plan, as one request: every task is checked first (it exists,
 * belongs to the plan, the owner may own it); only when all pass is one AssignTaskOwner written
 * per task, so a refused request writes nothing.
 */
export class AssignTaskOwners extends Command<{ assigned: number; unchanged: number; position: number }> {
  constructor(
    readonly planId: string,
    readonly ownerId: string,
    readonly taskIds: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordTaskProgress extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: {
      completion: string;
      effectiveDate: string;
      note?: string;
      /** Set when the progress comes from a finally approved submission. */
      approval?: { submissionId: string; version: number };
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const task = targetsOf(taskStream, taskDecider);

@CommandHandler(DefineTask)
export class DefineTaskHandler extends OnEventStore<DefineTask> {
  async execute({ planId, input, context }: DefineTask): Promise<CommandResult> {
    // Projects are never removed, so checking the plan's stream before writing the task's is safe.
    const plan = await loadPlan(this.store, planId);
    requireProject(plan, planId, input.projectId);
    if (input.parentTaskId) await this.requireParent(planId, input.projectId, input.parentTaskId);
    const taskId = newEntityId(context, 'task');
    return commandOn(
      this.store,
      task(taskId),
      {
        type: 'DefineTask',
        data: {
          taskId,
          planId,
          ...input,
          period: { startYear: plan.startYear, endYear: plan.endYear },
          ...(input.ownerId !== undefined ? { owner: await loadStanding(this.store, input.ownerId) } : {}),
        },
      },
      context,
    );
  }

  /** A 子项目 belongs to a top-level task of the same project; sub-projects do not nest. */
  private async requireParent(planId: string, projectId: string, parentTaskId: string): Promise<void> {
    const parent = await taskDefinition(this.store, parentTaskId);
    if (!parent || parent.planId !== planId) throw taskNotFound(parentTaskId);
    if (parent.projectId !== projectId || parent.parentTaskId) {
      throw new DomainError(
        'invalid',
        'invalid-parent-task',
        '子项目须属于同一项目中的一个建设任务（子项目不再分子项目）。',
      );
    }
  }
}

@CommandHandler(AssignTaskOwner)
export class AssignTaskOwnerHandler extends OnEventStore<AssignTaskOwner> {
  async execute({ taskId, ownerId, context }: AssignTaskOwner): Promise<CommandResult> {
    const owner = await loadStanding(this.store, ownerId);
    return commandOn(
      this.store,
      task(taskId),
      { type: 'AssignTaskOwner', data: { taskId, ownerId, owner } },
      context,
    );
  }
}

@CommandHandler(AssignTaskOwners)
export class AssignTaskOwnersHandler extends OnEventStore<AssignTaskOwners> {
  async execute({ planId, ownerId, taskIds, context }: AssignTaskOwners) {
    const ids = [...new Set(taskIds)];
    if (ids.length === 0 || ids.length > 2000) {
      throw new DomainError('invalid', 'invalid-task-list', '请选择 1–2000 个建设任务。');
    }
    const owner = await loadStanding(this.store, ownerId);
    // Validation first, on every task: the decider itself, on each task's state now.
    const changing: string[] = [];
    for (const taskId of ids) {
      const state = await loadState(this.store, taskStream(taskId), taskDecider);
      if (!state.exists || state.planId !== planId) throw taskNotFound(taskId);
      const events = taskDecider.decide({ type: 'AssignTaskOwner', data: { taskId, ownerId, owner } }, state);
      if (events.length > 0) changing.push(taskId);
    }
    let position = -1;
    for (const taskId of changing) {
      const result = await handleCommand(
        this.store,
        taskStream(taskId),
        taskDecider,
        { type: 'AssignTaskOwner', data: { taskId, ownerId, owner } },
        stepOf(context, `assign:${taskId}`),
      );
      position = Math.max(position, result.position);
    }
    return { assigned: changing.length, unchanged: ids.length - changing.length, position };
  }
}

@CommandHandler(RecordTaskProgress)
export class RecordTaskProgressHandler extends OnEventStoreWith({
  completion: CompletionQueries,
  dates: FACT_DATE_POLICY,
})<RecordTaskProgress> {
  async execute({ taskId, input, context }: RecordTaskProgress): Promise<CommandResult> {
    const defined = await taskDefinition(this.store, taskId);
    if (!defined) throw taskNotFound(taskId);
    const { plan, dates } = await planForFact(this.store, defined.planId, context, this.dates);
    return commandOn(
      this.store,
      task(taskId),
      {
        type: 'RecordTaskProgress',
        data: {
          taskId,
          completion: input.completion,
          effectiveDate: input.effectiveDate,
          note: input.note,
          dates,
          entry: input.approval
            ? { kind: 'approved-submission' }
            : {
                kind: 'direct',
                chainApplies: needsApproval(plan, defined.projectId),
                // A lookup (ADR 0032): a 子项目 defined moments ago may not be seen yet.
                hasSubprojects: this.completion.hasSubprojects(taskId),
              },
        },
      },
      context,
    );
  }
}

/** Once an approval chain applies to a task, only approved submissions count. */
function needsApproval(plan: PlanState, projectId: string): boolean {
  const levelId = plan.projects.get(projectId)?.levelId ?? '';
  return approvalChainFor(plan, levelId, projectId).length > 0;
}
