import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../libs/config/src';
import { createApiApplication } from '../apps/api/src/bootstrap';

export interface ApiHarness {
  app: INestApplication;
  config: AppConfig;
  dataDir: string;
  close(): Promise<void>;
}

/** The real API on a real SQLite data directory and the run's real Redis. */
export async function startApi(env: Record<string, string> = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-api-'));
  const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: process.env.TEST_REDIS_URL, PORT: '0', ...env });
  const app = await createApiApplication(config, { logger: ['error'] });
  await app.init();
  return {
    app,
    config,
    dataDir,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
