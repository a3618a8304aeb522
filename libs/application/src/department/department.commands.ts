import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  DEPARTMENTS_STREAM,
  departmentsDecider,
  taskDecider,
  taskNotFound,
  taskStream,
  userDecider,
  userStream,
  type DepartmentCommand,
  type Standing,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { loadStanding, loadState, taskDefinition } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { OnEventStore } from '../pipeline/on-event-store';

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

const task = targetsOf(taskStream, taskDecider);
const user = targetsOf(userStream, userDecider);

/** A change to the one departments registry, as the actor with their grants as they are now. */
async function onRegistry(
  store: EventStore,
  departmentId: string,
  command: (actor: Standing) => DepartmentCommand,
  context: CommandContext,
): Promise<CommandResult> {
  const actor = await loadStanding(store, context.actor);
  const target = { id: departmentId, stream: DEPARTMENTS_STREAM, decider: departmentsDecider };
  return commandOn(store, target, command(actor), context);
}

@CommandHandler(DefineDepartment)
export class DefineDepartmentHandler extends OnEventStore<DefineDepartment> {
  async execute({ input, context }: DefineDepartment): Promise<CommandResult> {
    const departmentId = newEntityId(context, 'department');
    return onRegistry(
      this.store,
      departmentId,
      (actor) => ({ type: 'DefineDepartment', data: { departmentId, name: input.name, actor } }),
      context,
    );
  }
}

@CommandHandler(RenameDepartment)
export class RenameDepartmentHandler extends OnEventStore<RenameDepartment> {
  async execute({ departmentId, input, context }: RenameDepartment): Promise<CommandResult> {
    return onRegistry(
      this.store,
      departmentId,
      (actor) => ({ type: 'RenameDepartment', data: { departmentId, name: input.name, actor } }),
      context,
    );
  }
}

@CommandHandler(AssignUserDepartment)
export class AssignUserDepartmentHandler extends OnEventStore<AssignUserDepartment> {
  async execute({ userId, departmentId, context }: AssignUserDepartment): Promise<CommandResult> {
    const known = await knownDepartments(this.store);
    return commandOn(
      this.store,
      user(userId),
      { type: 'AssignUserDepartment', data: { userId, departmentId, known } },
      context,
    );
  }
}

@CommandHandler(AssignTaskUnits)
export class AssignTaskUnitsHandler extends OnEventStore<AssignTaskUnits> {
  async execute({ taskId, input, context }: AssignTaskUnits): Promise<CommandResult> {
    const planId = (await taskDefinition(this.store, taskId))?.planId;
    if (!planId) throw taskNotFound(taskId);
    return commandOn(
      this.store,
      task(taskId),
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
  }
}

export const DEPARTMENT_HANDLERS = [
  DefineDepartmentHandler,
  RenameDepartmentHandler,
  AssignUserDepartmentHandler,
  AssignTaskUnitsHandler,
];
