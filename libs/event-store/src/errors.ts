import type { ExpectedRevision } from './port';

/** Base of the port's error vocabulary; adapters throw only these for expected failures. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream was not at the revision (or in the state) the writer expected. */
export class ConcurrencyError extends EventStoreError {
  readonly code = 'concurrency-conflict';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no-stream'. */
    readonly actual: number | 'no-stream',
  ) {
    super(`Stream ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/**
 * Some event ids of the batch were already written and others were not, or the written ones are
 * not where a retry of this append would have put them. A retry of an acknowledged append must
 * repeat exactly the same ids at the same expected revision.
 */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate-event-id';
  constructor(
    readonly stream: string,
    readonly eventIds: string[],
  ) {
    super(`Stream ${stream}: event ids already written elsewhere or partly: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store did not answer in time; the append may or may not have happened. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'event-store-unavailable';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

export class InvalidAppendError extends EventStoreError {
  readonly code = 'invalid-append';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
