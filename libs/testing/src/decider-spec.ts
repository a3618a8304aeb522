import { DomainError, fold, type Decider, type Message } from '@sg/domain';

/**
 * given(events).when(command).then(events) — a decider test that reads like the rule it checks.
 */
export function deciderSpec<S, C extends Message, E extends Message>(decider: Decider<S, C, E>) {
  return {
    given(history: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, foldBothWays(decider, history));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string) {
              expectDomainError(run, code);
            },
          };
        },
      };
    },
  };
}

/** `run` refuses with a DomainError of this code, explained to the user in Chinese. */
export function expectDomainError(run: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(code);
  expect((thrown as DomainError).userMessage).toMatch(/[\u4e00-\u9fff]/);
}

/**
 * The history folded in place (as loaders fold it), checked equal to the pure `evolve` step by
 * step, each step leaving the state it was given as it was.
 */
function foldBothWays<S, E extends Message>(decider: Decider<S, Message, E>, history: E[]): S {
  const folded = fold(decider, history);
  if (!decider.evolveInPlace) return folded;
  let pure = decider.initialState();
  for (const event of history) {
    const before = structuredClone(pure);
    const next = decider.evolve(pure, event);
    expect(pure).toEqual(before);
    pure = next;
  }
  expect(folded).toEqual(pure);
  return folded;
}
