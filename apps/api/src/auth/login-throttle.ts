interface Window {
  count: number;
  resetAt: number;
}

export interface ThrottleLimits {
  /** Attempts per client address per window, successful or not. */
  perAddress: number;
  /** Failed attempts per username per window. */
  failuresPerUsername: number;
  windowMs: number;
}

/**
 * Fixed-window counters in memory: enough for one API process. Counting attempts per address
 * slows a flood from one machine; counting failures per username slows guessing one account
 * from many, without letting a stranger lock a user out for long.
 */
export class LoginThrottle {
  private readonly byAddress = new Map<string, Window>();
  private readonly byUsername = new Map<string, Window>();

  constructor(private readonly limits: ThrottleLimits) {}

  /** Seconds to wait before trying again, or 0 if this attempt may proceed (and is counted). */
  attempt(address: string, username: string, now = Date.now()): number {
    this.sweep(now);
    const user = this.byUsername.get(username);
    if (user && user.count >= this.limits.failuresPerUsername) return Math.ceil((user.resetAt - now) / 1000);
    const addr = this.window(this.byAddress, address, now);
    if (addr.count >= this.limits.perAddress) return Math.ceil((addr.resetAt - now) / 1000);
    addr.count++;
    return 0;
  }

  failed(username: string, now = Date.now()): void {
    this.window(this.byUsername, username, now).count++;
  }

  succeeded(username: string): void {
    this.byUsername.delete(username);
  }

  private window(map: Map<string, Window>, key: string, now: number): Window {
    let window = map.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.limits.windowMs };
      map.set(key, window);
    }
    return window;
  }

  private sweep(now: number): void {
    if (this.byAddress.size + this.byUsername.size < 10_000) return;
    for (const map of [this.byAddress, this.byUsername]) {
      for (const [key, window] of map) if (window.resetAt <= now) map.delete(key);
    }
  }
}
