import Database from 'better-sqlite3';
import { usersProjection } from './users.projection';
import { UserQueries } from './users.queries';

/**
 * `checkpoint()` keys the principals the API keeps per token (ADR 0043, 0046): it must change with
 * every change to a user or a grant, and may stay put while only other events are projected.
 */
describe('users checkpoint', () => {
  const setUp = () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
    );
    usersProjection.migrate(db);
    let position = 0;
    // One batch as the runner applies it: the events, then every checkpoint moves to the last one.
    const batch = (...events: { type: string; data: unknown }[]) => {
      for (const { type, data } of events) {
        position++;
        usersProjection.apply(db, {
          id: `e${position}`,
          stream: 'x',
          revision: 0,
          position,
          type,
          data,
          metadata: { actor: 'a', time: '2026-01-01T00:00:00Z' },
        });
      }
      db.prepare(
        `INSERT INTO projection_checkpoints VALUES ('users', ?, ?)
           ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
      ).run(usersProjection.version, position);
    };
    return { db, batch, queries: new UserQueries(db) };
  };
  const other = { type: 'Submitted', data: { submissionId: 's1' } };
  const registered = { type: 'UserRegistered', data: { userId: 'u1', username: 'u1', displayName: '甲' } };
  const grant = { type: 'RoleGranted', data: { userId: 'u1', role: 'office', scope: 'plan:p' } };
  const revoke = { type: 'RoleRevoked', data: { userId: 'u1', role: 'office', scope: 'plan:p' } };

  it('is undefined before the first commit', () => {
    expect(setUp().queries.checkpoint()).toBeUndefined();
  });

  it('stays put while batches of other events move the projection checkpoint', () => {
    const { batch, queries } = setUp();
    batch(registered, grant);
    const stamp = queries.checkpoint();
    batch(other);
    batch(other, other);
    expect(queries.checkpoint()).toBe(stamp);
  });

  it('changes with every change to a user or a grant, also in a batch with other events', () => {
    const { batch, queries } = setUp();
    const seen = new Set<string | undefined>();
    batch(registered);
    seen.add(queries.checkpoint());
    for (const change of [
      grant,
      revoke,
      { type: 'UserDisabled', data: { userId: 'u1' } },
      { type: 'UserEnabled', data: { userId: 'u1' } },
      { type: 'PasswordChanged', data: { userId: 'u1' } },
      { type: 'UserDepartmentAssigned', data: { userId: 'u1', departmentId: 'd' } },
    ]) {
      batch(other, change, other);
      const stamp = queries.checkpoint();
      expect(seen.has(stamp)).toBe(false);
      seen.add(stamp);
    }
  });

  it('falls back to the projection checkpoint on a file where no change is recorded yet', () => {
    const { db, batch, queries } = setUp();
    batch(registered);
    db.exec('DELETE FROM u_changed');
    const stamp = queries.checkpoint();
    batch(other);
    expect(queries.checkpoint()).not.toBe(stamp);
  });

  it('changes when the projection version changes', () => {
    const { db, batch, queries } = setUp();
    batch(registered);
    const stamp = queries.checkpoint();
    db.exec("UPDATE projection_checkpoints SET version = version + 1 WHERE name = 'users'");
    expect(queries.checkpoint()).not.toBe(stamp);
  });
});
