import type { CompletionBasis } from '@sg/contracts';
import { assertNever } from '@sg/domain';
import type { AsOf } from '../framework/as-of';

/**
 * Which tasks a completion figure counts: all of the plan's, or only those due on or before
 * `dueBy` (the caller's cut-off, or today without one).
 */
export type CompletionReading = { basis: 'all' } | { basis: 'due'; dueBy: string };

export const ALL_TASKS: CompletionReading = { basis: 'all' };

/** The reading a route answers: `due` compares due dates with the cut-off, or today without one. */
export function completionReading(basis: CompletionBasis, asOf: AsOf, today: string): CompletionReading {
  switch (basis) {
    case 'all':
      return ALL_TASKS;
    case 'due':
      return { basis: 'due', dueBy: asOf.cutoff ?? today };
    default:
      return assertNever(basis);
  }
}

/** What an answer says about its reading: the basis, and for `due` the date it compared with. */
export function readingOf(reading: CompletionReading): { basis: CompletionBasis; dueBy?: string } {
  return reading.basis === 'due' ? { basis: 'due', dueBy: reading.dueBy } : { basis: 'all' };
}

/** Whether a task due on `dueDate` counts under the reading. */
export const counts = (reading: CompletionReading, dueDate: string): boolean =>
  reading.basis === 'all' || dueDate <= reading.dueBy;
