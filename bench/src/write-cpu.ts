import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from './http/load';
import { startApiWorkload, submissionBody } from './http/workload';

/**
 * A write's latency and CPU, build against build:
 * `node dist-bench/bench/src/write-cpu.js [connections] [seconds] [dist …]`. For each build (an
 * API `dist/`, this checkout's by default) in turn, rounds alternating: the API on a copy of the
 * 1-school province (BENCH_DIR, as the bench caches it), the bench owner's submissions at the
 * given connections after 2 s of warm-up, then p50, p99, req/s and the API process's own CPU per
 * request (from /proc: the load generator's CPU is not in it). BENCH_ROUNDS rounds (default 2);
 * BENCH_CPU_PROF=<dir> profiles each API process. The machine is shared: compare alternately.
 */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime (fields 14 and 15 of stat, in clock ticks of 10 ms).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const [connections = '1', seconds = '6', ...dists] = process.argv.slice(2);
  const builds = dists.length > 0 ? dists.map((d) => resolve(d)) : [undefined];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const cache = resolve(process.env.BENCH_DIR ?? join(__dirname, '../../../bench/.data'));
  const scratch = join(tmpdir(), `sg-write-cpu-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const dist of builds) {
        const workload = await startApiWorkload(scratch, cache, 1, () => undefined, 50, dist);
        try {
          const run = (secondsOf: number) =>
            load({
              url: workload.api.url,
              method: 'POST',
              paths: workload.ownerTasks.map((task) => `/api/tasks/${task}/submissions`),
              token: workload.ownerToken,
              body: submissionBody,
              connections: Number(connections),
              seconds: secondsOf,
            });
          await run(2);
          const pid = workload.api.child.pid!;
          const before = processCpuMs(pid);
          const figures = await run(Number(seconds));
          const spent = processCpuMs(pid) - before;
          const requests = figures.total;
          process.stdout.write(
            `${JSON.stringify({
              round,
              build: dist ?? 'this checkout',
              connections: Number(connections),
              p50: Number(figures.p50.toFixed(3)),
              p99: Number(figures.p99.toFixed(3)),
              requestsPerSecond: Math.round(figures.requestsPerSecond),
              cpuMsPerRequest: Number((spent / requests).toFixed(3)),
              non2xx: figures.non2xx,
              load: loadavg().map((l) => Number(l.toFixed(2))),
            })}\n`,
          );
        } finally {
          await workload.api.stop();
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
