import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LONG,
  reportFigures,
  seedPlan,
  signIn,
  startApiProcess,
  TEST_TIMEOUT_MS,
  type ApiProcess,
} from './support';

const SECONDS = LONG ? 30 : 4;
/** A fixed number of writes (not a duration), so that every one of them is answered. */
const WRITES = LONG ? 20_000 : 1_500;

/**
 * The API as a process under load: 50 connections reading the dashboard answer every request
 * with a 2xx; 20 connections writing progress reports leave exactly one event per 2xx answer, at
 * the position each answer named, and none for anything else.
 */
describe('load: reads and writes through the API process', () => {
  let dataDir: string;
  let api: ApiProcess;
  let token: string;
  let seed: Awaited<ReturnType<typeof seedPlan>>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sg-fault-load-'));
    api = await startApiProcess(dataDir);
    token = await signIn(api.url);
    seed = await seedPlan(api.url, token, 20);
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, TEST_TIMEOUT_MS);

  it(
    `answers 50 connections of dashboard reads for ${SECONDS} s without an error`,
    async () => {
      const result = await autocannon({
        url: `${api.url}/api/plans/${seed.planId}/completion`,
        connections: 50,
        duration: SECONDS,
        headers: { authorization: `Bearer ${token}` },
      });
      reportFigures('load-reads', {
        connections: 50,
        seconds: SECONDS,
        requests: result.requests.total,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        p50: result.latency.p50,
        p99: result.latency.p99,
      });
      expect(result.requests.total).toBeGreaterThan(50);
      expect(result.errors).toBe(0);
      expect(result.non2xx).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    `stores one event per 2xx answer of ${WRITES} writes over 20 connections`,
    async () => {
      let n = 0;
      const answered: { status: number; position?: number; tag: string }[] = [];
      const result = await autocannon({
        url: api.url,
        connections: 20,
        amount: WRITES,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            setupRequest: (request, context: { tag?: string }) => {
              const i = n++;
              context.tag = `load-${i}`;
              return {
                ...request,
                path: `/api/tasks/${seed.taskIds[i % seed.taskIds.length]}/progress`,
                body: JSON.stringify({ completion: '0.5', effectiveDate: '2021-12-31', note: `load-${i}` }),
              };
            },
            onResponse: (status, body, context: { tag?: string }) => {
              let position: number | undefined;
              try {
                position = (JSON.parse(body) as { position?: number }).position;
              } catch {
                // not JSON: counted by its status alone
              }
              answered.push({ status, position, tag: context.tag ?? '' });
            },
          },
        ],
      });
      const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
      const stored = db
        .prepare<[], { position: number; tag: string }>(
          "SELECT position, json_extract(data, '$.note') AS tag FROM events WHERE type = 'TaskProgressRecorded' AND json_extract(data, '$.note') LIKE 'load-%'",
        )
        .all();
      db.close();
      const ok = answered.filter((a) => a.status >= 200 && a.status < 300);
      const storedByTag = new Map(stored.map((s) => [s.tag, s.position]));
      const okTags = new Set(ok.map((a) => a.tag));
      const mismatched = ok.filter((a) => storedByTag.get(a.tag) !== a.position);
      const storedWithoutOk = stored.filter((s) => !okTags.has(s.tag));
      reportFigures('load-writes', {
        connections: 20,
        writes: WRITES,
        answers: answered.length,
        ok: ok.length,
        other: answered.length - ok.length,
        errors: result.errors,
        stored: stored.length,
        mismatched: mismatched.length,
        storedWithout2xx: storedWithoutOk.length,
        p50: result.latency.p50,
        p99: result.latency.p99,
      });
      expect(answered.length).toBe(WRITES);
      expect(ok.length).toBe(WRITES);
      expect(result.errors).toBe(0);
      expect(mismatched).toEqual([]);
      expect(storedWithoutOk).toEqual([]);
      expect(stored.length).toBe(ok.length);
    },
    TEST_TIMEOUT_MS,
  );
});
