import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, preparePrivateDataDir, usePrivateUmask } from '@sg/config';
import { createWorker, WorkerStartupError } from './bootstrap';

async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig();
  preparePrivateDataDir(config.dataDir);
  await createWorker(config);
  new Logger('Worker').log('started');
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof WorkerStartupError;
  process.stderr.write(`${known ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
