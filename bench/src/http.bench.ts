import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alternate, format, formatMs, median, ratioOf, type Bench, type ResultRow } from './harness';
import { load, type LoadFigures } from './http/load';
import { must, startBareProcess, startCrudProcess, type ServerProcess } from './http/processes';
import { startApiWorkload, submissionBody } from './http/workload';

type Key =
  | 'readsOurs'
  | 'readsBare'
  | 'readsMissOurs'
  | 'writes1Ours'
  | 'writes1Sqlite'
  | 'writes1Typeorm'
  | 'writes10Ours'
  | 'writes10Sqlite'
  | 'writes10Typeorm'
  | 'readsBefore'
  | 'writes1Before'
  | 'writes10Before';

/**
 * Reads: dashboard reads (GET /api/plans/:id/completion of a 400-task school) through the API
 * process against a bare NestJS process answering the same JSON; once as cache hits only, once
 * with a writer posting submissions on one connection meanwhile, so that the view cache keeps
 * missing (every committed write moves the checkpoint it is keyed by).
 *
 * Writes: submissions (POST /api/tasks/:id/submissions) through the API against two CRUD peers
 * doing the same request with the same DTO, the same bearer token, the same owner check and one
 * fsync'd transaction (http/crud-server.ts): better-sqlite3, and TypeORM over better-sqlite3. At
 * one connection (latency: p50 is the time of one request) and at ten (throughput: p50 there is
 * mostly time spent queueing behind the other nine). autocannon in this process, each server in
 * its own.
 *
 * BENCH_API_BEFORE_DIST=<dir> also starts that build of the API (an older commit's `dist/`) on
 * its own copy of the data and adds its reads and writes to the rounds: a before / after in the same run.
 */
