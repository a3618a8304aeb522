import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import {
  call,
  dumpReadModels,
  integrityCheck,
  LONG,
  TEST_TIMEOUT_MS,
  reportFigures,
  ROOT,
  seedPlan,
  signIn,
  startApiProcess,
  type ApiProcess,
} from './support';

const ROUNDS = LONG ? 20 : 5;
const WRITERS = 8;
const TASKS = 8;

interface Request {
  tag: string;
  taskId: string;
  acknowledged: boolean;
  /** Log position the 2xx answer named. */
  position?: number;
}

/**
 * SIGKILL of the API during a storm of progress reports, round after round. Every request
 * carries an Idempotency-Key and its own tag (in the report's note); requests without an answer
 * are retried with the same key after the last restart, as a client would. Then: every
 * acknowledged report is in the log at the position its answer named, none twice, SQLite's
 * integrity check passes, positions and revisions are gapless, the hash chain holds, and the
 * read models equal a rebuild from zero.
 */
describe('crash: SIGKILL of the API during a write storm', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sg-fault-crash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function progressRows(): Map<string, { position: number; count: number }> {
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const found = new Map<string, { position: number; count: number }>();
      for (const row of db
        .prepare<[], { position: number; note: string | null }>(
          "SELECT position, json_extract(data, '$.note') AS note FROM events WHERE type = 'TaskProgressRecorded'",
        )
        .iterate()) {
        if (!row.note) continue;
        const seen = found.get(row.note);
        found.set(row.note, { position: seen?.position ?? row.position, count: (seen?.count ?? 0) + 1 });
      }
      return found;
    } finally {
      db.close();
    }
  }

  function send(api: ApiProcess, token: string, request: Request): Promise<void> {
    return call(api.url, 'POST', `/api/tasks/${request.taskId}/progress`, {
      token,
      headers: { 'Idempotency-Key': request.tag },
      body: { completion: '0.5', effectiveDate: '2021-12-31', note: request.tag },
    }).then(
      (answer) => {
        if (answer.status >= 500)
          throw new Error(`${request.tag}: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (answer.status < 300) {
          request.acknowledged = true;
          request.position = answer.body.position as number;
        }
      },
      () => undefined, // the connection died with the process: not acknowledged
    );
  }

  it(
    `loses no acknowledged command over ${ROUNDS} rounds`,
    async () => {
      let api = await startApiProcess(dataDir);
      let token = await signIn(api.url);
      const { taskIds } = await seedPlan(api.url, token, TASKS);
      const requests: Request[] = [];
      const statuses: Record<string, number> = {};
      let missingAfterRestart = 0;

      for (let round = 1; round <= ROUNDS; round++) {
        if (round > 1) {
          api = await startApiProcess(dataDir);
          token = await signIn(api.url);
          // Whatever was acknowledged before the kill must be there after it.
          const present = progressRows();
          missingAfterRestart += requests.filter((r) => r.acknowledged && !present.has(r.tag)).length;
        }
        let stopped = false;
        let next = 0;
        const writers = Array.from({ length: WRITERS }, async () => {
          while (!stopped) {
            const n = next++;
            const request: Request = {
              tag: `r${round}-n${n}`,
              taskId: taskIds[n % TASKS],
              acknowledged: false,
            };
            requests.push(request);
            await send(api, token, request);
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900));
        await api.kill();
        stopped = true;
        await Promise.all(writers);
      }

      // The client's retries: the same key for every request that got no answer.
      api = await startApiProcess(dataDir);
      token = await signIn(api.url);
      const unanswered = requests.filter((r) => !r.acknowledged);
      const acknowledgedBeforeRetry = requests.length - unanswered.length;
      for (const request of unanswered) await send(api, token, request);
      for (const request of requests)
        statuses[request.acknowledged ? '2xx' : 'other'] =
          (statuses[request.acknowledged ? '2xx' : 'other'] ?? 0) + 1;
      await api.stop();

      const present = progressRows();
      const lost = requests.filter((r) => r.acknowledged && !present.has(r.tag));
      const misplaced = requests.filter((r) => r.acknowledged && present.get(r.tag)?.position !== r.position);
      const duplicates = [...present.values()].filter((p) => p.count > 1).length;

      const integrity = Object.fromEntries(
        ['events', 'read-models', 'idempotency', 'auth'].map((name) => [
          name,
          integrityCheck(join(dataDir, `${name}.sqlite`)),
        ]),
      );
      const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
      const { n, max } = db
        .prepare<[], { n: number; max: number }>('SELECT count(*) AS n, max(position) AS max FROM events')
        .get()!;
      const revisionGaps = db
        .prepare<[], { stream: string }>(
          'SELECT stream FROM events GROUP BY stream HAVING count(*) <> max(revision) + 1 OR min(revision) <> 0',
        )
        .all().length;
      db.close();
      const store = new SqliteEventStore({ file: join(dataDir, 'events.sqlite') });
      const chain = await store.verifyChain();
      await store.close();

      const live = dumpReadModels(join(dataDir, 'read-models.sqlite'));
      execFileSync(process.execPath, [join(ROOT, 'dist/apps/api/src/cli.js'), 'rebuild-projections'], {
        env: { ...process.env, DATA_DIR: dataDir },
        timeout: 120_000,
      });
      const rebuilt = dumpReadModels(join(dataDir, 'read-models.sqlite'));
      const differing = Object.keys({ ...live, ...rebuilt }).filter(
        (table) => JSON.stringify(live[table]) !== JSON.stringify(rebuilt[table]),
      );

      reportFigures('crash', {
        rounds: ROUNDS,
        requests: requests.length,
        acknowledgedDuringStorm: acknowledgedBeforeRetry,
        retriedAfterCrash: unanswered.length,
        acknowledged: requests.filter((r) => r.acknowledged).length,
        lost: lost.length,
        missingAfterRestart,
        misplaced: misplaced.length,
        duplicates,
        events: n,
        integrity,
        revisionGaps,
        chainOk: chain.ok,
        readModelsDifferingFromRebuild: differing,
      });

      expect(acknowledgedBeforeRetry).toBeGreaterThan(ROUNDS * 5);
      expect(requests.every((r) => r.acknowledged)).toBe(true);
      expect(lost).toEqual([]);
      expect(missingAfterRestart).toBe(0);
      expect(misplaced).toEqual([]);
      expect(duplicates).toBe(0);
      expect(present.size).toBe(requests.length);
      expect(Object.values(integrity).every((v) => v === 'ok')).toBe(true);
      expect(max).toBe(n);
      expect(revisionGaps).toBe(0);
      expect(chain.ok).toBe(true);
      expect(differing).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
