import type { Redis } from 'ioredis';

/** Worker connections block waiting for jobs; BullMQ requires no per-request retry cap on them. */
export const workerConnection = (url: string) => ({ url, maxRetriesPerRequest: null });

function infoField(info: string, field: string): string | undefined {
  const line = info.split(/\r?\n/).find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

/**
 * What this Redis lacks to keep queued jobs safe, in words an operator can act on. Uses INFO
 * (allowed on managed Redis where CONFIG is not). Empty when all is well.
 */
export async function redisDurabilityProblems(redis: Redis): Promise<string[]> {
  const [persistence, memory] = await Promise.all([redis.info('persistence'), redis.info('memory')]);
  const problems: string[] = [];
  if (infoField(persistence, 'aof_enabled') !== '1') {
    problems.push(
      'Redis 未开启 AOF 持久化（appendonly no）：Redis 一旦崩溃，排队中的提醒和简报任务会全部丢失。' +
        '请在 redis.conf 中设置 "appendonly yes"，或执行 redis-cli CONFIG SET appendonly yes 后再执行 CONFIG REWRITE。',
    );
  }
  const policy = infoField(memory, 'maxmemory_policy');
  if (policy !== 'noeviction') {
    problems.push(
      `Redis 的 maxmemory-policy 为 ${policy ?? '未知'}，内存不足时会删除任务数据。` +
        '请设置 "maxmemory-policy noeviction"（redis-cli CONFIG SET maxmemory-policy noeviction）。',
    );
  }
  return problems;
}
