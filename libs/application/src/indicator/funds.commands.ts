import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { fundsDecider, fundsStream, type FundsRecord } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';
import { planForFact } from './plan-fact';

export class RecordFunds extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: Omit<FundsRecord, 'planId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordFunds)
export class RecordFundsHandler implements ICommandHandler<RecordFunds> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FACT_DATE_POLICY) private readonly dates: FactDatePolicy,
  ) {}

  async execute({ planId, input, context }: RecordFunds): Promise<CommandResult> {
    const { plan, dates } = await planForFact(this.store, planId, context, this.dates);
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
