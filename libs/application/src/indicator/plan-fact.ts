import { Command } from '@nestjs/cqrs';
import { factDateBounds, type FactDateBounds, type PlanState } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { loadExistingPlan } from '../pipeline/load-state';
import { FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';
import { OnEventStoreWith } from '../on-event-store-with';

export interface PlanForFact {
  plan: PlanState;
  dates: FactDateBounds;
}

/**
 * What a fact recorded on a plan is decided on: the plan as its stream says now (refused when it
 * does not exist) and the bounds of the fact's effective date (the plan's years, today, tolerance).
 */
export async function planForFact(
  store: EventStore,
  planId: string,
  context: CommandContext,
  policy: FactDatePolicy,
): Promise<PlanForFact> {
  const plan = await loadExistingPlan(store, planId);
  return { plan, dates: factDateBounds(plan, context.now, policy.toleranceDays) };
}

/** The base of a handler that bounds a fact's effective date: the event store and the date policy. */
export const OnFactDates = OnEventStoreWith({ dates: FACT_DATE_POLICY });

/** A fact recorded on a plan: the plan, what is recorded and the request that records it. */
export abstract class FactOnPlan<I> extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: I,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The handler of a fact on a plan: `record` decides it on the plan as it is now and its date bounds. */
export abstract class OnPlanFact<C extends FactOnPlan<unknown>> extends OnFactDates<C> {
  async execute(command: C): Promise<CommandResult> {
    return this.record(command, await planForFact(this.store, command.planId, command.context, this.dates));
  }

  protected abstract record(command: C, on: PlanForFact): Promise<CommandResult>;
}
