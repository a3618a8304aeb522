import { CommandHandler } from '@nestjs/cqrs';
import { achievementDecider, achievementStream, taskNotFound, type Achievement } from '@sg/domain';
import type { CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { taskDefinition } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { FactOnPlan, OnPlanFact, type PlanForFact } from './plan-fact';

export class RecordAchievement extends FactOnPlan<Omit<Achievement, 'planId' | 'achievementId'>> {}

@CommandHandler(RecordAchievement)
export class RecordAchievementHandler extends OnPlanFact<RecordAchievement> {
  protected async record(
    { planId, input, context }: RecordAchievement,
    { plan, dates }: PlanForFact,
  ): Promise<CommandResult> {
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
