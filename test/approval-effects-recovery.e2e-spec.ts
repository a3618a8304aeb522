import { CommandBus } from '@nestjs/cqrs';
import {
  EVENT_STORE,
  handleCommand,
  loadStanding,
  RecordAchievement,
  RecordTaskProgress,
} from '../libs/application/src';
import { submissionDecider, submissionStream } from '../libs/domain/src';
import type { EventStore } from '../libs/event-store/src';
import { stage, startApi, type ApiHarness, type Client } from './api-harness';

/** A final approval's facts are recorded once, whatever happened to the request that approved. */
describe('approval effects: recovered and never recorded twice', () => {
  let api: ApiHarness;
  let owner: { userId: string; client: Client };
  let leader: { userId: string; client: Client };
  let planId: string;
  let projectId: string;

  /** The owner reports on a task (complete, at the end of 2021, no evidence unless said): the submission's id. */
  const submit = async (fields: Record<string, unknown>, task: string) =>
    (
      await owner.client
        .post(`/api/tasks/${task}/submissions`)
        .send({ completion: '1', effectiveDate: '2021-12-31', evidenceIds: [], ...fields })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    api = await startApi();
    owner = await api.createUser('teacher.wang');
    ({ planId, projectId } = await api.createPlan({ name: '党建引领示范' }));
    leader = await api.createUser('leader.sun', [{ role: 'leadership', scope: '*' }]);
  });
  afterAll(() => api.close());

  it('records an approval’s facts even when the approving request died before doing so', async () => {
    await api.configureChain(
      planId,
      [stage('审定', 'any', { roles: ['leadership'] })],
      `project:${projectId}`,
    );
    const other = (
      await api.admin
        .post(`/api/plans/${planId}/tasks`)
        .send({ projectId, title: '课程思政示范课', ownerId: owner.userId, dueDate: '2021-12-31' })
        .expect(201)
    ).body.id as string;
    const id = await submit({ completion: '0.5', narrative: '完成一半' }, other);
    // The final approval reaches the log, but its request dies before recording the progress.
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    await handleCommand(
      store,
      submissionStream(id),
      submissionDecider,
      {
        type: 'Approve',
        data: {
          submissionId: id,
          reviewer: leader.userId,
          standing: await loadStanding(store, leader.userId),
          at: new Date().toISOString(),
        },
      },
      {
        actor: leader.userId,
        correlationId: 'crashed-request',
        now: new Date(),
      },
    );
    const deadline = Date.now() + 10_000;
    let task = (await api.admin.get(`/api/tasks/${other}`).expect(200)).body;
    while (task.completion !== '0.5' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      task = (await api.admin.get(`/api/tasks/${other}`).expect(200)).body;
    }
    expect(task.completion).toBe('0.5');
    const recorded = (await store.readStream(`task-${other}`)).filter(
      (e) => e.type === 'TaskProgressRecorded',
    );
    expect(recorded).toHaveLength(1);
  });
  it('finds the facts an approval recorded before the process manager existed, and records none twice', async () => {
    const levelId = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body.levels[0]
      .levelId as string;
    const third = (
      await api.admin
        .post(`/api/plans/${planId}/tasks`)
        .send({ projectId, title: '劳动教育示范课', ownerId: owner.userId, dueDate: '2021-12-31' })
        .expect(201)
    ).body.id as string;
    const achievement = {
      levelId,
      title: '劳动教育优秀案例',
      tier: 'regional' as const,
      attribution: '学生工作处',
      awardedOn: '2021-10-01',
    };
    const id = await submit(
      {
        completion: '0.8',
        effectiveDate: '2021-12-01',
        narrative: '八成完成',
        achievements: [achievement],
      },
      third,
    );
    const achievements = async () =>
      (await api.admin.get(`/api/plans/${planId}/achievements`).expect(200)).body.total as number;
    const before = await achievements();
    // What the approving request recorded with its commands before ADR 0021, under its step keys.
    const commands = api.app.get(CommandBus);
    const context = (step: string) => ({
      actor: leader.userId,
      correlationId: 'old-approval',
      now: new Date(),
      idempotencyKey: `approval:${id}:1#${step}`,
    });
    await commands.execute(
      new RecordAchievement(planId, { ...achievement, taskIds: [third] }, context('achievement:0')),
    );
    await commands.execute(
      new RecordTaskProgress(
        third,
        {
          completion: '0.8',
          effectiveDate: '2021-12-01',
          note: '八成完成',
          approval: { submissionId: id, version: 1 },
        },
        context('progress'),
      ),
    );
    await leader.client.post(`/api/submissions/${id}/approve`).send({}).expect(201);

    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const health = (await api.admin.get('/api/health').expect(200)).body as {
      projections: { name: string; lag: number; outbox?: { pending: number } }[];
    };
    expect(health.projections.find((p) => p.name === 'approval-effects')).toMatchObject({
      outbox: { pending: 0, oldestPendingAt: null },
    });
    expect(
      (await store.readStream(`task-${third}`)).filter((e) => e.type === 'TaskProgressRecorded'),
    ).toHaveLength(1);
    expect(await achievements()).toBe(before + 1);
    expect((await api.admin.get(`/api/tasks/${third}`).expect(200)).body.completion).toBe('0.8');
  });
});
