import type Database from 'better-sqlite3';
import { statement } from './statement-cache';

/** Rows per multi-row statement: 100 × a few columns stays far below SQLite's variable limit. */
const ROWS_PER_STATEMENT = 100;

/**
 * Rows for one table, gathered during a batch and written at its end with multi-row `INSERT`s
 * (one native call per hundred rows instead of one per row). Only for tables `apply` never reads
 * back within the batch: the rows are not visible until `flush`.
 */
export class BulkRows {
  /** Full statements' worth of values each; the last one may be short. */
  private chunks: unknown[][] = [[]];
  private readonly sql = new Map<number, string>();

  /** `head` is `INSERT [OR IGNORE] INTO table (a, b, …)`, naming `columns` columns. */
  constructor(
    private readonly head: string,
    private readonly columns: number,
  ) {}

  add(...row: unknown[]): void {
    if (row.length !== this.columns)
      throw new Error(`${this.head}: ${row.length} values for ${this.columns} columns`);
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk.length === ROWS_PER_STATEMENT * this.columns) this.chunks.push((chunk = []));
    for (const value of row) chunk.push(value);
  }

  /** Writes the gathered rows, in the order they were added, and forgets them. */
  flush(db: Database.Database): void {
    const chunks = this.chunks;
    this.chunks = [[]];
    for (const chunk of chunks) if (chunk.length > 0) this.insert(db, chunk.length / this.columns).run(chunk);
  }

  private insert(db: Database.Database, rows: number): Database.Statement<unknown[]> {
    let sql = this.sql.get(rows);
    if (sql === undefined) {
      const tuple = `(${new Array<string>(this.columns).fill('?').join(', ')})`;
      this.sql.set(rows, (sql = `${this.head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`));
    }
    return statement(db, sql);
  }
}
