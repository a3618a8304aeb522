import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** What must happen before the read models are read (ADR 0049). */
export interface ReadBarrier {
  /** Given a statement's SQL, what to run before each of its reads, or undefined for nothing. */
  statement(sql: string): (() => void) | undefined;
  /** Before a read that depends on a projection without naming its tables (its checkpoint). */
  projection(name: string): void;
}

const barriers = new WeakMap<Database.Database, ReadBarrier>();

/** A prepared statement, prepared once per connection: preparing costs more than running. */
export function statement<P extends unknown[] = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, Database.Statement>()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared as unknown as Database.Statement<P, R>;
}

/** Forget a connection's statements (after DROP TABLE they would point at dropped tables). */
export function forgetStatements(db: Database.Database): void {
  caches.delete(db);
}

/**
 * Every statement prepared on `db` from now on (by `statement` or by `db.prepare` itself) calls
 * the barrier's answer for its SQL before each read (ADR 0049: projections that linger are
 * brought up to date by whoever reads their tables). Statements `statement` prepared before are
 * forgotten, so they are prepared again with it.
 */
export function setReadBarrier(db: Database.Database, barrier: ReadBarrier): void {
  if (!barriers.has(db)) {
    const prepare = db.prepare.bind(db);
    const answers = new Map<string, (() => void) | undefined>();
    Object.defineProperty(db, 'prepare', {
      configurable: true,
      value: (sql: string) => {
        const prepared = prepare(sql);
        let before = answers.get(sql);
        if (before === undefined && !answers.has(sql)) {
          before = barriers.get(db)?.statement(sql);
          // Queries build their SQL from a few fixed pieces: the answers stay few.
          if (answers.size < 10_000) answers.set(sql, before);
        }
        return before ? guarded(prepared, before) : prepared;
      },
    });
  }
  barriers.set(db, barrier);
  forgetStatements(db);
}

/** Brings `projection` up to date for a read that depends on it without naming its tables. */
export function beforeReading(db: Database.Database, projection: string): void {
  barriers.get(db)?.projection(projection);
}

const READS = new Set<PropertyKey>(['get', 'all', 'iterate']);
/** Methods that answer the statement itself, so that a chain stays guarded. */
const CHAINED = new Set<PropertyKey>(['pluck', 'raw', 'expand', 'safeIntegers', 'bind']);

function guarded(prepared: Database.Statement, before: () => void): Database.Statement {
  const methods = new Map<PropertyKey, unknown>();
  const proxy: Database.Statement = new Proxy(prepared, {
    get(target, property) {
      const known = methods.get(property);
      if (known) return known;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      const wrapped = READS.has(property)
        ? (...args: unknown[]) => {
            before();
            return method.apply(target, args);
          }
        : CHAINED.has(property)
          ? (...args: unknown[]) => {
              method.apply(target, args);
              return proxy;
            }
          : method.bind(target);
      methods.set(property, wrapped);
      return wrapped;
    },
  });
  return proxy;
}
