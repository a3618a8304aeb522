import {
  fold,
  planDecider,
  planStream,
  standingOf,
  userDecider,
  userStream,
  type Decider,
  type Message,
  type PlanState,
  type Standing,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';

/** Folds a stream into its decider's state, for a handler that only needs to look. */
export async function loadState<S, E extends Message>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<S, Message, E>, 'initialState' | 'evolve'>,
): Promise<S> {
  const events = await store.readStream(stream);
  return fold(
    decider,
    events.map((e) => ({ type: e.type, data: e.data }) as E),
  );
}

/** A plan as its decider sees it: levels, projects, indicators, chains. */
export function loadPlan(store: EventStore, planId: string): Promise<PlanState> {
  return loadState(store, planStream(planId), planDecider);
}

/**
 * A user's account and grants as their own stream says at this moment: what an authorization
 * decision is made from, never a view that may not yet show a revocation.
 */
export async function loadStanding(store: EventStore, userId: string): Promise<Standing> {
  return standingOf(userId, await loadState(store, userStream(userId), userDecider));
}
