import { Inject } from '@nestjs/common';
import type { EventStore } from '@sg/event-store';
import { EVENT_STORE } from '../tokens';

/** A command handler whose only dependency is the event store its streams live in. */
export abstract class OnEventStore<C> {
  constructor(@Inject(EVENT_STORE) protected readonly store: EventStore) {}

  abstract execute(command: C): Promise<unknown>;
}
