import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One process the launcher keeps running. */
export interface SupervisedProcess {
  state: 'running' | 'restarting';
  pid: number | undefined;
  startedAt: string;
  /** Restarts after a crash since the launcher started. */
  restarts: number;
  lastRestartAt: string | undefined;
  lastExit: { code: number | null; signal: string | null; at: string } | undefined;
}

/** What `npm start`'s launcher writes for the API to report in /api/health. */
export interface SupervisionStatus {
  launcherPid: number;
  startedAt: string;
  processes: { api: SupervisedProcess; worker: SupervisedProcess };
}

export const supervisionFileOf = (dataDir: string) => join(dataDir, 'supervisor.json');

/** Written whole (temporary file, then rename) so a reader never sees half of it; 0600. */
export function writeSupervision(dataDir: string, status: SupervisionStatus): void {
  const file = supervisionFileOf(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(status), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function removeSupervision(dataDir: string): void {
  rmSync(supervisionFileOf(dataDir), { force: true });
}

/** The launcher's status, if a live launcher wrote one (a file left by a killed launcher is ignored). */
export function readSupervision(dataDir: string): SupervisionStatus | undefined {
  const file = supervisionFileOf(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const status = JSON.parse(readFileSync(file, 'utf8')) as SupervisionStatus;
    process.kill(status.launcherPid, 0);
    return status;
  } catch {
    return undefined;
  }
}
