/**
 * What kind of refusal an error is; the HTTP layer maps each kind to one status, and nothing
 * below it knows about HTTP.
 */
export type ErrorKind =
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'unauthorized'
  | 'forbidden'
  | 'too-many-requests'
  | 'unavailable';

/** A refusal with a stable code and a message in Chinese that the user can act on. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    /** zh-CN, shown to the user. */
    readonly userMessage: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'DomainError';
  }
}
