import { fold, type Message } from './decider';
import { ledgerDecider } from './ledger';

type Noted = Message<'Noted', { text: string }>;
const ledger = ledgerDecider<Message<'Note', { text: string }>, Noted>('Noted', (data, state) => ({
  text: `${state.recorded}:${data.text}`,
}));
const noted = (text: string): Noted => ({ type: 'Noted', data: { text } });

describe('ledgerDecider: a stream of facts that only accumulate', () => {
  it('counts the facts its stream holds and decides with that count', () => {
    const state = fold(ledger, [noted('a'), noted('b')]);
    expect(state).toEqual({ recorded: 2 });
    expect(ledger.decide({ type: 'Note', data: { text: 'c' } }, state)).toEqual([noted('2:c')]);
  });

  it('leaves the state it was given as it was', () => {
    const before = ledger.initialState();
    ledger.evolve(before, noted('a'));
    expect(before).toEqual({ recorded: 0 });
  });

  it('refuses to fold an event type it does not register', () => {
    expect(() => ledger.evolve(ledger.initialState(), { type: 'Other', data: {} } as never)).toThrow(
      'Unhandled case: "Other"',
    );
    expect([...ledger.eventTypes]).toEqual(['Noted']);
  });
});
