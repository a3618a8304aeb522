import { submissionStream, type SubmissionEvent } from '@sg/domain';
import { SqliteEventStore, type EventStore } from '@sg/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowNoticesManager } from '../notifications/workflow-notices.process';
import { DEFAULT_PROCESS_MANAGER_OPTIONS, ProcessManagerHost } from './process-manager';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';

const submitted = (version: number): SubmissionEvent => ({
  type: 'Submitted',
  data: {
    submissionId: 's1',
    taskId: 't1',
    planId: 'p1',
    version,
    submitter: 'owner',
    content: { completion: '0.5', effectiveDate: '2026-11-01', narrative: '进展' },
    evidence: [],
    stages: [{ name: '项目负责人审核', rule: { kind: 'any' }, reviewers: ['lead'] }],
  },
});
const rejected: SubmissionEvent = {
  type: 'SubmissionRejected',
  data: { submissionId: 's1', version: 1, stage: 0, reviewer: 'lead', reason: '材料不全' },
};

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('process manager host', () => {
  let dir: string;
  let store: SqliteEventStore;
  const runners: ProjectionRunner[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-pm-'));
    store = new SqliteEventStore({
      file: join(dir, 'events.sqlite'),
      pollIntervalMs: 10,
      synchronous: 'NORMAL',
    });
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A runner with the workflow notices manager on a read-model file of its own, as each API process has. */
  function host(name: string, eventStore: EventStore = store, options = DEFAULT_PROCESS_MANAGER_OPTIONS) {
    const db = openReadModelDatabase(join(dir, `${name}.sqlite`));
    const pm = new ProcessManagerHost(eventStore, db, workflowNoticesManager, options);
    const runner = new ProjectionRunner(eventStore, db, [pm.projection]);
    runners.push(runner);
    runner.start();
    return { runner, status: () => runner.status()[0] };
  }

  const append = (event: SubmissionEvent, time = new Date().toISOString(), expected: 'no-stream' | number) =>
    store.append(
      submissionStream('s1'),
      [{ type: event.type, data: event.data, metadata: { actor: 'u', time, correlationId: 'c' } }],
      expected,
    );
  const notices = async () => (await store.readAll()).filter((e) => e.type === 'WorkflowNoticeSent');

  it('appends each notice once although two processes run the manager over the same log', async () => {
    const a = host('a');
    const b = host('b');
    await append(submitted(1), undefined, 'no-stream');
    await append(rejected, undefined, 0);
    await append(submitted(2), undefined, 1);
    await until('three notices', async () => (await notices()).length >= 3);
    await until('both outboxes empty', () => [a, b].every((h) => h.status().outbox?.pending === 0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await notices()).map((e) => (e.data as { key: string }).key)).toEqual([
      'review-requested:s1:v1:s1:r0',
      'submission-returned:s1:v1:s1:r1',
      'review-requested:s1:v2:s1:r2',
    ]);
    // Caused by the submission event, and dated by it.
    const [first] = await notices();
    const [cause] = await store.readStream(submissionStream('s1'), { maxCount: 1 });
    expect(first.metadata).toMatchObject({ causationId: cause.id, time: cause.metadata.time });
  });

  it('announces nothing from events older than its horizon (a rebuild does not repeat last year)', async () => {
    await append(submitted(1), '2025-01-01T00:00:00.000Z', 'no-stream');
    const a = host('a');
    await until('caught up', async () => a.status().position >= (await store.headPosition()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await notices()).toEqual([]);
  });

  it('retries a failed append with back-off, shows it pending with its error meanwhile, and appends it once', async () => {
    let failures = 2;
    // The real store, whose first two appends of a notice fail as a full disk would.
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.append = (stream, events, expected) => {
      if (stream.startsWith('notice-') && failures > 0) {
        failures--;
        return Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
      }
      return store.append(stream, events, expected);
    };
    const a = host('a', flaky, { ...DEFAULT_PROCESS_MANAGER_OPTIONS, backoffMs: 300 });
    await append(submitted(1), undefined, 'no-stream');
    await until('the first failure', () => a.status().outbox?.lastError !== undefined);
    expect(a.status().outbox).toMatchObject({
      pending: 1,
      lastError: 'SQLITE_FULL: database or disk is full',
    });
    expect(await notices()).toEqual([]);
    await until('the retried append', async () => (await notices()).length === 1);
    expect(failures).toBe(0);
    await until('an empty outbox', () => a.status().outbox?.pending === 0);
    expect(a.status().outbox).toEqual({ pending: 0, oldestPendingAt: null });
  });

  it('answers waitFor without a manager no answer waits for, whose intents join the next commit of other appends', async () => {
    const a = host('a', store, { ...DEFAULT_PROCESS_MANAGER_OPTIONS, answerWaits: false, lingerMs: 1500 });
    const first = await append(submitted(1), undefined, 'no-stream');
    expect(await a.runner.waitFor(first.position, 10_000)).toBe(true);
    expect(await notices()).toEqual([]);
    expect(a.status().outbox).toMatchObject({ pending: 1 });
    // The next append's commit carries the first notice: no commit of its own.
    const second = await append(rejected, undefined, 0);
    const started = Date.now();
    await until('the first notice', async () => (await notices()).length === 1);
    expect((await notices())[0].position).toBe(second.position + 1);
    // With no other append to join, the second notice follows once the linger has passed.
    await until('the second notice', async () => (await notices()).length === 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await until('an empty outbox', () => a.status().outbox?.pending === 0);
  });

  it('answers waitFor once the reactions to the position are appended; a failing append holds no answer', async () => {
    let failing = false;
    const flaky: EventStore = Object.create(store) as EventStore;
    flaky.append = (stream, events, expected) =>
      failing && stream.startsWith('notice-')
        ? Promise.reject(new Error('SQLITE_FULL: database or disk is full'))
        : store.append(stream, events, expected);
    const a = host('a', flaky, { ...DEFAULT_PROCESS_MANAGER_OPTIONS, backoffMs: 60_000 });
    const first = await append(submitted(1), undefined, 'no-stream');
    expect(await a.runner.waitFor(first.position, 10_000)).toBe(true);
    expect(await notices()).toHaveLength(1);
    expect(a.status().position).toBeGreaterThan(first.position);

    failing = true;
    const second = await append(rejected, undefined, 0);
    const started = Date.now();
    expect(await a.runner.waitFor(second.position, 10_000)).toBe(true);
    await until('the failure', () => a.status().outbox?.lastError !== undefined);
    expect(await a.runner.waitFor(second.position, 10_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(a.status().outbox).toMatchObject({ pending: 1 });
  });
});
