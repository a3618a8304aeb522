import { Redis } from 'ioredis';

/**
 * A Redis connection that fails a command at once while Redis is away (no offline queue, no
 * retries per request) and reconnects in the background; none without a URL. Not yet connected:
 * the caller listens for its errors first, then connects.
 */
export function failFastRedis(url: string | undefined): Redis | undefined {
  return url
    ? new Redis(url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: 1000,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      })
    : undefined;
}
