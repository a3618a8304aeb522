import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alternate, format, median, ratioOf, type Bench, type ResultRow } from './harness';
import { load, type LoadFigures } from './http/load';
import { must, startBareProcess } from './http/processes';
import { startApiWorkload, submissionBody } from './http/workload';

/**
 * Dashboard reads (GET /api/plans/:id/completion of a 400-task school) and submission writes
 * through the API process, against a bare NestJS process answering the same JSON on the same
 * routes; autocannon in this process, each server in its own.
 */
export const httpBench: Bench = async ({ quick, scratch, cache, log }) => {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? (quick ? 5 : 10));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const connections = 10;
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
  const bare = await startBareProcess(cannedFile);
  log(
    `http: ${connections} connections, ${seconds} s per run, ${rounds} rounds; JSON of ${JSON.stringify(read).length} bytes`,
  );

  try {
    const figures: Record<string, LoadFigures[]> = {
      readsOurs: [],
      readsBare: [],
      writesOurs: [],
      writesBare: [],
    };
    const run =
      (key: string, url: string, method: 'GET' | 'POST', paths: string[], token: string) => async () => {
        const f = await load({
          url,
          method,
          paths,
          token,
          body: method === 'POST' ? submissionBody : undefined,
          connections,
          seconds,
        });
        if (f.errors > 0 || f.non2xx > 0)
          throw new Error(`${key}: ${f.errors} errors, ${f.non2xx} non-2xx answers`);
        figures[key].push(f);
        return f.requestsPerSecond;
      };
    const writePaths = ownerTasks.map((id) => `/api/tasks/${id}/submissions`);
    await alternate(
      rounds,
      {
        readsOurs: run('readsOurs', api.url, 'GET', [readPath], adminToken),
        readsBare: run('readsBare', bare.url, 'GET', [readPath], adminToken),
        writesOurs: run('writesOurs', api.url, 'POST', writePaths, ownerToken),
        writesBare: run('writesBare', bare.url, 'POST', writePaths, ownerToken),
      },
      log,
    );
    const m = (key: string, pick: (f: LoadFigures) => number) => median(figures[key].map(pick));
    const rows: ResultRow[] = [];
    for (const kind of ['reads', 'writes'] as const) {
      const ours = `${kind}Ours`;
      const bareKey = `${kind}Bare`;
      const rps = ratioOf(
        m(ours, (f) => f.requestsPerSecond),
        m(bareKey, (f) => f.requestsPerSecond),
        true,
      );
      const what =
        kind === 'reads' ? 'dashboard reads (GET plan completion)' : 'submission writes (POST submissions)';
      rows.push({
        bench: 'http',
        figure: `${what}, req/s`,
        unit: 'req/s',
        ours: `API ${format(m(ours, (f) => f.requestsPerSecond))}`,
        oursMedian: m(ours, (f) => f.requestsPerSecond),
        baseline: `bare NestJS ${format(m(bareKey, (f) => f.requestsPerSecond))}`,
        baselineMedian: m(bareKey, (f) => f.requestsPerSecond),
        ratio: rps,
        target: kind === 'reads' ? '≥ 0.5× bare' : 'none',
        met: kind === 'reads' ? rps >= 0.5 : null,
        samples: {
          ours: figures[ours].map((f) => f.requestsPerSecond),
          bare: figures[bareKey].map((f) => f.requestsPerSecond),
        },
      });
      for (const q of ['p50', 'p99'] as const) {
        rows.push({
          bench: 'http',
          figure: `${what}, ${q} latency ms`,
          unit: 'ms',
          ours: `API ${format(m(ours, (f) => f[q]))}`,
          oursMedian: m(ours, (f) => f[q]),
          baseline: `bare NestJS ${format(m(bareKey, (f) => f[q]))}`,
          baselineMedian: m(bareKey, (f) => f[q]),
          ratio: ratioOf(
            m(ours, (f) => f[q]),
            m(bareKey, (f) => f[q]),
            false,
          ),
          target: 'none',
          met: null,
        });
      }
    }
    return rows;
  } finally {
    await bare.stop();
    await api.stop();
  }
};
