import { taskStream } from '@sg/domain';
import { SqliteEventStore } from '@sg/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskDefinition } from './load-state';

const meta = { actor: 'u-office', time: '2024-03-01T00:00:00.000Z', correlationId: 'c' };
const defined = {
  type: 'TaskDefined',
  data: { taskId: 't1', planId: 'p1', projectId: 'pr1', title: '思政课程建设', dueDate: '2023-12-31' },
  metadata: meta,
};

describe('a task definition read from its stream', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sg-opening-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is unknown until the task is defined, then known (an unknown task is asked again, not remembered)', async () => {
    expect(await taskDefinition(store, 't1')).toBeUndefined();
    await store.append(taskStream('t1'), [defined], 'no-stream');
    expect(await taskDefinition(store, 't1')).toMatchObject({ taskId: 't1', planId: 'p1', projectId: 'pr1' });
  });

  it('stays the first event once later events change the task', async () => {
    await store.append(taskStream('t1'), [defined], 'no-stream');
    expect((await taskDefinition(store, 't1'))?.title).toBe('思政课程建设');
    await store.append(
      taskStream('t1'),
      [{ type: 'TaskRetitled', data: { taskId: 't1', title: '新标题' }, metadata: meta }],
      0,
    );
    expect((await taskDefinition(store, 't1'))?.title).toBe('思政课程建设');
  });

  it('is no task definition when the stream opens with another event', async () => {
    await store.append(
      taskStream('t2'),
      [{ type: 'SomethingElse', data: { taskId: 't2' }, metadata: meta }],
      'no-stream',
    );
    expect(await taskDefinition(store, 't2')).toBeUndefined();
  });
});
