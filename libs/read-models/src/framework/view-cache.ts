import type Database from 'better-sqlite3';
import { beforeReading, statement } from './statement-cache';

/**
 * Where one projection stands: it commits in the same transaction as the projection's rows, so an
 * unchanged checkpoint means unchanged rows. Undefined before the projection's first commit.
 */
export function projectionCheckpoint(
  db: Database.Database,
  projection: string,
): { version: number; position: number } | undefined {
  return statement<[string], { version: number; position: number }>(
    db,
    'SELECT version, position FROM projection_checkpoints WHERE name = ?',
  ).get(projection);
}

/**
 * Views computed from one projection's tables, kept until that projection commits again. Its
 * checkpoint commits in the same transaction as its rows, so the same checkpoint (version and
 * position) means the same rows and the same view. A dashboard read by many while little is
 * written is then computed once per change instead of once per request. Callers must not
 * mutate a view they get: the next caller gets the same object.
 */
export class ProjectionViewCache<V> {
  private readonly entries = new Map<string, { version: number; position: number; view: V }>();

  constructor(
    private readonly db: Database.Database,
    private readonly projection: string,
    private readonly capacity = 256,
  ) {}

  get(key: string, compute: () => V): V {
    // A projection that lingers applies what it holds back first: the checkpoint then covers it.
    beforeReading(this.db, this.projection);
    const checkpoint = projectionCheckpoint(this.db, this.projection);
    if (!checkpoint) return compute();
    const hit = this.entries.get(key);
    if (hit && hit.version === checkpoint.version && hit.position === checkpoint.position) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.view;
    }
    const view = compute();
    this.entries.delete(key);
    this.entries.set(key, { version: checkpoint.version, position: checkpoint.position, view });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return view;
  }
}
