import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  fold,
  planDecider,
  planStream,
  requireProject,
  taskDecider,
  taskStream,
  type Milestone,
  type PlanEvent,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { newEntityId } from '../pipeline/new-entity-id';
import { EVENT_STORE, READ_MODEL_DB } from '../tokens';
import { UserQueries } from '@sg/read-models';
import type Database from 'better-sqlite3';

export class DefineTask extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: {
      projectId: string;
      title: string;
      ownerId: string;
      dueDate: string;
      milestones?: Milestone[];
    },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordTaskProgress extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: { completion: string; effectiveDate: string; note?: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DefineTask)
export class DefineTaskHandler implements ICommandHandler<DefineTask> {
  private readonly users: UserQueries;
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: Database.Database,
  ) {
    this.users = new UserQueries(db);
  }

  async execute({ planId, input, context }: DefineTask): Promise<CommandResult> {
    // Projects are never removed, so checking the plan's stream before writing the task's is safe.
    const plan = fold(
      planDecider,
      (await this.store.readStream(planStream(planId))).map(
        (e) => ({ type: e.type, data: e.data }) as PlanEvent,
      ),
    );
    requireProject(plan, planId, input.projectId);
    const owner = this.users.byId(input.ownerId);
    if (!owner || owner.disabled) {
      throw new DomainError('invalid', 'owner-not-found', `任务负责人不存在或已停用：${input.ownerId}`, {
        ownerId: input.ownerId,
      });
    }
    const taskId = newEntityId(context, 'task');
    const result = await handleCommand(
      this.store,
      taskStream(taskId),
      taskDecider,
      { type: 'DefineTask', data: { taskId, planId, ...input } },
      context,
    );
    return { id: taskId, revision: result.revision, position: result.position };
  }
}

@CommandHandler(RecordTaskProgress)
export class RecordTaskProgressHandler implements ICommandHandler<RecordTaskProgress> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ taskId, input, context }: RecordTaskProgress): Promise<CommandResult> {
    const result = await handleCommand(
      this.store,
      taskStream(taskId),
      taskDecider,
      { type: 'RecordTaskProgress', data: { taskId, ...input } },
      context,
    );
    return { id: taskId, revision: result.revision, position: result.position };
  }
}
