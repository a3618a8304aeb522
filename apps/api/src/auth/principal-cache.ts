import type { Principal } from './principal';

/**
 * The principals of recent bearer tokens, valid only while what they were read from stands: the
 * auth store (sessions, password flags; its version moves in the transaction that ends a session
 * or changes a password) and the users read model (accounts, grants; its checkpoint moves in the
 * transaction that changes them). Both are read on every request, so a revocation committed by
 * any process stops the very next request. Session expiry is checked on every hit.
 */
export class PrincipalCache {
  private stamp = '';
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly capacity = 10_000) {}

  /** The cached principal of `token`, if the store and the users read model still stand at `stamp`. */
  get(stamp: string, token: string, now: number): Principal | undefined {
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.stamp = stamp;
      return undefined;
    }
    const hit = this.entries.get(token);
    return hit && hit.expiresAt > now ? hit.principal : undefined;
  }

  set(stamp: string, token: string, principal: Principal, expiresAt: number): void {
    if (stamp !== this.stamp) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { principal, expiresAt });
  }
}
