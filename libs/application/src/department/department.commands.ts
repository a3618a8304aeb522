import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DEPARTMENTS_STREAM,
  departmentsDecider,
  taskDecider,
  taskNotFound,
  taskStream,
  userDecider,
  userStream,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadStanding, loadState } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { EVENT_STORE } from '../tokens';

export class DefineDepartment extends Command<CommandResult> {
  constructor(
    readonly input: { name: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RenameDepartment extends Command<CommandResult> {
  constructor(
    readonly departmentId: string,
    readonly input: { name: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Puts a user in a department (`null`: in none). */
export class AssignUserDepartment extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly departmentId: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Gives a task its 牵头单位 and 参与单位. */
export class AssignTaskUnits extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly input: { leadDepartmentId: string; participantDepartmentIds?: string[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The departments that exist now, from the registry's own stream (never a view). */
async function knownDepartments(store: EventStore): Promise<ReadonlySet<string>> {
  const state = await loadState(store, DEPARTMENTS_STREAM, departmentsDecider);
  return new Set(state.names.keys());
}

@CommandHandler(DefineDepartment)
export class DefineDepartmentHandler implements ICommandHandler<DefineDepartment> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ input, context }: DefineDepartment): Promise<CommandResult> {
    const departmentId = newEntityId(context, 'department');
    const actor = await loadStanding(this.store, context.actor);
    const result = await handleCommand(
      this.store,
      DEPARTMENTS_STREAM,
      departmentsDecider,
      { type: 'DefineDepartment', data: { departmentId, name: input.name, actor } },
      context,
    );
    return { id: departmentId, revision: result.revision, position: result.position };
  }
}

@CommandHandler(RenameDepartment)
export class RenameDepartmentHandler implements ICommandHandler<RenameDepartment> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ departmentId, input, context }: RenameDepartment): Promise<CommandResult> {
    const actor = await loadStanding(this.store, context.actor);
    const result = await handleCommand(
      this.store,
      DEPARTMENTS_STREAM,
      departmentsDecider,
      { type: 'RenameDepartment', data: { departmentId, name: input.name, actor } },
      context,
    );
    return { id: departmentId, revision: result.revision, position: result.position };
  }
}

@CommandHandler(AssignUserDepartment)
export class AssignUserDepartmentHandler implements ICommandHandler<AssignUserDepartment> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ userId, departmentId, context }: AssignUserDepartment): Promise<CommandResult> {
    const result = await handleCommand(
      this.store,
      userStream(userId),
      userDecider,
      {
        type: 'AssignUserDepartment',
        data: { userId, departmentId, known: await knownDepartments(this.store) },
      },
      context,
    );
    return { id: userId, revision: result.revision, position: result.position };
  }
}

@CommandHandler(AssignTaskUnits)
export class AssignTaskUnitsHandler implements ICommandHandler<AssignTaskUnits> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ taskId, input, context }: AssignTaskUnits): Promise<CommandResult> {
    const [defined] = await this.store.readStream(taskStream(taskId), { maxCount: 1 });
    const planId = (defined?.data as { planId?: string } | undefined)?.planId;
    if (!planId) throw taskNotFound(taskId);
    const result = await handleCommand(
      this.store,
      taskStream(taskId),
      taskDecider,
      {
        type: 'AssignTaskUnits',
        data: {
          taskId,
          planId,
          leadDepartmentId: input.leadDepartmentId,
          participantDepartmentIds: input.participantDepartmentIds ?? [],
          known: await knownDepartments(this.store),
          actor: await loadStanding(this.store, context.actor),
        },
      },
      context,
    );
    return { id: taskId, revision: result.revision, position: result.position };
  }
}

export const DEPARTMENT_HANDLERS = [
  DefineDepartmentHandler,
  RenameDepartmentHandler,
  AssignUserDepartmentHandler,
  AssignTaskUnitsHandler,
];
