import { assertNever, eventTypesOf, type Decider, type Message } from './decider';

/** How many facts a ledger stream holds; nothing else about earlier facts is decided on. */
export interface LedgerState {
  recorded: number;
}

/**
 * A decider over a stream of facts that only accumulate (funds, surveys, declared figures,
 * indicator values) or that is written once (an evidence file, an achievement, a download):
 * the state counts the facts, `decide` checks each command on its own and on that count.
 */
export function ledgerDecider<C extends Message, E extends Message>(
  types: { readonly [Type in E['type']]: true },
  decide: (command: C, state: LedgerState) => E[],
): Decider<LedgerState, C, E> {
  const eventTypes = eventTypesOf<E>(types);
  return {
    initialState: () => ({ recorded: 0 }),
    evolve: (state, event) =>
      eventTypes.has(event.type) ? { recorded: state.recorded + 1 } : assertNever(event.type as never),
    decide,
    eventTypes,
  };
}
