/** A message as the domain sees it: what happened or what is asked, without transport details. */
export interface Message<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/**
 * The domain as a decider: `decide` turns a command and the current state into new events (or
 * throws a named DomainError); `evolve` folds one event into the state. No I/O, no clock, no ids
 * minted here: time and ids arrive inside commands.
 */
export interface Decider<State, Command extends Message, Event extends Message> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
  /** Event types this decider folds; other types found in its stream are a programming error. */
  readonly eventTypes: ReadonlySet<Event['type']>;
}

/**
 * The set of an event union's types, from a map that must name each of them exactly once: a type
 * added to the union and left out here, or one named here that the union lacks, fails to compile.
 */
export function eventTypesOf<Event extends Message>(types: {
  readonly [Type in Event['type']]: true;
}): ReadonlySet<Event['type']> {
  return new Set(Object.keys(types) as Event['type'][]);
}

export function fold<State, Event extends Message>(
  decider: Pick<Decider<State, Message, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/** Ends a `switch` over a union: adding a member without a case fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
