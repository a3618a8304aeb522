import type { AsOf } from '@sg/read-models';

/** The two report dates from a query string; a knowledge time is compared in UTC, as stored. */
export function asOfOf(query: { cutoff?: string; knownAt?: string }): AsOf {
  return {
    ...(query.cutoff ? { cutoff: query.cutoff } : {}),
    ...(query.knownAt ? { knownAt: new Date(query.knownAt).toISOString() } : {}),
  };
}
