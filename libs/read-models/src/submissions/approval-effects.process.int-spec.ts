import type { Message } from '@sg/domain';
import { SqliteEventStore } from '@sg/event-store';
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROCESS_MANAGER_OPTIONS, ProcessManagerHost } from '../framework/process-manager';
import { ProjectionRunner } from '../framework/projection-runner';
import { openReadModelDatabase } from '../framework/read-model-database';
import { approvalEffectsManager } from './approval-effects.process';

const content = {
  completion: '0.6',
  effectiveDate: '2021-06-30',
  narrative: '完成六成',
  achievements: [
    {
      levelId: 'school',
      title: '省级教学成果奖',
      tier: 'regional',
      attribution: '教务处',
      awardedOn: '2021-05-01',
    },
  ],
};

describe('approval effects process manager', () => {
  let dir: string;
  let store: SqliteEventStore;
  const runners: ProjectionRunner[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-ae-'));
    store = new SqliteEventStore({
      file: join(dir, 'events.sqlite'),
      pollIntervalMs: 10,
      synchronous: 'NORMAL',
    });
    await append('plan-p1', {
      type: 'PlanCreated',
      data: { planId: 'p1', name: '双高建设方案', school: '某职业技术学院', startYear: 2019, endYear: 2023 },
    });
    await append('plan-p1', {
      type: 'LevelAdded',
      data: { planId: 'p1', levelId: 'school', name: '学校层面', kind: 'school', weight: '0.3' },
    });
    await append('task-t1', {
      type: 'TaskDefined',
      data: {
        taskId: 't1',
        planId: 'p1',
        projectId: 'pr1',
        title: '课程建设',
        ownerId: 'o',
        dueDate: '2021-12-31',
      },
    });
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function append(stream: string, event: Message, time = new Date().toISOString()) {
    return store.append(
      stream,
      [{ type: event.type, data: event.data, metadata: { actor: 'leader', time, correlationId: 'c' } }],
      'any',
    );
  }

  /** A runner with the manager on a read-model file of its own, as each API process has. */
  function host(name: string): { runner: ProjectionRunner; db: Database.Database } {
    const db = openReadModelDatabase(join(dir, `${name}.sqlite`));
    const pm = new ProcessManagerHost(store, db, approvalEffectsManager({ toleranceDays: 0 }), {
      ...DEFAULT_PROCESS_MANAGER_OPTIONS,
      horizonMs: Number.POSITIVE_INFINITY,
    });
    const runner = new ProjectionRunner(store, db, [pm.projection]);
    runners.push(runner);
    runner.start();
    return { runner, db };
  }

  const approve = (effectiveDate = content.effectiveDate) =>
    append(
      'submission-s1',
      {
        type: 'SubmissionApproved',
        data: { submissionId: 's1', version: 1, taskId: 't1', content: { ...content, effectiveDate } },
      },
      '2021-07-01T08:00:00.000Z',
    );
  const ofType = async (type: string) => (await store.readAll()).filter((e) => e.type === type);

  it('records the facts once although two processes run it, before waitFor answers', async () => {
    const a = host('a');
    const b = host('b');
    const { position } = await approve();
    expect(await a.runner.waitFor(position, 10_000)).toBe(true);
    // The answer to the approving request: its facts are in the log and applied.
    expect(await ofType('TaskProgressRecorded')).toHaveLength(1);
    expect(await b.runner.waitFor(position, 10_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [progress] = await ofType('TaskProgressRecorded');
    expect(progress).toMatchObject({
      stream: 'task-t1',
      data: { taskId: 't1', completion: '0.6', effectiveDate: '2021-06-30', note: '完成六成' },
      metadata: { actor: 'leader', time: '2021-07-01T08:00:00.000Z' },
    });
    expect(await ofType('TaskProgressRecorded')).toHaveLength(1);
    expect(await ofType('AchievementRecorded')).toHaveLength(1);
    expect(a.runner.status()[0]).toMatchObject({ name: 'approval-effects', outbox: { pending: 0 } });
  });

  it('records nothing the rules refuse, and keeps the refusal', async () => {
    const a = host('a');
    const { position } = await approve('2024-01-01');
    expect(await a.runner.waitFor(position, 10_000)).toBe(true);
    expect(await ofType('TaskProgressRecorded')).toEqual([]);
    expect(await ofType('AchievementRecorded')).toEqual([]);
    expect(a.db.prepare('SELECT submission_id, version, code FROM ae_refused').all()).toEqual([
      { submission_id: 's1', version: 1, code: 'date-after-plan' },
    ]);
    expect(a.runner.status()[0].outbox).toEqual({ pending: 0, oldestPendingAt: null, refused: 1 });
  });
});
