import { startApi, type ApiHarness, type Client } from './api-harness';
import { expectRefused, indicatorBody, recordProgress } from './request-helpers';

describe('achievements and early warnings', () => {
  let api: ApiHarness;
  let owner: Client;
  let planId: string;
  let levelId: string;
  let withMilestones: string;
  let withoutMilestones: string;
  let auditor: Client;
  let projectId: string;
  let ownerId: string;

  beforeAll(async () => {
    // Writes held back a whole second (the most allowed): every read and access check below sees
    // what came before it because it catches the read models up, not by timing (ADR 0049).
    api = await startApi({ READ_MODEL_LINGER_MS: '1000' });
    const created = await api.createUser('li.laoshi');
    owner = created.client;
    auditor = (await api.createUser('ping.gu', [{ role: 'auditor', scope: '*' }])).client;
    ownerId = created.userId;
    ({ planId, levelId, projectId } = await api.createPlan({ code: '10', name: '推动国际化交流合作' }));
    const task = (title: string, extra: Record<string, unknown> = {}) =>
      api.defineTask({ planId, projectId }, ownerId, { title, ...extra });
    withMilestones = await task('与蒙古国高校开展学生交流', {
      milestones: [
        { year: 2020, completion: '0.5' },
        { year: 2021, completion: '1' },
      ],
    });
    withoutMilestones = await task('引进国际职业培训标准');
    await recordProgress(owner, withMilestones, '0.6', '2021-12-31');
    await recordProgress(owner, withoutMilestones, '0.5', '2021-12-31');
  });
  afterAll(() => api.close());

  it('counts an achievement once however many tasks it is linked to, from the day it was won', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await api.admin
      .post(`/api/plans/${planId}/achievements`)
      .send({
        levelId,
        title: '全国职业院校中华文明礼仪展演二等奖',
        tier: 'national',
        attribution: '国际交流处',
        awardedOn: '2021-11-03',
        taskIds: [withMilestones, withoutMilestones, withMilestones],
      })
      .expect(201);
    const now = (await api.admin.get(`/api/plans/${planId}/achievements`).expect(200)).body;
    expect(now).toMatchObject({
      total: 1,
      national: 1,
      levels: [{ levelId, national: 1, regional: 0, total: 1 }],
    });
    expect(now.levels[0].achievements[0].taskIds).toHaveLength(2);
    const beforeWon = (
      await api.admin.get(`/api/plans/${planId}/achievements`).query({ cutoff: '2021-11-02' })
    ).body;
    expect(beforeWon.total).toBe(0);
    const beforeEntered = (
      await api.admin
        .get(`/api/plans/${planId}/achievements`)
        .query({ cutoff: '2021-12-31', knownAt: before })
    ).body;
    expect(beforeEntered.total).toBe(0);
    for (const taskId of [withMilestones, withoutMilestones]) {
      const trail = (
        await auditor
          .get('/api/audit')
          .query({ entity: `task:${taskId}` })
          .expect(200)
      ).body.items;
      expect(trail.map((e: { type: string }) => e.type)).toContain('AchievementRecorded');
    }
    await api.admin
      .post(`/api/plans/${planId}/achievements`)
      .send({
        levelId,
        title: '成果',
        tier: 'national',
        attribution: '某处',
        awardedOn: '2021-11-03',
        taskIds: ['not-a-task'],
      })
      .expect(404);
    expect(res.body.id).toBeDefined();
  });

  it('warns of tasks and projects behind what was due (a milestone or the due date), worst first; a task not yet due is not behind', async () => {
    const body = (
      await api.admin.get(`/api/plans/${planId}/warnings`).query({ cutoff: '2021-12-31' }).expect(200)
    ).body;
    expect(
      body.warnings.map(
        (w: { scope: string; title?: string; grade: string; basis: string; display: { gap: string } }) => [
          w.scope,
          w.title ?? '',
          w.grade,
          w.basis,
          w.display.gap,
        ],
      ),
    ).toEqual([
      // The project is measured over its one task owed anything by 2021: 1 owed, 0.6 done.
      ['project', '', '严重', '里程碑', '40%'],
      ['task', '与蒙古国高校开展学生交流', '严重', '里程碑', '40%'],
      // 引进国际职业培训标准 (due 2023-12-31, no milestone, 50 % done) owes nothing yet.
    ]);
    expect(body.counts).toEqual({ 严重: 2, 中度: 0, 轻度: 0 });
    // Once its due date has passed it is owed in full.
    const later = (
      await api.admin.get(`/api/plans/${planId}/warnings`).query({ cutoff: '2023-12-31' }).expect(200)
    ).body;
    expect(later.warnings.find((w: { title?: string }) => w.title === '引进国际职业培训标准')).toMatchObject({
      grade: '严重',
      basis: '时间进度',
      display: { gap: '50%' },
    });
  });

  it('takes the grades at configurable gaps, and refuses gaps out of order', async () => {
    const strict = (
      await api.admin
        .get(`/api/plans/${planId}/warnings`)
        .query({ cutoff: '2021-12-31', mild: '0.05', moderate: '0.1', severe: '0.2' })
        .expect(200)
    ).body;
    expect(strict.warnings.map((w: { grade: string }) => w.grade)).toEqual(['严重', '严重']);
    await expectRefused(
      api.admin.get(`/api/plans/${planId}/warnings`).query({ mild: '0.3', moderate: '0.2' }),
      422,
      'invalid-thresholds',
    );
  });

  it('takes funds only from the sources the plan uses', async () => {
    const record = (source: string) =>
      api.admin.post(`/api/plans/${planId}/funds`).send({
        levelId,
        source,
        year: 2021,
        budget: '100',
        arrived: '100',
        spent: '80',
        effectiveDate: '2021-12-31',
      });
    await record('举办方').expect(201);
    await api.admin
      .post(`/api/plans/${planId}/fund-sources`)
      .send({ sources: ['中央财政', '地方财政', '学校自筹'] })
      .expect(201);
    const refused = await record('举办方').expect(422);
    expect(refused.body).toMatchObject({
      code: 'invalid-fund-source',
      detail: '资金来源应为：中央财政、地方财政、学校自筹',
    });
    await record('学校自筹').expect(201);
    await expectRefused(
      api.admin.post(`/api/plans/${planId}/funds`).send({
        levelId,
        source: '学校自筹',
        year: 2021,
        budget: '100',
        arrived: '50',
        spent: '80',
        effectiveDate: '2021-12-31',
      }),
      422,
      'spent-exceeds-arrived',
    );
  });

  it('scores a satisfaction indicator from the survey it is fed by', async () => {
    const row = { code: '满意度', name: '满意度' };
    const atLeast90 = { kind: 'numeric', comparator: '>=', value: '90', unit: '%' };
    await api.defineIndicator(
      { planId, levelId },
      {
        ...indicatorBody('satisfaction', row, 'S.1', '在校生满意度', '2', atLeast90, 'threshold'),
        feed: { survey: '在校生' },
      },
    );
    const survey = (satisfaction: string, effectiveDate: string) =>
      api.admin
        .post(`/api/plans/${planId}/surveys`)
        .send({ levelId, respondents: '在校生', sampleSize: 1200, satisfaction, effectiveDate })
        .expect(201);
    await survey('88.5', '2020-12-31');
    await survey('91.82', '2021-12-31');
    const indicator = async (cutoff: string) => {
      const body = (await api.admin.get(`/api/plans/${planId}/scores`).query({ cutoff }).expect(200)).body;
      return body.levels[0].categories
        .flatMap((c: { subcategories: { rows: { indicators: unknown[] }[] }[] }) => c.subcategories)
        .flatMap((s: { rows: { indicators: unknown[] }[] }) => s.rows)
        .flatMap((r: { indicators: unknown[] }) => r.indicators)
        .find((i: { code: string }) => i.code === 'S.1');
    };
    expect(await indicator('2021-12-31')).toMatchObject({
      actual: { kind: 'numeric', value: '91.82' },
      survey: { respondents: '在校生', sampleSize: 1200 },
      assessment: { score: '2', met: true },
    });
    expect(await indicator('2021-06-30')).toMatchObject({
      actual: { value: '88.5' },
      assessment: { score: '0' },
    });
    expect((await indicator('2020-06-30')).actual).toBeNull();
    await api.admin
      .post(`/api/plans/${planId}/surveys`)
      .send({ levelId, respondents: '校友', sampleSize: 10, satisfaction: '90', effectiveDate: '2021-12-31' })
      .expect(400);
  });

  it('rolls 子项目 up into their task, which then counts once', async () => {
    const define = (title: string, parentTaskId?: string) =>
      api.admin.post(`/api/plans/${planId}/tasks`).send({
        projectId,
        title,
        ownerId,
        dueDate: '2023-12-31',
        ...(parentTaskId ? { parentTaskId } : {}),
      });
    const parent = (await define('建设海外分校').expect(201)).body.id;
    const first = (await define('完成选址', parent).expect(201)).body.id;
    const second = (await define('完成办学许可', parent).expect(201)).body.id;
    await recordProgress(owner, first, '1.2', '2021-12-31');
    await recordProgress(owner, second, '0.5', '2021-12-31');
    await expectRefused(
      owner.post(`/api/tasks/${parent}/progress`).send({ completion: '0.1', effectiveDate: '2021-12-31' }),
      409,
      'task-has-subprojects',
    );
    await expectRefused(define('再分一层', first), 422, 'invalid-parent-task');

    const completion = (
      await api.admin.get(`/api/plans/${planId}/completion`).query({ cutoff: '2021-12-31' }).expect(200)
    ).body;
    expect((await api.admin.get(`/api/tasks/${parent}`).expect(200)).body).toMatchObject({
      completion: '0.75',
    });
    // Three top-level tasks: 0.6 + 0.5 + (1 + 0.5) / 2.
    expect(completion.levels[0].projects[0]).toMatchObject({ total: 3, completed: '1.85' });
  });
});
