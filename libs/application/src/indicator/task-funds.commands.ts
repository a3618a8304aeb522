import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { budgetKey, taskFundsDecider, taskFundsStream, type TaskFundsRecord } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { loadStanding } from '../pipeline/load-state';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';
import { planForFact } from './plan-fact';

export class RecordTaskFunds extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: Omit<TaskFundsRecord, 'planId' | 'recordedBy'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Funds of one 建设任务 line: checked against the level's 总预算 and the actor's grants as they are now. */
@CommandHandler(RecordTaskFunds)
export class RecordTaskFundsHandler implements ICommandHandler<RecordTaskFunds> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FACT_DATE_POLICY) private readonly dates: FactDatePolicy,
  ) {}

  async execute({ planId, input, context }: RecordTaskFunds): Promise<CommandResult> {
    const { plan, dates } = await planForFact(this.store, planId, context, this.dates);
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
