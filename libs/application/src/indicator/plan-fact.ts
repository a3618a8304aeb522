import { factDateBounds, type FactDateBounds, type PlanState } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext } from '../pipeline/command-context';
import { loadExistingPlan } from '../pipeline/load-state';
import type { FactDatePolicy } from '../tokens';

/**
 * What a fact recorded on a plan is decided on: the plan as its stream says now (refused when it
 * does not exist) and the bounds of the fact's effective date (the plan's years, today, tolerance).
 */
export async function planForFact(
  store: EventStore,
  planId: string,
  context: CommandContext,
  policy: FactDatePolicy,
): Promise<{ plan: PlanState; dates: FactDateBounds }> {
  const plan = await loadExistingPlan(store, planId);
  return { plan, dates: factDateBounds(plan, context.now, policy.toleranceDays) };
}
