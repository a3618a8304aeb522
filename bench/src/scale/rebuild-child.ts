import { loadConfig } from '@sg/config';
import { rebuildProjections } from '../../../apps/api/src/maintenance';

/**
 * The rebuild command's own code in a process of its own, so that its peak memory (maxRSS) is
 * the rebuild's alone: `DATA_DIR=… node rebuild-child.js` prints one JSON line.
 */
async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const outcome = await rebuildProjections(loadConfig(), []);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (outcome.code !== 0) throw new Error(outcome.message);
  process.stdout.write(`${JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
