import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, preparePrivateDataDir, usePrivateUmask } from '@sg/config';
import { createApiApplication } from './bootstrap';
import { claimDataDir } from './infrastructure/pid-file';

async function main(): Promise<void> {
  usePrivateUmask();
  const config = loadConfig();
  preparePrivateDataDir(config.dataDir);
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
