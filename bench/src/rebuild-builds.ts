import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuWait, median } from './harness';

/**
 * A full rebuild, build against build:
 * `node dist-bench/bench/src/rebuild-builds.js <events.sqlite> <rounds> <dist> [dist …]`. Each
 * round runs every build once, in turn, each in a process of its own: `rebuildIntoNewFile` of
 * every projection into a new file, on two threads as the rebuild command does it (ADR 0050), timed
 * to the swapped, closed file. A build is a `dist/` directory (`npm run build`, copied aside). The
 * machine is shared: only builds run in the same rounds compare, and the lines give the CPU wait
 * of the last minute (`/proc/pressure/cpu`) before each run.
 */
const ONE = '--one';

/** One rebuild by the build at `dist`, in this process: prints its seconds. */
async function one(dist: string, eventsFile: string): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports -- a build chosen at run time */
  const { SqliteEventStore } = require(
    join(dist, 'libs/event-store/src'),
  ) as typeof import('@sg/event-store');
  const { ALL_PROJECTIONS, rebuildIntoNewFile, secondThreadNames } = require(
    join(dist, 'libs/read-models/src'),
  ) as typeof import('@sg/read-models');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const store = new SqliteEventStore({ file: eventsFile });
  const file = join(tmpdir(), `rebuild-builds-${process.pid}.sqlite`);
  try {
    await store.headPosition();
    const started = process.hrtime.bigint();
    await rebuildIntoNewFile(store, file, ALL_PROJECTIONS, {
      secondThread: { names: secondThreadNames(ALL_PROJECTIONS), log: { kind: 'sqlite', file: eventsFile } },
    });
    process.stdout.write(`${Number(process.hrtime.bigint() - started) / 1e9}\n`);
  } finally {
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

function main(): void {
  const [eventsFile, roundsText, ...dists] = process.argv.slice(2);
  if (!eventsFile || !roundsText || dists.length === 0)
    throw new Error('usage: rebuild-builds.js <events.sqlite> <rounds> <dist> [dist …]');
  const builds = dists.map((dist) => resolve(dist));
  const seconds = new Map<string, number[]>(builds.map((dist) => [dist, []]));
  for (let round = 1; round <= Number(roundsText); round++) {
    for (const dist of builds) {
      const wait = `CPU wait ${cpuWait() ?? 'unknown'} %`;
      const output = execFileSync(process.execPath, [__filename, ONE, dist, resolve(eventsFile)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const taken = Number(output.trim().split('\n').pop());
      seconds.get(dist)!.push(taken);
      process.stdout.write(`round ${round}: ${dist} ${taken.toFixed(2)} s (${wait})\n`);
    }
  }
  for (const [dist, taken] of seconds) {
    process.stdout.write(
      `${dist}: median ${median(taken).toFixed(2)} s; ${taken.map((s) => s.toFixed(2)).join(' / ')}\n`,
    );
  }
}

if (process.argv[2] === ONE) {
  void one(process.argv[3], process.argv[4]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
} else {
  main();
}
