import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileIn = (dataDir: string) => join(dataDir, 'api.pid');

/** Marks the data directory as served by this process, so offline tools can refuse to touch it. */
export function claimDataDir(dataDir: string): () => void {
  const file = fileIn(dataDir);
  writeFileSync(file, String(process.pid), { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => {
    if (runningApiPid(dataDir) === process.pid) rmSync(file, { force: true });
  };
}

/** Pid of a live API process serving this data directory, if any. */
export function runningApiPid(dataDir: string): number | undefined {
  const file = fileIn(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}
