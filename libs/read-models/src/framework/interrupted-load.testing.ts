import type { RecordedEvent } from '@sg/event-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Projection } from './projection';
import { openReadModelDatabase } from './read-model-database';

/** An event as the log holds it, for specs that feed a projection directly (time: second = position). */
export function recorded(
  position: number,
  stream: string,
  revision: number,
  type: string,
  data: object,
  actor = 'u-office',
): RecordedEvent {
  return {
    id: `e${position}`,
    stream,
    revision,
    position,
    type,
    data,
    metadata: {
      actor,
      time: `2024-03-01T00:00:${String(position).padStart(2, '0')}.000Z`,
      correlationId: 'c',
    },
  };
}

function rowsOf(db: Database.Database, tables: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}

/**
 * The same events applied event by event, and by a load from zero that committed `batches` and
 * then died before the load was over, its file opened again and migrated as a start does.
 * Answers both files' `tables` (rows in key order), what `whileLoading` answered on the
 * interrupted file before the restart, and the tables named `*_load` left after it.
 */
export function interruptedLoad<T>(
  projection: Projection,
  batches: readonly RecordedEvent[][],
  tables: readonly string[],
  whileLoading: (db: Database.Database) => T,
): {
  incremental: Record<string, unknown[]>;
  restarted: Record<string, unknown[]>;
  loading: T;
  staging: unknown[];
} {
  const dir = mkdtempSync(join(tmpdir(), `sg-${projection.name}-load-`));
  try {
    const incremental = openReadModelDatabase(join(dir, 'incremental.sqlite'));
    projection.migrate(incremental);
    for (const event of batches.flat()) projection.apply(incremental, event);
    const expected = rowsOf(incremental, tables);
    incremental.close();

    const file = join(dir, 'loaded.sqlite');
    const loading = openReadModelDatabase(file);
    projection.migrate(loading);
    for (const batch of batches) projection.applyBatch!(loading, batch);
    const seen = whileLoading(loading);
    loading.close();

    const restarted = openReadModelDatabase(file);
    projection.migrate(restarted);
    const result = {
      incremental: expected,
      restarted: rowsOf(restarted, tables),
      loading: seen,
      staging: restarted
        .prepare("SELECT name FROM sqlite_master WHERE name LIKE '%\\_load' ESCAPE '\\'")
        .all(),
    };
    restarted.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
