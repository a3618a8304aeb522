import type { RoleGrant } from '@sg/read-models';

/** The signed-in user as access rules see them. */
export class Principal {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly displayName: string,
    readonly roles: readonly RoleGrant[],
    /** Signed in with a password someone else chose: only changing it is allowed until then. */
    readonly mustChangePassword = false,
  ) {}

  has(role: string, scope: string): boolean {
    return this.roles.some((grant) => grant.role === role && grant.scope === scope);
  }

  /** The project office for every plan: administers users and plans. */
  get isAdministrator(): boolean {
    return this.has('office', '*');
  }

  /** Reads everything: leadership, auditors and the administrator. */
  get readsEverything(): boolean {
    return this.isAdministrator || this.has('leadership', '*') || this.has('auditor', '*');
  }

  /** Holds the auditor role: reads everything, writes nothing (no write policy lets them through). */
  get isAuditor(): boolean {
    return this.has('auditor', '*');
  }

  /** Ids of the entities of one kind a role is scoped to (`project` → project ids). */
  scopedIds(role: string, kind: 'plan' | 'project'): string[] {
    const prefix = `${kind}:`;
    return this.roles
      .filter((grant) => grant.role === role && grant.scope.startsWith(prefix))
      .map((grant) => grant.scope.slice(prefix.length));
  }
}
