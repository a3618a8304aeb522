import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@sg/config';
import type { Redis } from 'ioredis';
import { failFastRedis } from '../infrastructure/fail-fast-redis';
import { APP_CONFIG } from '../infrastructure/config.provider';

export interface RedisHealth {
  status: 'up' | 'down' | 'not-configured';
  latencyMs?: number;
  error?: string;
  /** When the worker last reported in (its heartbeat job), if it has. */
  workerSeenAt?: string;
}

/**
 * The API's view of Redis: one connection that fails fast instead of queueing commands while
 * Redis is away, so a health check or a job enqueue answers at once.
 */
@Injectable()
export class RedisProbe implements OnApplicationShutdown {
  private readonly redis: Redis | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = failFastRedis(config.redisUrl);
    this.redis?.on('error', () => undefined);
    this.redis?.connect().catch(() => undefined);
  }

  async check(timeoutMs = 1000): Promise<RedisHealth> {
    if (!this.redis) return { status: 'not-configured' };
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const [, seen] = await Promise.race([
        Promise.all([this.redis.ping(), this.redis.get('sg:worker:heartbeat')]),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { status: 'up', latencyMs: Date.now() - started, ...(seen ? { workerSeenAt: seen } : {}) };
    } catch (error) {
      return {
        status: 'down',
        error: `无法连接 Redis：${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
