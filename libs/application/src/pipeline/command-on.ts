import type { Decider, Message } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from './command-context';
import { handleCommand } from './handle-command';

/** The entity a command is about: its id, the stream it lives in and the decider of that stream. */
export interface CommandTarget<S, C extends Message, E extends Message> {
  id: string;
  stream: string;
  decider: Decider<S, C, E>;
}

/**
 * One command through the pipeline (load the stream → decide → append), answered as every write
 * route answers: the entity's id, its stream's revision (the new ETag) and the position to wait for.
 */
export async function commandOn<S, C extends Message, E extends Message>(
  store: EventStore,
  target: CommandTarget<S, C, E>,
  command: C,
  context: CommandContext,
): Promise<CommandResult> {
  const { revision, position } = await handleCommand(store, target.stream, target.decider, command, context);
  return { id: target.id, revision, position };
}

/** The targets of one kind of entity: the stream an id lives in, decided by one decider. */
export const targetsOf =
  <S, C extends Message, E extends Message>(stream: (id: string) => string, decider: Decider<S, C, E>) =>
  (id: string): CommandTarget<S, C, E> => ({ id, stream: stream(id), decider });
