import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@sg/config';
import { redisDurabilityProblems } from '@sg/jobs';
import { Redis } from 'ioredis';
import { WorkerModule } from './worker.module';

export class WorkerStartupError extends Error {
  constructor(problems: string[]) {
    super(`后台任务服务（worker）拒绝启动：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkerStartupError';
  }
}

/** Checks Redis before anything is consumed, then starts the worker's application context. */
export async function createWorker(
  config: AppConfig,
  options: { logger?: false | ('error' | 'warn' | 'log')[] } = {},
): Promise<INestApplicationContext> {
  if (!config.redisUrl) {
    throw new WorkerStartupError([
      '未设置 REDIS_URL：请指向一个开启 AOF、maxmemory-policy 为 noeviction 的 Redis。',
    ]);
  }
  const probe = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
  });
  probe.on('error', () => undefined);
  let problems: string[];
  try {
    await probe.connect();
    problems = await redisDurabilityProblems(probe);
  } catch (error) {
    problems = [
      `无法连接 Redis（${config.redisUrl}）：${error instanceof Error ? error.message : String(error)}`,
    ];
  } finally {
    probe.disconnect();
  }
  if (problems.length > 0) throw new WorkerStartupError(problems);
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register({ ...config, redisUrl: config.redisUrl }),
    {
      logger: options.logger ?? ['error', 'warn', 'log'],
    },
  );
  app.enableShutdownHooks();
  await app.init();
  return app;
}
