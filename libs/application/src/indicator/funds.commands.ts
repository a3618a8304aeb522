import { CommandHandler } from '@nestjs/cqrs';
import { fundsDecider, fundsStream, type FundsRecord } from '@sg/domain';
import type { CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { FactOnPlan, OnPlanFact, type PlanForFact } from './plan-fact';

export class RecordFunds extends FactOnPlan<Omit<FundsRecord, 'planId'>> {}

@CommandHandler(RecordFunds)
export class RecordFundsHandler extends OnPlanFact<RecordFunds> {
  protected record(
    { planId, input, context }: RecordFunds,
    { plan, dates }: PlanForFact,
  ): Promise<CommandResult> {
    return commandOn(
      this.store,
      { id: planId, stream: fundsStream(planId), decider: fundsDecider },
      {
        type: 'RecordFunds',
        data: {
          ...input,
          planId,
          plan: {
            startYear: plan.startYear,
            endYear: plan.endYear,
            levels: [...plan.levels.keys()],
            sources: plan.fundSources,
          },
          dates,
        },
      },
      context,
    );
  }
}
