import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  planDecider,
  planStream,
  type BudgetDefinition,
  type IndicatorSubcategory,
  type LevelKind,
  type PlanCommand,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { newEntityId } from '../pipeline/new-entity-id';
import { OnEventStore } from '../pipeline/on-event-store';

export class CreatePlan extends Command<CommandResult> {
  constructor(
    readonly input: { name: string; school: string; startYear: number; endYear: number },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AddLevel extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: { name: string; kind: LevelKind; weight: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AddProject extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: { levelId: string; code: string; name: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

async function runOnPlan(
  store: EventStore,
  planId: string,
  command: PlanCommand,
  context: CommandContext,
  id: string,
): Promise<CommandResult> {
  return commandOn(store, { id, stream: planStream(planId), decider: planDecider }, command, context);
}

@CommandHandler(CreatePlan)
export class CreatePlanHandler extends OnEventStore<CreatePlan> {
  execute({ input, context }: CreatePlan): Promise<CommandResult> {
    const planId = newEntityId(context, 'plan');
    return runOnPlan(this.store, planId, { type: 'CreatePlan', data: { planId, ...input } }, context, planId);
  }
}

@CommandHandler(AddLevel)
export class AddLevelHandler extends OnEventStore<AddLevel> {
  execute({ planId, input, context }: AddLevel): Promise<CommandResult> {
    const levelId = newEntityId(context, 'level');
    return runOnPlan(
      this.store,
      planId,
      { type: 'AddLevel', data: { planId, levelId, ...input } },
      context,
      levelId,
    );
  }
}

@CommandHandler(AddProject)
export class AddProjectHandler extends OnEventStore<AddProject> {
  execute({ planId, input, context }: AddProject): Promise<CommandResult> {
    const projectId = newEntityId(context, 'project');
    return runOnPlan(
      this.store,
      planId,
      { type: 'AddProject', data: { planId, projectId, ...input } },
      context,
      projectId,
    );
  }
}

export class ConfigureFundSources extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly sources: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ConfigureFundSources)
export class ConfigureFundSourcesHandler extends OnEventStore<ConfigureFundSources> {
  execute({ planId, sources, context }: ConfigureFundSources): Promise<CommandResult> {
    return runOnPlan(
      this.store,
      planId,
      { type: 'ConfigureFundSources', data: { planId, sources } },
      context,
      planId,
    );
  }
}

/** A 任务书 budget (1-4 总预算 or a 1-5 年度预算) of one level; a later one of the same kind supersedes. */
export class RecordBudget extends Command<CommandResult> {
  constructor(
    readonly budget: BudgetDefinition,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordBudget)
export class RecordBudgetHandler extends OnEventStore<RecordBudget> {
  execute({ budget, context }: RecordBudget): Promise<CommandResult> {
    return runOnPlan(
      this.store,
      budget.planId,
      { type: 'RecordBudget', data: budget },
      context,
      budget.planId,
    );
  }
}

/** 分值 for a whole 二级指标 of a level, split evenly, each indicator with its target's default rule. */
export class ApplyPointsScheme extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: { levelId: string; subcategory: IndicatorSubcategory; points: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ApplyPointsScheme)
export class ApplyPointsSchemeHandler extends OnEventStore<ApplyPointsScheme> {
  execute({ planId, input, context }: ApplyPointsScheme): Promise<CommandResult> {
    return runOnPlan(
      this.store,
      planId,
      { type: 'ApplyPointsScheme', data: { planId, ...input } },
      context,
      planId,
    );
  }
}
