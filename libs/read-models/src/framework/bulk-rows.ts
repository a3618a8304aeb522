import type Database from 'better-sqlite3';
import { statement } from './statement-cache';

/**
 * Rows per multi-row statement: 512 × 7 columns stays far below SQLite's variable limit (32,766).
 * A power of two: a remainder is written in power-of-two statements too, so at most ten
 * statements per table are ever prepared, whatever the batch sizes.
 */
const ROWS_PER_STATEMENT = 512;

/**
 * Rows for one table, gathered during a batch and written at its end with multi-row `INSERT`s
 * (one native call per few hundred rows instead of one per row). Only for tables `apply` never
 * reads back within the batch: the rows are not visible until `flush`. Values are gathered in
 * arrays of exactly one statement's parameters, so a full statement is bound without a copy.
 */
export class BulkRows {
  /** Full statements' values, each `ROWS_PER_STATEMENT` rows. */
  private full: unknown[][] = [];
  /** The rows after them, one value after the other. */
  private values: unknown[] = [];
  private readonly perStatement: number;

  /** `head` is `INSERT [OR IGNORE] INTO table (a, b, …)`, naming `columns` columns. */
  constructor(
    private readonly head: string,
    private readonly columns: number,
  ) {
    this.perStatement = ROWS_PER_STATEMENT * columns;
  }

  add(...row: unknown[]): void {
    this.addRow(row);
  }

  /** A row already in an array: no rest-argument array. */
  addRow(row: readonly unknown[]): void {
    if (row.length !== this.columns)
      throw new Error(`${this.head}: ${row.length} values for ${this.columns} columns`);
    for (const value of row) this.values.push(value);
    if (this.values.length === this.perStatement) this.fill();
  }

  /** Two-column rows without the rest-argument array `add` costs per row. */
  add2(a: unknown, b: unknown): void {
    if (this.columns !== 2) throw new Error(`${this.head}: 2 values for ${this.columns} columns`);
    this.values.push(a, b);
    if (this.values.length === this.perStatement) this.fill();
  }

  /** Five-column rows, likewise. */
  add5(a: unknown, b: unknown, c: unknown, d: unknown, e: unknown): void {
    if (this.columns !== 5) throw new Error(`${this.head}: 5 values for ${this.columns} columns`);
    this.values.push(a, b, c, d, e);
    if (this.values.length === this.perStatement) this.fill();
  }

  private fill(): void {
    this.full.push(this.values);
    this.values = [];
  }

  /** Writes the gathered rows, in the order they were added, and forgets them. */
  flush(db: Database.Database): void {
    const full = this.full;
    const values = this.values;
    this.full = [];
    this.values = [];
    if (full.length > 0) {
      const insert = statement<unknown[]>(db, sqlFor(this.head, this.columns, ROWS_PER_STATEMENT));
      for (const chunk of full) insert.run(chunk);
    }
    insertRows(db, this.head, this.columns, values);
  }
}

/** Writes `values` (whole rows, one after the other) with as few statements as it takes. */
export function insertRows(
  db: Database.Database,
  head: string,
  columns: number,
  values: readonly unknown[],
): void {
  const rows = values.length / columns;
  let done = 0;
  for (let size = ROWS_PER_STATEMENT; size >= 1; size /= 2) {
    if (rows - done < size) continue;
    const insert = statement<unknown[]>(db, sqlFor(head, columns, size));
    while (rows - done >= size) {
      insert.run(values.slice(done * columns, (done + size) * columns));
      done += size;
      if (size < ROWS_PER_STATEMENT) break;
    }
  }
}

const texts = new Map<string, string>();
function sqlFor(head: string, columns: number, rows: number): string {
  const name = `${rows}:${head}`;
  let sql = texts.get(name);
  if (sql === undefined) {
    const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
    texts.set(name, (sql = `${head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`));
  }
  return sql;
}
