import type Database from 'better-sqlite3';
import type { Projection } from './projection';

/** A projection's `apply`, fed one event at a time at consecutive log positions: how specs build rows. */
export function applier(
  projection: Projection,
  db: Database.Database,
): (type: string, data: unknown) => void {
  let position = 0;
  return (type, data) => {
    position++;
    projection.apply(db, {
      id: `e${position}`,
      stream: 's',
      revision: position,
      position,
      type,
      data,
      metadata: { actor: 'a', time: '2022-01-01T00:00:00Z' },
    });
  };
}
