import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendsBench } from './appends.bench';
import { httpBench } from './http.bench';
import { jobsBench } from './jobs.bench';
import { scaleBench } from './scale.bench';
import { rebuildBench } from './rebuild.bench';
import { planSizeBench } from './plan-size.bench';
import { format, loadNow, machine, type Bench, type ResultRow } from './harness';

/**
 * `npm run bench [-- --only appends,rebuild]`. BENCH_QUICK=1 picks the small sizes (a few
 * minutes); the default full sizes take much longer (see the README).
 */
const BENCHES: Record<string, Bench> = {
  appends: appendsBench,
  rebuild: rebuildBench,
  http: httpBench,
  'plan-size': planSizeBench,
  jobs: jobsBench,
  scale: scaleBench,
};

function parseOnly(argv: string[]): string[] {
  const i = argv.indexOf('--only');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--only='))?.slice(7);
  const names = value ? value.split(',').map((s) => s.trim()) : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length > 0) {
    throw new Error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  }
  return names;
}

/** Each contender's lowest and highest round: how far apart the rounds behind a median were. */
function spread(row: ResultRow): string {
  const ranges = Object.entries(row.samples ?? {})
    .filter(([, values]) => values.length > 1)
    .map(([name, values]) => `${name} ${format(Math.min(...values))}–${format(Math.max(...values))}`);
  return ranges.length > 0 ? ranges.join('; ') : '—';
}

export function markdownTable(rows: ResultRow[]): string {
  const lines = [
    '| bench | figure | ours (median) | baseline (median) | ratio | target | met | rounds, lowest–highest | taken | load (1/5/15 min; CPU wait, last min), start → end |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const met = row.met === null ? '—' : row.met ? 'met' : 'missed';
    const ratio = row.ratio === null ? '—' : `${format(row.ratio)}×`;
    const note = row.note ? ` (${row.note})` : '';
    lines.push(
      `| ${row.bench} | ${row.figure} | ${row.ours} | ${row.baseline} | ${ratio} | ${row.target} | ${met}${note} | ${spread(row)} | ${row.taken ?? ''} | ${row.load ?? ''} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const only = parseOnly(process.argv.slice(2));
  const quick = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
  const root = resolve(__dirname, '../../../bench');
  const cache = resolve(process.env.BENCH_DIR ?? join(root, '.data'));
  const runDir = join(cache, `run-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const info = machine();
  log(
    `machine: ${Object.entries(info)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  log(`mode: ${quick ? 'quick' : 'full'}; benches: ${only.join(', ')}`);

  const rows: ResultRow[] = [];
  try {
    for (const name of only) {
      const started = Date.now();
      log(`\n## ${name}`);
      const loadBefore = loadNow();
      const benchRows = await BENCHES[name]({ quick, scratch: runDir, cache, log });
      const loadAfter = loadNow();
      for (const row of benchRows) row.load = `${loadBefore} → ${loadAfter}`;
      rows.push(...benchRows);
      log(`${name} took ${((Date.now() - started) / 1000).toFixed(0)} s; load ${loadBefore} → ${loadAfter}`);
    }
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }

  const mode = quick ? 'quick' : 'full';
  for (const row of rows) row.taken = `${info.date.slice(0, 16).replace('T', ' ')} ${mode}`;
  log(`\n${markdownTable(rows)}\n`);
  // Quick runs check that everything runs; they never replace the full figures.
  const results = join(root, 'results', ...(quick ? ['quick'] : []));
  mkdirSync(results, { recursive: true });
  const stamp = info.date.replace(/[:.]/g, '-');
  const report = { machine: info, mode, benches: only, rows };
  writeFileSync(join(results, `bench-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  // latest.* hold the latest figures of every bench: a run of some keeps the others' rows.
  const latest = { machine: info, rows: [...previousRows(join(results, 'latest.json'), only), ...rows] };
  latest.rows.sort((a, b) => Object.keys(BENCHES).indexOf(a.bench) - Object.keys(BENCHES).indexOf(b.bench));
  writeFileSync(join(results, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`);
  const header = `Latest figures per bench on ${info.nproc} × ${info.cpu}, ${info.ram} RAM, Node ${info.node}; each row says when it was taken.`;
  writeFileSync(join(results, 'latest.md'), `${header}\n\n${markdownTable(latest.rows)}\n`);
  log(`written: ${results}/latest.json, latest.md, bench-${stamp}.json`);
}

function previousRows(file: string, rerun: string[]): ResultRow[] {
  if (!existsSync(file)) return [];
  const previous = JSON.parse(readFileSync(file, 'utf8')) as { rows?: ResultRow[] };
  return (previous.rows ?? []).filter((row) => !rerun.includes(row.bench));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
