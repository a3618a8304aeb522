import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureRedisServer,
  freePort,
  startLocalRedis,
  type LocalRedis,
} from '../libs/config/src/local-redis';

declare global {
  var __REDIS__: LocalRedis | undefined;
}

/** One real redis-server (AOF on, noeviction) for the end-to-end tests of this run. */
export default async function globalSetup(): Promise<void> {
  // Both the e2e and the web projects name this setup; one server serves the whole run.
  if (globalThis.__REDIS__) return;
  const binary = ensureRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'sg-redis-'));
  const redis = await startLocalRedis({ binary, dir, port: await freePort() });
  globalThis.__REDIS__ = redis;
  process.env.TEST_REDIS_URL = redis.url;
  process.env.TEST_REDIS_BINARY = binary;
}
