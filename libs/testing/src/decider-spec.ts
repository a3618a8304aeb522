import { DomainError, fold, type Decider, type Message } from '@sg/domain';

/**
 * given(events).when(command).then(events) — a decider test that reads like the rule it checks.
 */
export function deciderSpec<S, C extends Message, E extends Message>(decider: Decider<S, C, E>) {
  return {
    given(history: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, history));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              expect((thrown as DomainError).userMessage).toMatch(/[\u4e00-\u9fff]/);
            },
          };
        },
      };
    },
  };
}
