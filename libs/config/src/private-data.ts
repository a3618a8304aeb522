import { chmodSync, mkdirSync } from 'node:fs';

/**
 * Files and directories this process (and every child it starts, redis-server included) creates
 * are its user's alone: 0600 and 0700. The stores set these modes themselves as well; the umask
 * covers what they do not name (temporary files, Redis's AOF and pid file).
 */
export function usePrivateUmask(): void {
  process.umask(0o077);
}

/** DATA_DIR holds sessions, password hashes and evidence: 0700, narrowed if an older version left it open. */
export function preparePrivateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}
