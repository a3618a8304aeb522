import { deterministicEventId, type RecordedEvent } from '@sg/event-store';
import type { Intent } from './process-manager';

/** A step a domain rule decided because of an event: what to append, where, and how it is appended once. */
export interface DecidedEffect {
  /** Names the step within its cause; with the cause's key it derives the event's id. */
  step: string;
  stream: string;
  once: 'stream' | 'event';
  event: { type: string; data: unknown };
}

/**
 * The intent for one decided effect: its id derived from `key` and the step exactly as a command
 * with that idempotency key derives the first event of its batch, and the cause's actor, time and
 * correlation, with the cause as causation (and `reason` where the cause gave one).
 */
export function effectIntent(
  cause: RecordedEvent,
  key: string,
  effect: DecidedEffect,
  reason?: string,
): Intent {
  return {
    stream: effect.stream,
    once: effect.once,
    event: {
      id: deterministicEventId(`${key}#${effect.step}`, effect.stream, 0),
      type: effect.event.type,
      data: effect.event.data,
      metadata: {
        actor: cause.metadata.actor,
        time: cause.metadata.time,
        correlationId: cause.metadata.correlationId,
        causationId: cause.id,
        ...(reason === undefined ? {} : { reason }),
      },
    },
  };
}
