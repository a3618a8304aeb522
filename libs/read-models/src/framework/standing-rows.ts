import type Database from 'better-sqlite3';
import { asOfClause, asOfColumns, type AsOf } from './as-of';

/**
 * A fact table's rows inside the as-of bounds, the last per key kept: with `orderBy` ending in
 * `effective_date, position`, that is the latest effective date inside both bounds, a later entry
 * winning a tie. `select` ends in a `WHERE` condition on the plan (`plan_id = ?`).
 */
export function standingRows<Row>(
  db: Database.Database,
  select: string,
  orderBy: string,
  planId: string,
  asOf: AsOf,
  key: (row: Row) => string,
): Map<string, Row> {
  const where = asOfClause(asOf, asOfColumns());
  const rows = db
    .prepare<(string | number)[], Row>(`${select} AND ${where.sql}\n ORDER BY ${orderBy}`)
    .all(planId, ...where.params);
  const standing = new Map<string, Row>();
  for (const row of rows) standing.set(key(row), row);
  return standing;
}
