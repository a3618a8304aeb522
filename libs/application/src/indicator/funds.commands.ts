import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { factDateBounds, fundsDecider, fundsStream, planNotFound, type FundsRecord } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadPlan } from '../pipeline/load-state';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';

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
    const plan = await loadPlan(this.store, planId);
    if (!plan.exists) throw planNotFound(planId);
    const result = await handleCommand(
      this.store,
      fundsStream(planId),
      fundsDecider,
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
          dates: factDateBounds(plan, context.now, this.dates.toleranceDays),
        },
      },
      context,
    );
    return { id: planId, revision: result.revision, position: result.position };
  }
}
