import { binary, startApi, USER_PASSWORD, type ApiHarness, type Client } from './api-harness';
import { createExpert as createReviewExpert, defineCourseIndicator } from './fixtures/expert-review';

describe('专家评审: an outside expert sees only the review material, scores it, and loses access when it ends', () => {
  jest.setTimeout(120_000);
  let api: ApiHarness;
  let office: Client;
  let planId: string;
  let taskId: string;
  let indicatorId: string;

  beforeAll(async () => {
    api = await startApi();
    const plan = await api.createPlan();
    planId = plan.planId;
    ({ client: office } = await api.createUser('office-e', [{ role: 'office', scope: `plan:${planId}` }]));
    const { userId: teacherId } = await api.createUser('teacher-e');
    taskId = await api.defineTask(plan, teacherId);
    indicatorId = await defineCourseIndicator(api, plan, office);
  });
  afterAll(() => api.close());

  const createExpert = (username: string) => createReviewExpert(api, planId, username);

  it('lets an invited expert read the report, the scores and the evidence package, and nothing else', async () => {
    const expertId = await createExpert('expert-wang');
    // Not invited yet: the account cannot sign in at all.
    const early = await api.anonymous
      .post('/api/auth/login')
      .send({ username: 'expert-wang', password: USER_PASSWORD })
      .expect(403);
    expect(early.body.code).toBe('expert-access-expired');

    const accessUntil = new Date(Date.now() + 10_000).toISOString();
    const reviewId = (
      await office
        .post(`/api/plans/${planId}/expert-reviews`)
        .send({ title: '2021 年度专家评审', periodFrom: '2021-01-01', periodTo: '2021-12-31', accessUntil })
        .expect(201)
    ).body.id as string;
    await office.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId }).expect(201);
    await api.settled();
    const expert = await api.signIn('expert-wang');

    expect((await expert.get('/api/me/expert-reviews').expect(200)).body.items).toEqual([
      expect.objectContaining({ reviewId, planId, active: true }),
    ]);
    await expert.get(`/api/plans/${planId}/scores?cutoff=2021-12-31`).expect(200);
    await expert
      .get(`/api/plans/${planId}/exports/self-evaluation.docx?cutoff=2021-12-31`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    await expert
      .get(`/api/plans/${planId}/exports/evidence-package.zip?cutoff=2021-12-31`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    for (const path of [
      `/api/plans/${planId}`,
      `/api/plans/${planId}/completion`,
      `/api/plans/${planId}/findings`,
      `/api/plans/${planId}/exports/tables.xlsx`,
      `/api/plans/${planId}/exports/evidence-catalogue`,
      `/api/tasks/${taskId}`,
      `/api/expert-reviews/${reviewId}/comparison`,
      '/api/audit',
      '/api/users',
    ])
      expect([path, (await expert.get(path)).status]).toEqual([path, 403]);
    expect((await expert.get('/api/plans').expect(200)).body).toEqual({ items: [] });

    // Scores within the indicator's points, with a comment; the office sees them beside the self-score.
    await expert
      .post(`/api/expert-reviews/${reviewId}/scores`)
      .send({ indicatorId, score: '12', comment: '超出分值' })
      .expect(422);
    await expert
      .post(`/api/expert-reviews/${reviewId}/scores`)
      .send({ indicatorId, score: '4', comment: '精品课程数量未达标，佐证不足' })
      .expect(201);
    await api.settled();
    const mine = (await expert.get(`/api/expert-reviews/${reviewId}`).expect(200)).body;
    expect(mine.myScores).toEqual([expect.objectContaining({ indicatorId, score: '4' })]);
    const comparison = (await office.get(`/api/expert-reviews/${reviewId}/comparison`).expect(200)).body;
    expect(comparison.rows).toEqual([
      expect.objectContaining({
        indicatorId,
        code: '1.1.1.1',
        points: '10',
        selfScore: '5',
        expertMean: '4',
        meanDifference: '-1',
        experts: [expect.objectContaining({ expertId, name: '王专家', score: '4', difference: '-1' })],
      }),
    ]);

    // When the access ends the session stops working and the account cannot sign in again.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(accessUntil) - Date.now() + 200)),
    );
    await expert.get(`/api/plans/${planId}/scores`).expect(401);
    const late = await api.anonymous
      .post('/api/auth/login')
      .send({ username: 'expert-wang', password: USER_PASSWORD })
      .expect(403);
    expect(late.body).toMatchObject({ code: 'expert-access-expired' });
    expect((await office.get(`/api/plans/${planId}/expert-reviews`).expect(200)).body.items).toEqual([
      expect.objectContaining({ reviewId, active: false }),
    ]);
  });

  it('ends an expert’s access at once when the office closes the review', async () => {
    const expertId = await createExpert('expert-li');
    const reviewId = (
      await office
        .post(`/api/plans/${planId}/expert-reviews`)
        .send({
          title: '中期评审',
          periodFrom: '2019-01-01',
          periodTo: '2021-12-31',
          accessUntil: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(201)
    ).body.id as string;
    await office.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId }).expect(201);
    await api.settled();
    const expert = await api.signIn('expert-li');
    await expert.get(`/api/plans/${planId}/scores`).expect(200);
    await office.post(`/api/expert-reviews/${reviewId}/close`).send({}).expect(201);
    await api.settled();
    await expert.get(`/api/plans/${planId}/scores`).expect(401);
  });
});
