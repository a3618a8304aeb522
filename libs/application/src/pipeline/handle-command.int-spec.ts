import { taskDecider, taskStream, type TaskCommand } from '@sg/domain';
import { SqliteEventStore, uuidv7 } from '@sg/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';

/** Progress entered directly on a task with no approval chain and no 子项目. */
const DIRECT = { kind: 'direct', chainApplies: false, hasSubprojects: false } as const;

describe('command pipeline', () => {
  let dir: string;
  let store: SqliteEventStore;
  const taskId = 't-1';
  const stream = taskStream(taskId);
  const ctx = (extra: Partial<CommandContext> = {}): CommandContext => ({
    actor: 'u-zhang',
    correlationId: uuidv7(),
    now: new Date('2022-01-05T03:00:00.000Z'),
    ...extra,
  });
  const define: TaskCommand = {
    type: 'DefineTask',
    data: {
      taskId,
      planId: 'p',
      projectId: 'pr',
      title: '任务',
      ownerId: 'u-zhang',
      dueDate: '2023-12-31',
      period: { startYear: 2019, endYear: 2023 },
      owner: { userId: 'u-zhang', exists: true, active: true, grants: [] },
    },
  };
  const progress = (completion: string): TaskCommand => ({
    type: 'RecordTaskProgress',
    data: {
      entry: DIRECT,
      taskId,
      completion,
      effectiveDate: '2021-12-31',
      dates: { startYear: 2019, endYear: 2023, today: '2022-01-05', toleranceDays: 31 },
    },
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-pipe-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the actor, time, correlation and reason on every event', async () => {
    await handleCommand(
      store,
      stream,
      taskDecider,
      define,
      ctx({ reason: '任务书分解', causationId: 'c-0' }),
    );
    const [event] = await store.readStream(stream);
    expect(event.metadata).toEqual({
      actor: 'u-zhang',
      time: '2022-01-05T03:00:00.000Z',
      correlationId: expect.any(String),
      causationId: 'c-0',
      reason: '任务书分解',
    });
  });

  it('retries on a conflict and ends with every command applied once', async () => {
    await handleCommand(store, stream, taskDecider, define, ctx());
    // Eight writers on one stream: each round of conflicts has a winner, so ten retries suffice.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        handleCommand(store, stream, taskDecider, progress(`0.${i + 10}`), ctx()),
      ),
    );
    const events = await store.readStream(stream);
    expect(events).toHaveLength(9);
    expect(new Set(results.map((r) => r.revision)).size).toBe(8);
  });

  it('under an idempotency key, a command that was already written is answered, not repeated', async () => {
    await handleCommand(store, stream, taskDecider, define, ctx());
    const key = 'actor|POST|/tasks/t-1/progress|k1';
    const first = await handleCommand(
      store,
      stream,
      taskDecider,
      progress('0.5'),
      ctx({ idempotencyKey: key }),
    );
    await handleCommand(store, stream, taskDecider, progress('0.6'), ctx());
    // The answer was lost (a crash before the HTTP record was kept): the client retries.
    const retry = await handleCommand(
      store,
      stream,
      taskDecider,
      progress('0.5'),
      ctx({ idempotencyKey: key }),
    );
    expect(retry).toEqual(first);
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('refuses a change made against a stale revision without retrying', async () => {
    await handleCommand(store, stream, taskDecider, define, ctx());
    await handleCommand(store, stream, taskDecider, progress('0.2'), ctx());
    await expect(
      handleCommand(store, stream, taskDecider, progress('0.3'), ctx({ expectedRevision: 0 })),
    ).rejects.toMatchObject({ code: 'stale-revision', kind: 'precondition-failed' });
    expect(await store.readStream(stream)).toHaveLength(2);
  });
});
