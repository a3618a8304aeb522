import { assertNever, eventTypesOf, type Decider, type Message } from './decider';

/** How many facts a ledger stream holds; nothing else about earlier facts is decided on. */
export interface LedgerState {
  recorded: number;
}

/** `T` when it is one string literal; `never` when it is a union of several. */
type One<T, All = T> = T extends unknown ? ([All] extends [T] ? T : never) : never;

/**
 * A decider over a stream of facts that only accumulate (funds, surveys, declared figures,
 * indicator values) or that is written once (an evidence file, an achievement, a download):
 * one command, recorded as one event. The state counts the facts; `record` checks the command's
 * data on its own and on that count (throwing a DomainError) and answers the event's data.
 * A ledger with a second command or event type does not type-check: it needs a decider of its own.
 */
export function ledgerDecider<C extends Message, E extends Message>(
  recorded: One<E['type']>,
  record: (data: Extract<C, { type: One<C['type']> }>['data'], state: LedgerState) => E['data'],
): Decider<LedgerState, C, E> {
  const eventTypes = eventTypesOf<E>({ [recorded]: true } as { readonly [Type in E['type']]: true });
  return {
    initialState: () => ({ recorded: 0 }),
    evolve: (state, event) =>
      eventTypes.has(event.type) ? { recorded: state.recorded + 1 } : assertNever(event.type as never),
    decide: (command, state) => [{ type: recorded, data: record(command.data, state) } as unknown as E],
    eventTypes,
  };
}
