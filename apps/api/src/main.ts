import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@sg/config';
import { mkdirSync } from 'node:fs';
import { createApiApplication } from './bootstrap';
import { claimDataDir } from './infrastructure/pid-file';

async function main(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const release = claimDataDir(config.dataDir);
  process.once('exit', release);
  const app = await createApiApplication(config);
  await app.listen(config.http.port, config.http.host);
  const url = await app.getUrl();
  new Logger('API').log(
    `listening on ${url.replace('[::1]', 'localhost')} (event store: ${config.eventStore.kind})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
