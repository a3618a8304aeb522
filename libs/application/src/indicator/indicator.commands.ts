import { Command, CommandHandler } from '@nestjs/cqrs';
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
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { loadPlan } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { OnEventStore } from '../pipeline/on-event-store';
import { OnFactDates } from './plan-fact';

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
export class RecordIndicatorValueHandler extends OnFactDates<RecordIndicatorValue> {
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
