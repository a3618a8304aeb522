import { uuidv7 } from '@sg/event-store';
import type { CommandContext } from './command-context';
import { deterministicEventId } from './deterministic-id';

/**
 * Id of an entity a command creates. Under an Idempotency-Key it is derived from the key, so a
 * retry addresses the same stream and is recognised there instead of creating a twin.
 */
export function newEntityId(context: CommandContext, kind: string): string {
  return context.idempotencyKey ? deterministicEventId(context.idempotencyKey, `new:${kind}`, 0) : uuidv7();
}
