import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@sg/event-store';
import { ALL_PROJECTIONS, rebuildIntoNewFile, secondThreadNames } from '@sg/read-models';
import { cachedProvince } from './generate/province';
import { alternate, format, median, ratioOf, type Bench, type ResultRow } from './harness';

/** Schools whose four years come to about the wanted number of events (≈19,150 per school). */
const EVENTS_PER_SCHOOL = 19_150;

/**
 * Every projection (or the ones given) rebuilt from zero as the rebuild command does it
 * (`rebuildIntoNewFile`, ADR 0048): loaded into a new file beside the read-model file, on two
 * threads when the machine has two cores (ADR 0050), and swapped in, timed from the start to the
 * swapped, closed, fsynced file. The close is counted (ADR 0047).
 */
async function rebuild(
  eventsFile: string,
  scratch: string,
  projections = ALL_PROJECTIONS,
  recordSize = true,
): Promise<number> {
  const store = new SqliteEventStore({ file: eventsFile });
  const readModels = join(scratch, `rebuild-${process.hrtime.bigint()}.sqlite`);
  const started = process.hrtime.bigint();
  const head = await rebuildIntoNewFile(store, readModels, projections, {
    secondThread: { names: secondThreadNames(projections), log: { kind: 'sqlite', file: eventsFile } },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  const bytes = ['', '-wal'].reduce((sum, suffix) => sum + fileSize(readModels + suffix), 0);
  if (recordSize) sizes.push(bytes / fileSize(eventsFile));
  for (const suffix of ['', '-wal', '-shm']) rmSync(readModels + suffix, { force: true });
  return head / seconds;
}

const sizes: number[] = [];
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * The floor of any rebuild from this log: every row read in position order and its data and
 * metadata parsed, nothing done with them.
 */
function scanAndParse(eventsFile: string): Promise<number> {
  const db = new Database(eventsFile, { readonly: true });
  const started = process.hrtime.bigint();
  let rows = 0;
  let fields = 0;
  for (const row of db
    .prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position')
    .iterate()) {
    rows++;
    const data = JSON.parse(row.data) as object | null;
    const metadata = JSON.parse(row.metadata) as object;
    fields += (data ? Object.keys(data).length : 0) + Object.keys(metadata).length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  if (fields === 0) throw new Error('empty log');
  return Promise.resolve(rows / seconds);
}

/** The raw limit: every row of the log read in position order, every column, nothing done with it. */
function rawScan(eventsFile: string): Promise<number> {
  const db = new Database(eventsFile, { readonly: true });
  const started = process.hrtime.bigint();
  let rows = 0;
  let bytes = 0;
  for (const row of db
    .prepare<[], { data: string; metadata: string }>('SELECT * FROM events ORDER BY position')
    .iterate()) {
    rows++;
    bytes += row.data.length + row.metadata.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  if (bytes === 0) throw new Error('empty log');
  return Promise.resolve(rows / seconds);
}

export const rebuildBench: Bench = async ({ quick, scratch, cache, log }) => {
  const wanted = Number(process.env.BENCH_REBUILD_EVENTS ?? (quick ? 100_000 : 1_000_000));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const schools = Math.max(1, Math.round(wanted / EVENTS_PER_SCHOOL));
  const { file, summary } = await cachedProvince(cache, { schools }, log);
  log(
    `rebuild: all ${ALL_PROJECTIONS.length} projections from ${summary.events} events (${schools} schools), ${rounds} rounds`,
  );
  sizes.length = 0;
  const samples = await alternate(
    rounds,
    { ours: () => rebuild(file, scratch), raw: () => rawScan(file), parsed: () => scanAndParse(file) },
    log,
  );
  if (process.env.BENCH_REBUILD_PER_PROJECTION) {
    // Where the time goes: each projection alone from the same log (reading and parsing included).
    for (const projection of ALL_PROJECTIONS) {
      const rate = await rebuild(file, scratch, [projection], false);
      log(`  ${projection.name} alone: ${format(rate)} events/s, ${format(summary.events / rate)} s`);
    }
  }
  const ours = median(samples.ours);
  const raw = median(samples.raw);
  const parsed = median(samples.parsed);
  const size = median(sizes);
  const figure = `all ${ALL_PROJECTIONS.length} projections from ${(summary.events / 1e6).toFixed(2)} M events, events/s`;
  const vsRaw = ratioOf(ours, raw, true);
  const vsParsed = ratioOf(ours, parsed, true);
  const rows: ResultRow[] = [
    {
      bench: 'rebuild',
      figure,
      unit: 'events/s',
      ours: `rebuild into a new file ${format(ours)}`,
      oursMedian: ours,
      baseline: `raw scan ${format(raw)}`,
      baselineMedian: raw,
      ratio: vsRaw,
      target: '≥ 0.3× raw scan',
      met: vsRaw >= 0.3,
      samples: { ours: samples.ours, raw: samples.raw },
    },
    {
      bench: 'rebuild',
      figure,
      unit: 'events/s',
      ours: `rebuild into a new file ${format(ours)}`,
      oursMedian: ours,
      baseline: `scan + JSON.parse ${format(parsed)}`,
      baselineMedian: parsed,
      ratio: vsParsed,
      target: '≥ 0.5× scan + parse',
      met: vsParsed >= 0.5,
      samples: { ours: samples.ours, parsed: samples.parsed },
    },
    {
      bench: 'rebuild',
      figure: 'read models on disk after the rebuild, × the log file',
      unit: '×',
      ours: `${format(size)}× the log`,
      oursMedian: size,
      baseline: 'the log file',
      baselineMedian: 1,
      ratio: size,
      target: '≤ 0.5× the log',
      met: size <= 0.5,
      samples: { ours: sizes.slice() },
    },
  ];
  return rows;
};
