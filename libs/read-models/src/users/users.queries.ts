import { statement } from '../framework/statement-cache';
import { countOf, tableViews, viewsOf } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';
import { usersProjection } from './users.projection';

export interface RoleGrant {
  role: string;
  scope: string;
}

export interface UserView {
  userId: string;
  username: string;
  displayName: string;
  disabled: boolean;
  roles: RoleGrant[];
  revision: number;
}

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  disabled: number;
  revision: number;
}

export class UserQueries extends ReadQueries {
  private readonly users = tableViews('u_users', (row: UserRow) => this.view(row));

  /**
   * Changes whenever any user's row or grants may have changed; undefined before the users
   * projection's first commit. It is the projection's version and the log position of the last
   * event that changed a user (`u_changed`, committed with the change), so a batch of other
   * events, which moves every checkpoint, leaves it as it was. Before the first such event
   * recorded there (a file from before `u_changed`), the projection's checkpoint stands in.
   */
  checkpoint(): string | undefined {
    const at = statement<[string], { version: number; position: number; changed: number | null }>(
      this.db,
      `SELECT c.version, c.position, m.position AS changed
         FROM projection_checkpoints c LEFT JOIN u_changed m ON m.id = 1 WHERE c.name = ?`,
    ).get(usersProjection.name);
    if (!at) return undefined;
    return at.changed === null ? `${at.version}:${at.position}` : `${at.version}:changed:${at.changed}`;
  }

  byId(userId: string): UserView | undefined {
    return this.users.one(this.db, 'user_id = ?', userId);
  }

  byUsername(username: string): UserView | undefined {
    return this.users.one(this.db, 'username = ?', username);
  }

  list(): UserView[] {
    return viewsOf(this.db, 'SELECT * FROM u_users ORDER BY username', (row: UserRow) => this.view(row));
  }

  count(): number {
    return countOf(this.db, 'SELECT count(*) AS n FROM u_users');
  }

  private view(row: UserRow): UserView {
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      disabled: row.disabled === 1,
      revision: row.revision,
      roles: statement<[string], RoleGrant>(
        this.db,
        'SELECT role, scope FROM u_roles WHERE user_id = ? ORDER BY role, scope',
      ).all(row.user_id),
    };
  }

  /** Enabled users holding a role at any of these scopes. */
  withRole(role: string, scopes: string[]): string[] {
    if (scopes.length === 0) return [];
    // Prepared once per number of scopes (a handful: a role's scopes are `*`, a plan, a level, a project).
    return statement<string[], { user_id: string }>(
      this.db,
      `SELECT DISTINCT r.user_id FROM u_roles r JOIN u_users u ON u.user_id = r.user_id
         WHERE u.disabled = 0 AND r.role = ? AND r.scope IN (${scopes.map(() => '?').join(', ')}) ORDER BY r.user_id`,
    )
      .all(role, ...scopes)
      .map((r) => r.user_id);
  }
}
