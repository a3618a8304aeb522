import type Database from 'better-sqlite3';
import { statement } from './statement-cache';

/** What every row `sql` answers for `params` reads as, in the query's order. */
export function viewsOf<R, V>(
  db: Database.Database,
  sql: string,
  view: (row: R) => V,
  ...params: unknown[]
): V[] {
  return statement<unknown[], R>(db, sql)
    .all(...params)
    .map((row) => view(row));
}

/** What the first row `sql` answers for `params` reads as; undefined when there is none. */
export function viewOf<R, V>(
  db: Database.Database,
  sql: string,
  view: (row: R) => V,
  ...params: unknown[]
): V | undefined {
  const row = statement<unknown[], R>(db, sql).get(...params);
  return row === undefined ? undefined : view(row);
}

/** The `n` a `SELECT count(*) AS n …` answers for `params`. */
export function countOf(db: Database.Database, sql: string, ...params: unknown[]): number {
  return statement<unknown[], { n: number }>(db, sql).get(...params)!.n;
}

/**
 * A table read through one mapping of its rows: `SELECT * FROM <table> WHERE <where>`, each row
 * made a view. `where` may end in `ORDER BY`.
 */
export function tableViews<R, V>(table: string, view: (row: R) => V) {
  const select = (where: string) => `SELECT * FROM ${table} WHERE ${where}`;
  return {
    /** Every row that matches, as views. */
    all: (db: Database.Database, where: string, ...params: unknown[]): V[] =>
      viewsOf(db, select(where), view, ...params),
    /** The first row that matches, as a view; undefined when none does. */
    one: (db: Database.Database, where: string, ...params: unknown[]): V | undefined =>
      viewOf(db, select(where), view, ...params),
  };
}

/** How many rows of `table` match `where`. */
export function countWhere(
  db: Database.Database,
  table: string,
  where: string,
  ...params: unknown[]
): number {
  return countOf(db, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, ...params);
}

/** The one column `sql` selects, of every row it answers for `params`. */
export function valuesOf<T>(db: Database.Database, sql: string, ...params: unknown[]): T[] {
  return viewsOf(db, sql, (row: Record<string, T>) => Object.values(row)[0], ...params);
}
