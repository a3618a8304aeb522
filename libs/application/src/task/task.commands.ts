import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  approvalChainFor,
  DomainError,
  factDateBounds,
  planNotFound,
  requireProject,
  taskDecider,
  taskNotFound,
  taskStream,
  type Milestone,
  type PlanState,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadPlan, loadStanding } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { EVENT_STORE, FACT_DATE_POLICY, READ_MODEL_DB, type FactDatePolicy } from '../tokens';
import { CompletionQueries } from '@sg/read-models';
import type Database from 'better-sqlite3';

export class DefineTask extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: {
      projectId: string;
      title: string;
      ownerId: string;
      /** Defaults to 12-31 of `year` when not given. */
      dueDate?: string;
      milestones?: Milestone[];
      /** Makes the new task a 子项目 of this one. */
      parentTaskId?: string;
      year?: number;
      primaryTask?: string;
      secondaryTask?: string;
      sourceKey?: string;
    },
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

@CommandHandler(DefineTask)
export class DefineTaskHandler implements ICommandHandler<DefineTask> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ planId, input, context }: DefineTask): Promise<CommandResult> {
    // Projects are never removed, so checking the plan's stream before writing the task's is safe.
    const plan = await loadPlan(this.store, planId);
    requireProject(plan, planId, input.projectId);
    if (input.parentTaskId) await this.requireParent(planId, input.projectId, input.parentTaskId);
    const taskId = newEntityId(context, 'task');
    const result = await handleCommand(
      this.store,
      taskStream(taskId),
      taskDecider,
      {
        type: 'DefineTask',
        data: {
          taskId,
          planId,
          ...input,
          period: { startYear: plan.startYear, endYear: plan.endYear },
          owner: await loadStanding(this.store, input.ownerId),
        },
      },
      context,
    );
    return { id: taskId, revision: result.revision, position: result.position };
  }

  /** A 子项目 belongs to a top-level task of the same project; sub-projects do not nest. */
  private async requireParent(planId: string, projectId: string, parentTaskId: string): Promise<void> {
    const [defined] = await this.store.readStream(taskStream(parentTaskId), { maxCount: 1 });
    const parent = defined?.data as
      { planId?: string; projectId?: string; parentTaskId?: string } | undefined;
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

@CommandHandler(RecordTaskProgress)
export class RecordTaskProgressHandler implements ICommandHandler<RecordTaskProgress> {
  private readonly completion: CompletionQueries;
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: Database.Database,
    @Inject(FACT_DATE_POLICY) private readonly dates: FactDatePolicy,
  ) {
    this.completion = new CompletionQueries(db);
  }

  async execute({ taskId, input, context }: RecordTaskProgress): Promise<CommandResult> {
    const [defined] = await this.store.readStream(taskStream(taskId), { maxCount: 1 });
    const task = defined?.data as { planId?: string; projectId?: string } | undefined;
    if (!task?.planId) throw taskNotFound(taskId);
    const plan = await loadPlan(this.store, task.planId);
    if (!plan.exists) throw planNotFound(task.planId);
    if (!input.approval && needsApproval(plan, task.projectId ?? '')) {
      throw new DomainError(
        'conflict',
        'approval-required',
        '该任务须经审核：请通过“提交进展”上报，审核通过后计入统计。',
      );
    }
    if (this.completion.hasSubprojects(taskId)) {
      throw new DomainError(
        'conflict',
        'task-has-subprojects',
        '该任务已分解为子项目，完成度由子项目汇总，请在子项目上填报进展。',
      );
    }
    const result = await handleCommand(
      this.store,
      taskStream(taskId),
      taskDecider,
      {
        type: 'RecordTaskProgress',
        data: {
          taskId,
          completion: input.completion,
          effectiveDate: input.effectiveDate,
          note: input.note,
          dates: factDateBounds(plan, context.now, this.dates.toleranceDays),
        },
      },
      context,
    );
    return { id: taskId, revision: result.revision, position: result.position };
  }
}

/** Once an approval chain applies to a task, only approved submissions count. */
function needsApproval(plan: PlanState, projectId: string): boolean {
  const levelId = plan.projects.get(projectId)?.levelId ?? '';
  return approvalChainFor(plan, levelId, projectId).length > 0;
}