export const httpBench: Bench = async ({ quick, scratch, cache, log }) => {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? (quick ? 5 : 10));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const workload = await startApiWorkload(scratch, cache, 1, log, 50);
  const { api, adminToken, ownerToken, ownerTasks } = workload;
  const planId = workload.planIds[0];
  const readPath = `/api/plans/${planId}/completion`;
  const cannedFile = join(scratch, `canned-${process.pid}.json`);
  const read = await must(api.url, 'GET', readPath, adminToken);
  const write = await must(
    api.url,
    'POST',
    `/api/tasks/${ownerTasks[0]}/submissions`,
    ownerToken,
    submissionBody(0),
  );
  writeFileSync(cannedFile, JSON.stringify({ read, write }));
  const seedFile = join(scratch, `crud-seed-${process.pid}.json`);
  writeFileSync(
    seedFile,
    JSON.stringify({ userId: workload.ownerId, token: ownerToken, taskIds: ownerTasks }),
  );
  const servers: ServerProcess[] = [];
  const beforeDist = process.env.BENCH_API_BEFORE_DIST;
  const before = beforeDist ? await startApiWorkload(scratch, cache, 1, log, 50, beforeDist) : undefined;
  if (before) servers.push(before.api);
  const bare = await startBareProcess(cannedFile);
  servers.push(bare);
  const sqlite = await startCrudProcess(
    'better-sqlite3',
    join(scratch, `crud-sqlite-${process.pid}.db`),
    seedFile,
  );
  servers.push(sqlite);
  const typeorm = await startCrudProcess(
    'typeorm',
    join(scratch, `crud-typeorm-${process.pid}.db`),
    seedFile,
  );
  servers.push(typeorm);
  log(
    `http: ${seconds} s per run, ${rounds} rounds; reads at 10 connections (JSON of ${JSON.stringify(read).length} bytes), writes at 1 and 10`,
  );

  try {
    const figures = {} as Record<Key, LoadFigures[]>;
    const pathsOf = (tasks: string[]) => tasks.map((id) => `/api/tasks/${id}/submissions`);
    const writePaths = pathsOf(ownerTasks);
    const run =
      (key: Key, url: string, method: 'GET' | 'POST', connections: number, target = workload) =>
      async () => {
        const f = await load({
          url,
          method,
          paths:
            method === 'GET' ? [`/api/plans/${target.planIds[0]}/completion`] : pathsOf(target.ownerTasks),
          token: method === 'GET' ? target.adminToken : target.ownerToken,
          body: method === 'POST' ? submissionBody : undefined,
          connections,
          seconds,
        });
        if (f.errors > 0 || f.non2xx > 0)
          throw new Error(`${key}: ${f.errors} errors, ${f.non2xx} non-2xx answers`);
        (figures[key] ??= []).push(f);
        return f.requestsPerSecond;
      };
    /** Reads while one connection keeps writing: the completion view is recomputed after each commit. */
    const readsWithWrites = async () => {
      const [reads, writes] = await Promise.all([
        load({ url: api.url, method: 'GET', paths: [readPath], token: adminToken, connections: 10, seconds }),
        load({
          url: api.url,
          method: 'POST',
          paths: writePaths,
          token: ownerToken,
          body: submissionBody,
          connections: 1,
          seconds,
        }),
      ]);
      if (reads.errors + reads.non2xx + writes.errors + writes.non2xx > 0)
        throw new Error('readsMissOurs: errors or non-2xx answers');
      log(`    (meanwhile ${writes.total} writes committed)`);
      (figures.readsMissOurs ??= []).push(reads);
      return reads.requestsPerSecond;
    };
    const contenders: Partial<Record<Key, () => Promise<number>>> = {
      readsOurs: run('readsOurs', api.url, 'GET', 10),
      readsBare: run('readsBare', bare.url, 'GET', 10),
      readsMissOurs: readsWithWrites,
      writes1Ours: run('writes1Ours', api.url, 'POST', 1),
      writes1Sqlite: run('writes1Sqlite', sqlite.url, 'POST', 1),
      writes1Typeorm: run('writes1Typeorm', typeorm.url, 'POST', 1),
      writes10Ours: run('writes10Ours', api.url, 'POST', 10),
      writes10Sqlite: run('writes10Sqlite', sqlite.url, 'POST', 10),
      writes10Typeorm: run('writes10Typeorm', typeorm.url, 'POST', 10),
      ...(before
        ? {
            readsBefore: run('readsBefore', before.api.url, 'GET', 10, before),
            writes1Before: run('writes1Before', before.api.url, 'POST', 1, before),
            writes10Before: run('writes10Before', before.api.url, 'POST', 10, before),
          }
        : {}),
    };
    await alternate(rounds, contenders as Record<Key, () => Promise<number>>, log);
    const m = (key: Key, pick: (f: LoadFigures) => number) => median(figures[key].map(pick));
    /** What each figure reads from a run, and whether more of it is better. */
    const metrics = {
      rps: { pick: (f: LoadFigures) => f.requestsPerSecond, higherIsBetter: true },
      p50: { pick: (f: LoadFigures) => f.p50, higherIsBetter: false },
      p99: { pick: (f: LoadFigures) => f.p99, higherIsBetter: false },
    };
    /** The API (`ours`) against `baseline` on one metric; no target unless one is given. */
    const row = (
      figure: string,
      ours: Key,
      baseline: Key,
      baselineName: string,
      metric: keyof typeof metrics,
      target = 'none',
      meets: ((ratio: number) => boolean) | null = null,
      note?: string,
    ): ResultRow => {
      const { pick, higherIsBetter } = metrics[metric];
      const o = m(ours, pick);
      const b = m(baseline, pick);
      const ratio = ratioOf(o, b, higherIsBetter);
      const shown = higherIsBetter ? format : formatMs;
      return {
        bench: 'http',
        figure,
        unit: higherIsBetter ? 'req/s' : 'ms',
        ours: `API ${shown(o)}`,
        oursMedian: o,
        baseline: `${baselineName} ${shown(b)}`,
        baselineMedian: b,
        ratio,
        target,
        met: meets ? meets(ratio) : null,
        ...(note ? { note } : {}),
        samples: { ours: figures[ours].map(pick), baseline: figures[baseline].map(pick) },
      };
    };
    const reads = 'dashboard reads (GET plan completion), 10 connections';
    const misses = 'dashboard reads with a writer meanwhile (view-cache misses), 10 connections';
    const w1 = 'submission writes, 1 connection';
    const w10 = 'submission writes, 10 connections';
    const beforeRows = before
      ? [
          row(`${reads}, req/s`, 'readsOurs', 'readsBefore', 'API before', 'rps'),
          row(`${w1}, p50 ms`, 'writes1Ours', 'writes1Before', 'API before', 'p50'),
          row(`${w10}, req/s`, 'writes10Ours', 'writes10Before', 'API before', 'rps'),
        ]
      : [];
    return [
      ...beforeRows,
      row(`${reads}, req/s`, 'readsOurs', 'readsBare', 'bare NestJS', 'rps', '≥ 0.5× bare', (r) => r >= 0.5),
      row(`${reads}, p99 ms`, 'readsOurs', 'readsBare', 'bare NestJS', 'p99'),
      row(`${misses}, req/s`, 'readsMissOurs', 'readsBare', 'bare NestJS (hits)', 'rps'),
      row(`${misses}, p99 ms`, 'readsMissOurs', 'readsOurs', 'API, hits only', 'p99'),
      row(
        `${w1}, p50 ms`,
        'writes1Ours',
        'writes1Sqlite',
        'CRUD better-sqlite3',
        'p50',
        'p50 ≤ 2× the CRUD peer’s',
        (r) => r >= 0.5,
      ),
      row(`${w1}, p50 ms`, 'writes1Ours', 'writes1Typeorm', 'CRUD TypeORM', 'p50'),
      row(`${w1}, req/s`, 'writes1Ours', 'writes1Sqlite', 'CRUD better-sqlite3', 'rps'),
      row(
        `${w10}, req/s`,
        'writes10Ours',
        'writes10Sqlite',
        'CRUD better-sqlite3',
        'rps',
        '≥ 0.5× the better-sqlite3 peer',
        (r) => r >= 0.5,
      ),
      row(`${w10}, req/s`, 'writes10Ours', 'writes10Typeorm', 'CRUD TypeORM', 'rps'),
      row(
        `${w10}, p50 ms`,
        'writes10Ours',
        'writes10Sqlite',
        'CRUD better-sqlite3',
        'p50',
        'none',
        null,
        'at 10 connections p50 is mostly queueing; the latency figure is the 1-connection one',
      ),
    ];
  } finally {
    for (const server of servers) await server.stop();
    await api.stop();
  }
};
