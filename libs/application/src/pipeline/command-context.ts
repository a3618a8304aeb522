/** Who is acting and under which request; the actor always comes from the session, never a body. */
export interface CommandContext {
  actor: string;
  correlationId: string;
  causationId?: string;
  reason?: string;
  /** The instant of the action, taken once at the edge. */
  now: Date;
  /** Scoped Idempotency-Key: event ids are derived from it, so a retry writes nothing. */
  idempotencyKey?: string;
  /** From If-Match: the stream revision the user saw; a different one refuses the change. */
  expectedRevision?: number;
}

export interface CommandResult {
  /** Id of the entity the command created or changed. */
  id: string;
  /** Revision of the entity's stream after the command: the new ETag. */
  revision: number;
  /** Global log position of the last event written; read models that reached it show it. */
  position: number;
}

/**
 * The context for one of several commands a request issues. Each gets its own idempotency key,
 * or its derived event ids would coincide with the first command's and read as its replay.
 */
export function stepOf(context: CommandContext, step: string): CommandContext {
  return context.idempotencyKey
    ? { ...context, idempotencyKey: `${context.idempotencyKey}#${step}` }
    : context;
}
