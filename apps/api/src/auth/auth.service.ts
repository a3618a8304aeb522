import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@sg/config';
import { DomainError, requireUsername } from '@sg/domain';
import { ExpertReviewQueries, UserQueries, type RoleGrant, type UserView } from '@sg/read-models';
import { rmSync } from 'node:fs';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { AuthStore } from './auth-store';
import { LoginThrottle } from './login-throttle';
import { hashPassword, requireAcceptablePassword, verifyPassword } from './passwords';
import { Principal } from './principal';
import { PrincipalCache } from './principal-cache';

export const invalidCredentials = () =>
  new DomainError('unauthorized', 'invalid-credentials', '用户名或密码错误。');

/** Sign-in, sessions and passwords. Secrets live in the AuthStore, never in the event log. */
@Injectable()
export class AuthService implements OnModuleInit, OnApplicationShutdown {
  readonly store: AuthStore;
  private readonly throttle: LoginThrottle;
  private readonly principals = new PrincipalCache();
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserQueries,
    private readonly expertReviews: ExpertReviewQueries,
  ) {
    this.store = new AuthStore(config.auth.file);
    this.throttle = new LoginThrottle(config.auth.loginLimits, config.redisUrl);
  }

  /**
   * The grants that count now: an outside expert's `expert@plan:X` only while an open review of
   * plan X invites them and its access end has not passed. `expired`: the account is an expert
   * account whose every grant has lapsed.
   */
  private effectiveRoles(user: UserView): { roles: RoleGrant[]; expired: boolean } {
    if (!user.roles.some((grant) => grant.role === 'expert')) return { roles: user.roles, expired: false };
    const plans = new Set(
      this.expertReviews.activeFor(user.userId, new Date()).map((r) => `plan:${r.planId}`),
    );
    const roles = user.roles.filter((grant) => grant.role !== 'expert' || plans.has(grant.scope));
    return { roles, expired: roles.length === 0 };
  }

  async login(
    usernameInput: string,
    password: string,
    address: string,
  ): Promise<{ token: string; expiresAt: number; user: UserView; mustChangePassword: boolean }> {
    const username = usernameInput.trim().toLowerCase();
    const wait = await this.throttle.attempt(address, username);
    if (wait > 0) {
      throw new DomainError(
        'too-many-requests',
        'too-many-login-attempts',
        `登录尝试过于频繁，请 ${wait} 秒后再试。`,
        { retryAfter: wait },
      );
    }
    const user = this.users.byUsername(username);
    const ok = await verifyPassword(user && this.store.passwordHash(user.userId), password);
    if (!user || !ok) {
      await this.throttle.failed(address, username);
      throw invalidCredentials();
    }
    if (user.disabled) {
      throw new DomainError('forbidden', 'account-disabled', '该账号已停用，请联系项目办。');
    }
    if (this.effectiveRoles(user).expired) {
      throw new DomainError(
        'forbidden',
        'expert-access-expired',
        '专家评审账号的有效期已过（或评审已结束），不能再登录；如需继续评审，请联系项目办。',
      );
    }
    await this.throttle.succeeded(address, username);
    return {
      ...this.store.createSession(user.userId, this.config.auth.sessionTtlMs),
      user,
      mustChangePassword: this.store.mustChangePassword(user.userId),
    };
  }

  /** The principal behind a bearer token, or undefined if the token or its user is no longer valid. */
  principalOf(token: string): Principal | undefined {
    // Read before the session and the user: what is read after can only be as new or newer.
    const users = this.users.checkpoint();
    const stamp = users === undefined ? undefined : `${this.store.version()}/${users}`;
    const cached = stamp === undefined ? undefined : this.principals.get(stamp, token, Date.now());
    if (cached) return cached;
    const session = this.store.findSession(token);
    if (!session) return undefined;
    const user = this.users.byId(session.userId);
    if (!user || user.disabled) {
      this.store.endSession(token);
      return undefined;
    }
    const { roles, expired } = this.effectiveRoles(user);
    if (expired) {
      this.store.endSession(token);
      return undefined;
    }
    const principal = new Principal(
      user.userId,
      user.username,
      user.displayName,
      roles,
      session.mustChangePassword,
    );
    // An expert's grants lapse with the review's dates, which no commit marks: never cached.
    if (stamp !== undefined && !user.roles.some((grant) => grant.role === 'expert'))
      this.principals.set(stamp, token, principal, session.expiresAt);
    return principal;
  }

  async checkPassword(userId: string, password: string): Promise<boolean> {
    return verifyPassword(this.store.passwordHash(userId), password);
  }

  /**
   * Sets a password and ends every session of the user: the next request must sign in again.
   * `mustChange`: someone else chose it, the user must replace it at first sign-in.
   */
  async setPassword(
    userId: string,
    username: string,
    password: string,
    { mustChange = false }: { mustChange?: boolean } = {},
  ): Promise<void> {
    requireAcceptablePassword(password, username);
    this.store.setPassword(userId, await hashPassword(password), mustChange);
    this.store.endSessionsOf(userId);
  }

  /** Removes the file the generated first administrator password was written to, once replaced. */
  forgetInitialPassword(): void {
    rmSync(this.config.auth.initialPasswordFile, { force: true });
  }

  hasPassword(userId: string): boolean {
    return this.store.passwordHash(userId) !== undefined;
  }

  endSession(token: string): void {
    this.store.endSession(token);
  }

  endSessionsOf(userId: string): void {
    this.store.endSessionsOf(userId);
  }

  normaliseUsername(username: string): string {
    return requireUsername(username);
  }

  /** Sign-in counters are shared through Redis; the first requests must already see them. */
  async onModuleInit(): Promise<void> {
    await this.throttle.connect();
  }

  onApplicationShutdown(): void {
    this.throttle.close();
    this.store.close();
  }
}
