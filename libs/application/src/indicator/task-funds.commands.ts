import { CommandHandler } from '@nestjs/cqrs';
import { budgetKey, taskFundsDecider, taskFundsStream, type TaskFundsRecord } from '@sg/domain';
import type { CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { loadStanding } from '../pipeline/load-state';
import { FactOnPlan, OnPlanFact, type PlanForFact } from './plan-fact';

export class RecordTaskFunds extends FactOnPlan<Omit<TaskFundsRecord, 'planId' | 'recordedBy'>> {}

/** Funds of one 建设任务 line: checked against the level's 总预算 and the actor's grants as they are now. */
@CommandHandler(RecordTaskFunds)
export class RecordTaskFundsHandler extends OnPlanFact<RecordTaskFunds> {
  protected async record(
    { planId, input, context }: RecordTaskFunds,
    { plan, dates }: PlanForFact,
  ): Promise<CommandResult> {
    return commandOn(
      this.store,
      { id: planId, stream: taskFundsStream(planId), decider: taskFundsDecider },
      {
        type: 'RecordTaskFunds',
        data: {
          ...input,
          planId,
          actor: await loadStanding(this.store, context.actor),
          lines: plan.budgets.get(budgetKey({ levelId: input.levelId, kind: 'total' }))?.lines,
          dates,
        },
      },
      context,
    );
  }
}
