import { InvalidAppendError } from './errors';
import type { ExpectedRevision, NewEvent } from './port';
import { isUuid, uuidv7 } from './uuidv7';

export interface PreparedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * Checks an append's arguments the same way for every adapter and serialises the payloads, so a
 * bad append fails before anything is queued or sent.
 */
export function prepareAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): PreparedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > 200 || stream.startsWith('$')) {
    throw new InvalidAppendError(`Invalid stream name: ${JSON.stringify(stream)}`);
  }
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(`Invalid expected revision: ${expected}`);
  }
  if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
  const ids = new Set<string>();
  return events.map((event) => {
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError('Every event needs a type');
    }
    if (
      !event.metadata ||
      typeof event.metadata.actor !== 'string' ||
      typeof event.metadata.time !== 'string'
    ) {
      throw new InvalidAppendError(`Event ${event.type} lacks metadata.actor or metadata.time`);
    }
    const id = event.id ?? uuidv7();
    if (!isUuid(id)) throw new InvalidAppendError(`Event id is not a UUID: ${id}`);
    if (ids.has(id)) throw new InvalidAppendError(`Event id repeated within one append: ${id}`);
    ids.add(id);
    return {
      id,
      type: event.type,
      data: JSON.stringify(event.data ?? null),
      metadata: JSON.stringify(event.metadata),
    };
  });
}
