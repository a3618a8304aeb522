import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { achievementDecider, achievementStream, taskNotFound, type Achievement } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { taskDefinition } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';
import { planForFact } from './plan-fact';

export class RecordAchievement extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: Omit<Achievement, 'planId' | 'achievementId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordAchievement)
export class RecordAchievementHandler implements ICommandHandler<RecordAchievement> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FACT_DATE_POLICY) private readonly dates: FactDatePolicy,
  ) {}

  async execute({ planId, input, context }: RecordAchievement): Promise<CommandResult> {
    const { plan, dates } = await planForFact(this.store, planId, context, this.dates);
    for (const taskId of input.taskIds) {
      if ((await taskDefinition(this.store, taskId))?.planId !== planId) throw taskNotFound(taskId);
    }
    const achievementId = newEntityId(context, 'achievement');
    const levels = [...plan.levels.keys()];
    return commandOn(
      this.store,
      { id: achievementId, stream: achievementStream(achievementId), decider: achievementDecider },
      { type: 'RecordAchievement', data: { ...input, planId, achievementId, levels, dates } },
      context,
    );
  }
}
