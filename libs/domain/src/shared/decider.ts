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
  /** Pure: the state after one more event; the state given is left as it was. */
  evolve(state: State, event: Event): State;
  /**
   * The same step as `evolve`, allowed to change `state` in place and return it. Only a fold that
   * owns its state (created it, has handed it to nobody yet) may call it; it makes folding a
   * stream linear where `evolve` must copy the collection it changes. Deciders whose state holds
   * a collection that grows with the stream provide it (see `evolvers`); their `evolve` then
   * returns a state sharing nothing that `evolveInPlace` changes with the state it was given.
   */
  evolveInPlace?(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
  /** Event types this decider folds; other types found in its stream are a programming error. */
  readonly eventTypes: ReadonlySet<Event['type']>;
}

/** A decider that folds its stream in place (linear); `evolve` stays pure. */
export type InPlaceDecider<State, Command extends Message, Event extends Message> = Decider<
  State,
  Command,
  Event
> &
  Required<Pick<Decider<State, Command, Event>, 'evolveInPlace'>>;

/**
 * The set of an event union's types, from a map that must name each of them exactly once: a type
 * added to the union and left out here, or one named here that the union lacks, fails to compile.
 */
export function eventTypesOf<Event extends Message>(types: {
  readonly [Type in Event['type']]: true;
}): ReadonlySet<Event['type']> {
  return new Set(Object.keys(types) as Event['type'][]);
}

/** The state after `events`, from the initial state; linear in the events where the decider allows it. */

export function fold<State, Event extends Message>(
  decider: Pick<Decider<State, Message, Event>, 'initialState' | 'evolve' | 'evolveInPlace'>,
  events: readonly Event[],
): State {
  let state = decider.initialState();
  // The initial state is this call's own until it is returned: in-place steps are safe on it.
  if (decider.evolveInPlace) for (const event of events) state = decider.evolveInPlace(state, event);
  else for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * The state after further `events`, from a state others may still hold (a cached one), which is
 * left as it was: the first step is the pure `evolve` (one copy), the rest run in place on it.
 */
export function foldOnto<State, Event extends Message>(
  decider: Pick<Decider<State, Message, Event>, 'evolve' | 'evolveInPlace'>,
  from: State,
  events: readonly Event[],
): State {
  if (events.length === 0) return from;
  let state = decider.evolve(from, events[0]);
  const step = decider.evolveInPlace ?? decider.evolve;
  for (let i = 1; i < events.length; i++) state = step(state, events[i]);
  return state;
}

/**
 * `evolve` and `evolveInPlace` from one in-place step and a copy of the state deep enough that
 * the step changes nothing the original holds: both are the same step by construction.
 */
export function evolvers<State, Event>(
  copy: (state: State) => State,
  step: (state: State, event: Event) => State,
): { evolve(state: State, event: Event): State; evolveInPlace(state: State, event: Event): State } {
  return { evolve: (state, event) => step(copy(state), event), evolveInPlace: step };
}

/** Ends a `switch` over a union: adding a member without a case fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
