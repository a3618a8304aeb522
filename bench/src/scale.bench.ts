import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cachedProvince } from './generate/province';
import { format, formatMs, type Bench, type ResultRow } from './harness';
import { load, quantile } from './http/load';
import { ADMIN_PASSWORD, must, signIn, startApiProcess } from './http/processes';

interface SizeFigures {
  schools: number;
  events: number;
  rebuildSeconds: number;
  rebuildPeakMb: number;
  apiPeakMb: number;
  p50: number;
  p99: number;
  rps: number;
  /** Each plan's first dashboard read after the start, one at a time: p50 and slowest, ms. */
  firstP50: number;
  firstMax: number;
}

/**
 * Each plan's dashboard read once, one after the other, as its school's first visitor after a
 * start would: these pay the plan's cold view (ADR 0042, 0043) and are timed apart. Left in the
 * measured window, they would be 200 of its slowest answers at 200 schools and 20 at 20, so its
 * p99 would follow the window's throughput (how many answers the 1 % holds) rather than a read.
 */
async function firstReads(url: string, paths: string[], token: string): Promise<Float64Array> {
  const took: number[] = [];
  for (const path of paths) {
    const started = process.hrtime.bigint();
    await must(url, 'GET', path, token);
    took.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return Float64Array.from(took).sort();
}

function peakMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * A province of N generated schools: the rebuild command over the whole log (every projection,
 * in a process of its own, peak memory from the kernel), then the API started on the result and
 * dashboard reads spread over every school's plan.
 */
async function measure(
  scratch: string,
  cache: string,
  schools: number,
  seconds: number,
  log: (line: string) => void,
): Promise<SizeFigures> {
  const { file, summary } = await cachedProvince(cache, { schools }, log);
  const dataDir = join(scratch, `scale-${schools}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  try {
    cpSync(file, join(dataDir, 'events.sqlite'));
    const output = execFileSync(process.execPath, [join(__dirname, 'scale/rebuild-child.js')], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const rebuilt = JSON.parse(output.trim().split('\n').pop()!) as { seconds: number; maxRssKb: number };
    log(
      `  ${schools} schools: rebuilt ${summary.events} events in ${rebuilt.seconds.toFixed(1)} s, peak ${(rebuilt.maxRssKb / 1024).toFixed(0)} MB`,
    );
    const api = await startApiProcess(dataDir);
    try {
      const token = await signIn(api.url, 'admin', ADMIN_PASSWORD);
      const paths = summary.planIds.map((id) => `/api/plans/${id}/completion`);
      const first = await firstReads(api.url, paths, token);
      const firstP50 = quantile(first, 0.5);
      const firstMax = first[first.length - 1];
      const figures = await load({ url: api.url, method: 'GET', paths, token, connections: 10, seconds });
      if (figures.errors > 0 || figures.non2xx > 0)
        throw new Error(`dashboard: ${figures.errors} errors, ${figures.non2xx} non-2xx`);
      const apiPeakMb = peakMb(api.child.pid!);
      log(
        `  ${schools} schools: first read of each plan p50 ${firstP50.toFixed(2)} ms, slowest ${firstMax.toFixed(2)} ms; then dashboard p50 ${figures.p50.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms, ${figures.requestsPerSecond.toFixed(0)} req/s, API peak ${apiPeakMb.toFixed(0)} MB`,
      );
      return {
        schools,
        events: summary.events,
        rebuildSeconds: rebuilt.seconds,
        rebuildPeakMb: rebuilt.maxRssKb / 1024,
        apiPeakMb,
        p50: figures.p50,
        p99: figures.p99,
        rps: figures.requestsPerSecond,
        firstP50,
        firstMax,
      };
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const scaleBench: Bench = async ({ quick, scratch, cache, log }) => {
  const sizes = (process.env.BENCH_SCHOOLS ?? (quick ? '2,5' : '20,50,100,200'))
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? (quick ? 5 : 10));
  log(`scale: ${sizes.join(', ')} schools; dashboard reads 10 connections × ${seconds} s`);
  const results: SizeFigures[] = [];
  for (const schools of sizes) results.push(await measure(scratch, cache, schools, seconds, log));
  const first = results[0];
  return results.map((r): ResultRow => {
    const growth =
      r === first
        ? 'smallest size'
        : `vs ${first.schools}: events ×${format(r.events / first.events)}, rebuild ×${format(r.rebuildSeconds / first.rebuildSeconds)}, rebuild peak ×${format(r.rebuildPeakMb / first.rebuildPeakMb)}, p99 ×${format(r.p99 / first.p99)}`;
    return {
      bench: 'scale',
      figure: `${r.schools} schools, ${(r.events / 1e6).toFixed(2)} M events`,
      unit: 'mixed',
      ours: `rebuild ${format(r.rebuildSeconds)} s (${format(r.events / r.rebuildSeconds)} events/s), rebuild peak ${format(r.rebuildPeakMb)} MB; first read of each plan p50 ${formatMs(r.firstP50)} ms, slowest ${formatMs(r.firstMax)} ms; then dashboard p50 ${formatMs(r.p50)} ms, p99 ${formatMs(r.p99)} ms, ${format(r.rps)} req/s, API peak ${format(r.apiPeakMb)} MB`,
      oursMedian: r.rebuildSeconds,
      baseline: growth,
      baselineMedian: null,
      ratio: null,
      target: 'report',
      met: null,
    };
  });
};
