import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** One figure of one contender in one round. */
export interface Sample {
  contender: string;
  value: number;
}

/** A row of the results table: a figure of ours against a baseline, medians over rounds. */
export interface ResultRow {
  bench: string;
  figure: string;
  unit: string;
  ours: string;
  oursMedian: number | null;
  baseline: string;
  baselineMedian: number | null;
  /** ours / baseline for "higher is better" figures; baseline / ours for latencies. */
  ratio: number | null;
  target: string;
  /** true met, false missed, null no target or not measured. */
  met: boolean | null;
  note?: string;
  samples?: Record<string, number[]>;
  /** When and in which mode (quick, full) the row was measured. */
  taken?: string;
  /** The machine's load averages when its bench started and ended. */
  load?: string;
}

export interface BenchContext {
  quick: boolean;
  /** Scratch directory for this run's files (SQLite databases, Redis), removed at the end. */
  scratch: string;
  /** Kept between runs: generated provinces, keyed by their options. */
  cache: string;
  log: (line: string) => void;
}

export type Bench = (context: BenchContext) => Promise<ResultRow[]>;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs every contender once per round, in turn (A B C A B C …), so that the machine's drift
 * (two other engineers share these two cores) hits each one alike; the order rotates each round
 * so no contender always runs right after the same one.
 */
export async function alternate<K extends string>(
  rounds: number,
  contenders: Record<K, () => Promise<number>>,
  log: (line: string) => void,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const value = await contenders[name]();
      samples[name].push(value);
      log(`  round ${round + 1}/${rounds} ${name}: ${format(value)}`);
    }
  }
  return samples;
}

export function format(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A latency in milliseconds to 0.01 ms, whatever its size: sub-millisecond answers stay comparable. */
export function formatMs(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '—';
  return value.toFixed(2);
}

/** Ratio of two medians; `higherIsBetter` false for latencies and durations. */
export function ratioOf(ours: number, baseline: number, higherIsBetter: boolean): number {
  return higherIsBetter ? ours / baseline : baseline / ours;
}

export function machine(): Record<string, string> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // not Linux: os.cpus() names it
  }
  let nproc = String(cpus().length);
  try {
    nproc = execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // nproc missing: the count os.cpus() sees
  }
  return {
    nproc,
    cpu: cpuModel,
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    date: new Date().toISOString(),
    load: loadNow(),
  };
}

/**
 * The machine's load averages (1, 5, 15 min) and, where Linux reports it, the share of the last
 * minute in which some task waited for a CPU: on shared cores, the context of every figure. The
 * load average does not show another tenant of the cores; the wait does (ours included).
 */
export function loadNow(): string {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  const wait = cpuWait();
  return wait === undefined ? load : `${load}, CPU wait ${wait} %`;
}

/** `avg60` of `/proc/pressure/cpu` (pressure stall information), undefined where there is none. */
export function cpuWait(): string | undefined {
  try {
    return /avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
