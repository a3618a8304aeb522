import { eventTypesOf, type Message } from './decider';

type Pair = Message<'Opened', { id: string }> | Message<'Closed', { id: string }>;

describe('eventTypesOf: an event registry derived from the union', () => {
  it('holds exactly the types the map names', () => {
    expect([...eventTypesOf<Pair>({ Opened: true, Closed: true })].sort()).toEqual(['Closed', 'Opened']);
  });

  it('does not compile when a type of the union is left out, or one is named it lacks', () => {
    // @ts-expect-error 'Closed' is missing: a new event type a registry forgets fails type-checking.
    eventTypesOf<Pair>({ Opened: true });
    // @ts-expect-error 'Renamed' is no type of the union.
    eventTypesOf<Pair>({ Opened: true, Closed: true, Renamed: true });
  });
});
