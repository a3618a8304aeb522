import type Database from 'better-sqlite3';

/** The queries of a view, over the read-model database (which only projections write). */
export abstract class ReadQueries {
  constructor(protected readonly db: Database.Database) {}
}
