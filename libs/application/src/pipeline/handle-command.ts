import { fold, type Decider, type Message } from '@sg/domain';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from '@sg/event-store';
import type { CommandContext } from './command-context';
import { deterministicEventId } from './deterministic-id';
import { staleRevision, tooMuchContention } from './errors';

export interface PipelineResult<E extends Message> {
  /** Revision of the stream after the command (-1: the stream still does not exist). */
  revision: number;
  /** Position of the last event written, or of the stream's last event when nothing was written. */
  position: number;
  events: E[];
}

export interface PipelineOptions {
  /** Conflicts retried before giving up (only without If-Match: with it, a conflict is the answer). */
  maxRetries?: number;
}

/**
 * The one command pipeline: read the stream, fold it, decide, append with the exact revision
 * that was read, and on a conflict start over (a bounded number of times).
 */
export async function handleCommand<S, C extends Message, E extends Message>(
  store: EventStore,
  stream: string,
  decider: Decider<S, C, E>,
  command: C,
  context: CommandContext,
  options: PipelineOptions = {},
): Promise<PipelineResult<E>> {
  const maxRetries = options.maxRetries ?? 10;
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(stream);
    const revision = history.length === 0 ? -1 : history[history.length - 1].revision;
    if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
      throw staleRevision(stream, context.expectedRevision, revision < 0 ? 'no-stream' : revision);
    }

    const ids = context.idempotencyKey
      ? (i: number) => deterministicEventId(context.idempotencyKey!, stream, i)
      : undefined;
    const replay = ids && findReplay(history, ids);
    if (replay) return replay as PipelineResult<E>;

    const state = fold(decider, history.map(toMessage) as E[]);
    const decided = decider.decide(command, state);
    if (decided.length === 0) {
      return { revision, position: history[history.length - 1]?.position ?? 0, events: [] };
    }
    const toAppend: NewEvent[] = decided.map((event, i) => ({
      id: ids?.(i),
      type: event.type,
      data: event.data,
      metadata: {
        actor: context.actor,
        time: context.now.toISOString(),
        correlationId: context.correlationId,
        causationId: context.causationId ?? null,
        ...(context.reason ? { reason: context.reason } : {}),
      },
    }));
    try {
      const result = await store.append(stream, toAppend, revision < 0 ? 'no-stream' : revision);
      return { revision: result.nextExpectedRevision, position: result.position, events: decided };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (context.expectedRevision !== undefined) {
        throw staleRevision(stream, context.expectedRevision, error.actual);
      }
      if (attempt >= maxRetries) throw tooMuchContention(stream);
      // Jittered backoff spreads writers that collided so the next round does not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}

function toMessage(event: RecordedEvent): Message {
  return { type: event.type, data: event.data };
}

/** The command already ran under this idempotency key: answer what it answered then. */
function findReplay(
  history: RecordedEvent[],
  ids: (index: number) => string,
): PipelineResult<Message> | undefined {
  const start = history.findIndex((event) => event.id === ids(0));
  if (start < 0) return undefined;
  let count = 1;
  while (start + count < history.length && history[start + count].id === ids(count)) count++;
  const written = history.slice(start, start + count);
  const last = written[written.length - 1];
  return { revision: last.revision, position: last.position, events: written.map(toMessage) };
}
