import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  factDateBounds,
  indicatorNotFound,
  indicatorStream,
  indicatorValueDecider,
  planDecider,
  planStream,
  type ActualValue,
  type IndicatorDefinition,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { loadPlan } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';
import { OnEventStore } from '../pipeline/on-event-store';

export class DefineIndicator extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: Omit<IndicatorDefinition, 'planId' | 'indicatorId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordIndicatorValue extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly indicatorId: string,
    readonly input: { actual: ActualValue; effectiveDate: string; explanation?: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DefineIndicator)
export class DefineIndicatorHandler extends OnEventStore<DefineIndicator> {
  async execute({ planId, input, context }: DefineIndicator): Promise<CommandResult> {
    const indicatorId = newEntityId(context, 'indicator');
    return commandOn(
      this.store,
      { id: indicatorId, stream: planStream(planId), decider: planDecider },
      { type: 'DefineIndicator', data: { ...input, planId, indicatorId } },
      context,
    );
  }
}

@CommandHandler(RecordIndicatorValue)
export class RecordIndicatorValueHandler implements ICommandHandler<RecordIndicatorValue> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FACT_DATE_POLICY) private readonly dates: FactDatePolicy,
  ) {}

  async execute({ planId, indicatorId, input, context }: RecordIndicatorValue): Promise<CommandResult> {
    // Indicators are never redefined, so the spec read here is the one the value is checked against.
    const plan = await loadPlan(this.store, planId);
    const indicator = plan.indicators.get(indicatorId);
    if (!indicator) throw indicatorNotFound(indicatorId);
    const { points, target, rule } = indicator;
    return commandOn(
      this.store,
      { id: indicatorId, stream: indicatorStream(indicatorId), decider: indicatorValueDecider },
      {
        type: 'RecordIndicatorValue',
        data: {
          indicatorId,
          planId,
          spec: { points, target, rule },
          ...input,
          dates: factDateBounds(plan, context.now, this.dates.toleranceDays),
        },
      },
      context,
    );
  }
}
