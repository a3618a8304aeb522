import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@sg/event-store';
import {
  completionProjection,
  openReadModelDatabase,
  ProjectionRunner,
  scoresProjection,
} from '@sg/read-models';
import { cachedProvince } from './generate/province';
import { alternate, format, median, ratioOf, type Bench } from './harness';

/** Schools whose four years come to about the wanted number of events (≈19,150 per school). */
const EVENTS_PER_SCHOOL = 19_150;

/** The completion (cp_) and score (sc_) projections rebuilt from zero, as the rebuild command does. */
async function rebuild(eventsFile: string, scratch: string): Promise<number> {
  const store = new SqliteEventStore({ file: eventsFile });
  const readModels = join(scratch, `rebuild-${process.hrtime.bigint()}.sqlite`);
  const db = openReadModelDatabase(readModels);
  const runner = new ProjectionRunner(store, db, [completionProjection, scoresProjection]);
  const head = await store.headPosition();
  const started = process.hrtime.bigint();
  runner.start();
  if (!(await runner.waitFor(head, 3_600_000))) throw new Error('rebuild did not finish');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await runner.stop();
  await store.close();
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(readModels + suffix, { force: true });
  return head / seconds;
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
  log(`rebuild: completion + scores from ${summary.events} events (${schools} schools), ${rounds} rounds`);
  const samples = await alternate(
    rounds,
    { ours: () => rebuild(file, scratch), raw: () => rawScan(file) },
    log,
  );
  const ours = median(samples.ours);
  const raw = median(samples.raw);
  const ratio = ratioOf(ours, raw, true);
  return [
    {
      bench: 'rebuild',
      figure: `completion + scores from ${(summary.events / 1e6).toFixed(2)} M events, events/s`,
      unit: 'events/s',
      ours: `ProjectionRunner ${format(ours)}`,
      oursMedian: ours,
      baseline: `raw scan ${format(raw)}`,
      baselineMedian: raw,
      ratio,
      target: '≥ 0.3× raw scan',
      met: ratio >= 0.3,
      samples,
    },
  ];
};
