import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { planStream } from '@sg/domain';
import { SqliteEventStore, type NewEvent } from '@sg/event-store';
import { cachedProvince } from './generate/province';
import { alternate, format, formatMs, median, ratioOf, type Bench, type ResultRow } from './harness';
import { load, type LoadFigures } from './http/load';
import { ADMIN_PASSWORD, signIn, startApiProcess, type ServerProcess } from './http/processes';
import { ownerWithTasks, submissionBody } from './http/workload';

/** Plan sizes (events in the plan's stream) a submission is measured on. */
const SIZES = [265, 2_000, 10_000];

/** Grows the first school's plan to `size` events with indicators, as a larger plan would define. */
async function growPlan(file: string, planId: string, size: number): Promise<number> {
  const store = new SqliteEventStore({ file, synchronous: 'NORMAL' });
  try {
    const stream = planStream(planId);
    const existing = await store.readStream(stream);
    const levelId = existing.find((e) => e.type === 'LevelAdded')!.data as { levelId: string };
    let revision = existing[existing.length - 1].revision;
    const metadata = { actor: 'system', time: '2020-01-01T00:00:00.000Z', correlationId: 'bench-plan-size' };
    for (let n = existing.length; n < size;) {
      const batch: NewEvent[] = [];
      for (; n < size && batch.length < 1000; n++) {
        batch.push({
          type: 'IndicatorDefined',
          data: {
            planId,
            indicatorId: `bench-i${n}`,
            levelId: levelId.levelId,
            subcategory: 'quantity',
            group: { code: '9.9', name: '压测扩充指标' },
            code: `9.9.${n}`,
            name: `压测指标 ${n}`,
            points: '0.01',
            target: { kind: 'numeric', comparator: '>=', value: '1', unit: '项' },
            rule: { kind: 'proportional' },
          },
          metadata,
        });
      }
      revision = (await store.append(stream, batch, revision)).nextExpectedRevision;
    }
    return revision + 1;
  } finally {
    await store.close();
  }
}

interface Setup {
  api: ServerProcess;
  events: number;
  token: string;
  paths: string[];
}

/** An API on a copy of the province whose first plan has `size` events, with an owner's tasks under a chain. */
async function setUp(file: string, planId: string, size: number, scratch: string): Promise<Setup> {
  const dataDir = join(scratch, `plan-size-${size}-${process.hrtime.bigint()}`);
  mkdirSync(dataDir, { recursive: true });
  cpSync(file, join(dataDir, 'events.sqlite'));
  const events = await growPlan(join(dataDir, 'events.sqlite'), planId, size);
  const api = await startApiProcess(dataDir);
  const admin = await signIn(api.url, 'admin', ADMIN_PASSWORD);
  const { ownerToken, ownerTasks } = await ownerWithTasks(api.url, admin, planId, 20);
  return { api, events, token: ownerToken, paths: ownerTasks.map((id) => `/api/tasks/${id}/submissions`) };
}

/**
 * Submission writes at one connection (latency, not queueing) on plans of 265, 2,000 and 10,000
 * events: the plan a submission checks against must not cost in proportion to its size.
 */
export const planSizeBench: Bench = async ({ quick, scratch, cache, log }) => {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? (quick ? 5 : 10));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const { file, summary } = await cachedProvince(cache, { schools: 1 }, log);
  const planId = summary.planIds[0];
  const setups: Setup[] = [];
  try {
    for (const size of SIZES) setups.push(await setUp(file, planId, size, scratch));
    log(
      `plan size: ${setups.map((s) => s.events).join(' / ')} plan events, 1 connection, ${seconds} s per run`,
    );
    const figures = setups.map(() => [] as LoadFigures[]);
    const contenders = Object.fromEntries(
      setups.map((setup, i) => [
        `plan${SIZES[i]}`,
        async () => {
          const f = await load({
            url: setup.api.url,
            method: 'POST',
            paths: setup.paths,
            token: setup.token,
            body: submissionBody,
            connections: 1,
            seconds,
          });
          if (f.errors > 0 || f.non2xx > 0)
            throw new Error(`plan ${SIZES[i]}: ${f.errors} errors, ${f.non2xx} non-2xx`);
          figures[i].push(f);
          return f.p50;
        },
      ]),
    );
    await alternate(rounds, contenders, log);
    const p50 = figures.map((f) => median(f.map((x) => x.p50)));
    const rps = figures.map((f) => median(f.map((x) => x.requestsPerSecond)));
    const rows: ResultRow[] = setups.slice(1).map((setup, j) => {
      const i = j + 1;
      const ratio = ratioOf(p50[i], p50[0], false);
      return {
        bench: 'plan-size',
        figure: `submission p50 ms at 1 connection, plan of ${setup.events} vs ${setups[0].events} events`,
        unit: 'ms',
        ours: `${formatMs(p50[i])} ms (${format(rps[i])} req/s)`,
        oursMedian: p50[i],
        baseline: `${formatMs(p50[0])} ms (${format(rps[0])} req/s)`,
        baselineMedian: p50[0],
        ratio,
        target: i === setups.length - 1 ? 'p50 ≤ 1.5× the 265-event plan’s' : 'none',
        // ratioOf for latencies is baseline / ours: ≥ 1/1.5 means at most 1.5× slower.
        met: i === setups.length - 1 ? ratio >= 1 / 1.5 : null,
        samples: { ours: figures[i].map((x) => x.p50), small: figures[0].map((x) => x.p50) },
      };
    });
    return rows;
  } finally {
    for (const setup of setups) await setup.api.stop();
  }
};
