/**
 * A report's two dates. `cutoff` (截至) bounds when facts took effect: what had happened by
 * then, however late it was entered. `knownAt` bounds when they were recorded: what the system
 * showed at that instant. `position` bounds by log position, for an exact replay.
 */
export interface AsOf {
  /** YYYY-MM-DD, inclusive. */
  cutoff?: string;
  /** ISO instant, inclusive. */
  knownAt?: string;
  /** Global log position, inclusive. */
  position?: number;
}

/** The as-of columns under the names most tables use, qualified by `alias` when given. */
export function asOfColumns(alias?: string): { effectiveDate: string; recordedAt: string; position: string } {
  const p = alias ? `${alias}.` : '';
  return { effectiveDate: `${p}effective_date`, recordedAt: `${p}recorded_at`, position: `${p}position` };
}

/** SQL conditions (and their parameters) selecting the facts inside both bounds. */
export function asOfClause(
  asOf: AsOf,
  columns: { effectiveDate: string; recordedAt: string; position: string },
): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (asOf.cutoff !== undefined) {
    parts.push(`${columns.effectiveDate} <= ?`);
    params.push(asOf.cutoff);
  }
  if (asOf.knownAt !== undefined) {
    parts.push(`${columns.recordedAt} <= ?`);
    params.push(asOf.knownAt);
  }
  if (asOf.position !== undefined) {
    parts.push(`${columns.position} <= ?`);
    params.push(asOf.position);
  }
  return { sql: parts.length === 0 ? '1 = 1' : parts.join(' AND '), params };
}

/** True when no bound is set: the figures as they stand. */
export function isCurrent(asOf: AsOf): boolean {
  return asOf.cutoff === undefined && asOf.knownAt === undefined && asOf.position === undefined;
}
