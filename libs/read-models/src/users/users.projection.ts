import type { UserEvent } from '@sg/domain';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

/** The events that change a row of `u_users` or `u_roles`: the only ones `apply` is handed. */
const CHANGES: ReadonlySet<string> = new Set<UserEvent['type']>([
  'UserRegistered',
  'RoleGranted',
  'RoleRevoked',
  'UserDisabled',
  'UserEnabled',
  'PasswordChanged',
  'UserDepartmentAssigned',
]);

/** Users and their role grants, as sign-in and access checks read them. */
export const usersProjection: Projection = {
  name: 'users',
  tablePrefix: 'u_',
  version: 1,
  eventTypes: CHANGES,
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS u_users (
        user_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0, revision INTEGER NOT NULL, registered_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS u_roles (
        user_id TEXT NOT NULL, role TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (user_id, role, scope));
      CREATE TABLE IF NOT EXISTS u_changed (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
    `);
  },
  apply(db, recorded) {
    const event = recorded as ProjectedEvent & UserEvent;
    if (!CHANGES.has(event.type)) return;
    // Where users or grants last changed, in the same transaction as the change: what a
    // principal cached by sign-in state is keyed on (`UserQueries.checkpoint`).
    statement(
      db,
      'INSERT INTO u_changed (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
    ).run(recorded.position);
    const bump = () =>
      statement(db, 'UPDATE u_users SET revision = ? WHERE user_id = ?').run(
        recorded.revision,
        event.data.userId,
      );
    switch (event.type) {
      case 'UserRegistered':
        statement(
          db,
          'INSERT INTO u_users (user_id, username, display_name, revision, registered_at) VALUES (?, ?, ?, ?, ?)',
        ).run(
          event.data.userId,
          event.data.username,
          event.data.displayName,
          recorded.revision,
          recorded.metadata.time,
        );
        return;
      case 'RoleGranted':
      case 'RoleRevoked': {
        const { userId, role, scope } = event.data;
        statement(
          db,
          event.type === 'RoleGranted'
            ? 'INSERT OR IGNORE INTO u_roles (user_id, role, scope) VALUES (?, ?, ?)'
            : 'DELETE FROM u_roles WHERE user_id = ? AND role = ? AND scope = ?',
        ).run(userId, role, scope);
        return bump();
      }
      case 'UserDisabled':
      case 'UserEnabled':
        statement(db, 'UPDATE u_users SET disabled = ?, revision = ? WHERE user_id = ?').run(
          event.type === 'UserDisabled' ? 1 : 0,
          recorded.revision,
          event.data.userId,
        );
        return;
      case 'PasswordChanged':
      case 'UserDepartmentAssigned': // the department is the directory's (ADR 0026)
        return bump();
      default:
        return;
    }
  },
};
