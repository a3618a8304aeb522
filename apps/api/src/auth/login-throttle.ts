import { Logger } from '@nestjs/common';
import type { LoginLimits } from '@sg/config';
import type { Redis } from 'ioredis';
import { failFastRedis } from '../infrastructure/fail-fast-redis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** The first wait after the pair's free failures; each further failure doubles it. */
const BACKOFF_BASE_MS = 1000;
/** How long a pair's failures are remembered (a success forgets them at once). */
const PAIR_MEMORY_S = 24 * 3600;
/** How long an address a user signed in from counts as theirs (a memory timer holds at most 24.8 days). */
const KNOWN_ADDRESS_S = 14 * 24 * 3600;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Who may try a password, and when. Nothing here locks a username by itself, so a stranger
 * cannot lock its owner out:
 * - per (username, address): the `freeFailures`th failure makes the pair wait 1 s, each further
 *   one twice as long (2 s, 4 s … up to `maxBackoffMs`); a success clears it;
 * - per address: at most `perAddress` attempts per window that did not succeed (counted before
 *   the password is checked, so a parallel flood is bounded too; a success gives its point back);
 * - per username, from anywhere: beyond `failuresPerUsername` failures in a window (guessing from
 *   many addresses), only addresses the user signed in from in the last 14 days may try.
 *
 * The counters live in Redis so that every API process shares them. When Redis cannot answer,
 * each process counts in its own memory until it can (the limits then hold per process): failing
 * open would drop the guard exactly when Redis is attacked or down, failing closed would stop
 * every sign-in.
 */
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  private readonly redis: Redis | undefined;
  private readonly address: RateLimiterAbstract;
  private readonly pairFailures: RateLimiterAbstract;
  private readonly pairWait: RateLimiterAbstract;
  private readonly userFailures: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;
  private fallbackNoticed = false;

  constructor(
    private readonly limits: LoginLimits,
    redisUrl: string | undefined,
  ) {
    this.redis = failFastRedis(redisUrl);
    this.redis?.on('error', () => this.noticeFallback());
    this.redis?.on('ready', () => {
      if (this.fallbackNoticed) this.logger.log('Redis 已恢复：登录限流重新由所有进程共享计数。');
      this.fallbackNoticed = false;
    });
    const windowS = Math.ceil(limits.windowMs / 1000);
    this.address = this.limiter('address', limits.perAddress, windowS);
    this.pairFailures = this.limiter('pair-failures', Number.MAX_SAFE_INTEGER, PAIR_MEMORY_S);
    this.pairWait = this.limiter('pair-wait', 1, 1);
    this.userFailures = this.limiter('user-failures', Number.MAX_SAFE_INTEGER, windowS);
    this.known = this.limiter('known', 1, KNOWN_ADDRESS_S);
  }

  /** Connects to Redis, waiting at most `timeoutMs`; without it the process counts on its own. */
  async connect(timeoutMs = 2000): Promise<void> {
    if (!this.redis) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.redis.connect().catch(() => this.noticeFallback()),
      new Promise<void>((done) => {
        timer = setTimeout(() => {
          this.noticeFallback();
          done();
        }, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Where the counters are kept at this moment. */
  get store(): 'redis' | 'memory' {
    return this.redis?.status === 'ready' ? 'redis' : 'memory';
  }

  /** Seconds to wait before trying again, or 0 if this attempt may go ahead (it is then counted). */
  async attempt(address: string, username: string): Promise<number> {
    const pair = pairKey(username, address);
    const waiting = await this.pairWait.get(pair);
    if (waiting && waiting.msBeforeNext > 0) return seconds(waiting.msBeforeNext);
    const failures = await this.userFailures.get(username);
    if (
      failures &&
      failures.consumedPoints >= this.limits.failuresPerUsername &&
      !(await this.known.get(pair))
    )
      return seconds(failures.msBeforeNext);
    try {
      await this.address.consume(address);
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return seconds(refused.msBeforeNext);
      throw refused;
    }
    return 0;
  }

  async failed(address: string, username: string): Promise<void> {
    const pair = pairKey(username, address);
    const [counted] = await Promise.all([
      this.pairFailures.penalty(pair, 1),
      this.userFailures.penalty(username, 1),
    ]);
    const beyond = counted.consumedPoints - this.limits.freeFailures;
    if (beyond >= 0) {
      const waitMs = Math.min(BACKOFF_BASE_MS * 2 ** Math.min(beyond, 30), this.limits.maxBackoffMs);
      await this.pairWait.set(pair, 1, seconds(waitMs));
    }
  }

  async succeeded(address: string, username: string): Promise<void> {
    const pair = pairKey(username, address);
    await Promise.all([
      this.address.reward(address, 1),
      this.pairFailures.delete(pair),
      this.pairWait.delete(pair),
      this.known.set(pair, 1, KNOWN_ADDRESS_S),
    ]);
  }

  close(): void {
    this.redis?.disconnect();
  }

  private limiter(name: string, points: number, duration: number): RateLimiterAbstract {
    const keyPrefix = `${this.limits.keyPrefix}:${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!this.redis) return memory;
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix,
      points,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }

  private noticeFallback(): void {
    if (this.fallbackNoticed) return;
    this.fallbackNoticed = true;
    this.logger.warn(
      '无法连接 Redis：登录限流暂由本进程在内存中计数（多个 API 进程之间不共享），Redis 恢复后自动改回。',
    );
  }
}

/** Addresses (IPv4, IPv6) hold no `|`, so the last one separates the two whatever was typed. */
const pairKey = (username: string, address: string) => `${username}|${address}`;
