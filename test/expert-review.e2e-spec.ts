import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { apiSuite, binary, planWithOffice, USER_PASSWORD, type Client } from './api-harness';
import { createExpert as createReviewExpert, defineCourseIndicator } from './fixtures/expert-review';

describe('专家评审: an outside expert sees only the review material, scores it, and loses access when it ends', () => {
  jest.setTimeout(120_000);
  const api = apiSuite();
  /** The plan's office, signed in, the plan, a task of it and the indicator the office defined. */
  const given = {} as { office: Client; planId: string; taskId: string; indicatorId: string };

  beforeAll(async () => {
    const { plan, office } = await planWithOffice(api, 'office-e');
    const { userId: teacherId } = await api.createUser('teacher-e');
    Object.assign(given, {
      office,
      planId: plan.planId,
      taskId: await api.defineTask(plan, teacherId),
      indicatorId: await defineCourseIndicator(api, plan, office),
    });
  });

  const createExpert = (username: string) => createReviewExpert(api, given.planId, username);

  /** An expert review of the plan, its experts' access ending in an hour. */
  const openReview = async (title: string, periodFrom: string, periodTo: string) =>
    (
      await given.office
        .post(`/api/plans/${given.planId}/expert-reviews`)
        .send({ title, periodFrom, periodTo, accessUntil: new Date(Date.now() + 3_600_000).toISOString() })
        .expect(201)
    ).body.id as string;

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
      await given.office
        .post(`/api/plans/${given.planId}/expert-reviews`)
        .send({ title: '2021 年度专家评审', periodFrom: '2021-01-01', periodTo: '2021-12-31', accessUntil })
        .expect(201)
    ).body.id as string;
    await given.office.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId }).expect(201);
    await api.settled();
    const expert = await api.signIn('expert-wang');

    expect((await expert.get('/api/me/expert-reviews').expect(200)).body.items).toEqual([
      expect.objectContaining({ reviewId, planId: given.planId, active: true }),
    ]);
    await expert.get(`/api/plans/${given.planId}/scores?cutoff=2021-12-31`).expect(200);
    await expert
      .get(`/api/plans/${given.planId}/exports/self-evaluation.docx?cutoff=2021-12-31`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    await expert
      .get(`/api/plans/${given.planId}/exports/evidence-package.zip?cutoff=2021-12-31`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    for (const path of [
      `/api/plans/${given.planId}`,
      `/api/plans/${given.planId}/completion`,
      `/api/plans/${given.planId}/findings`,
      `/api/plans/${given.planId}/exports/tables.xlsx`,
      `/api/plans/${given.planId}/exports/evidence-catalogue`,
      `/api/tasks/${given.taskId}`,
      `/api/expert-reviews/${reviewId}/comparison`,
      '/api/audit',
      '/api/users',
    ])
      expect([path, (await expert.get(path)).status]).toEqual([path, 403]);
    expect((await expert.get('/api/plans').expect(200)).body).toEqual({ items: [] });

    // Scores within the indicator's points, with a comment; the office sees them beside the self-score.
    await expert
      .post(`/api/expert-reviews/${reviewId}/scores`)
      .send({ indicatorId: given.indicatorId, score: '12', comment: '超出分值' })
      .expect(422);
    await expert
      .post(`/api/expert-reviews/${reviewId}/scores`)
      .send({ indicatorId: given.indicatorId, score: '4', comment: '精品课程数量未达标，佐证不足' })
      .expect(201);
    await api.settled();
    const mine = (await expert.get(`/api/expert-reviews/${reviewId}`).expect(200)).body;
    expect(mine.myScores).toEqual([expect.objectContaining({ indicatorId: given.indicatorId, score: '4' })]);
    const comparison = (await given.office.get(`/api/expert-reviews/${reviewId}/comparison`).expect(200))
      .body;
    expect(comparison.rows).toEqual([
      expect.objectContaining({
        indicatorId: given.indicatorId,
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
    await expert.get(`/api/plans/${given.planId}/scores`).expect(401);
    const late = await api.anonymous
      .post('/api/auth/login')
      .send({ username: 'expert-wang', password: USER_PASSWORD })
      .expect(403);
    expect(late.body).toMatchObject({ code: 'expert-access-expired' });
    expect(
      (await given.office.get(`/api/plans/${given.planId}/expert-reviews`).expect(200)).body.items,
    ).toEqual([expect.objectContaining({ reviewId, active: false })]);
  });

  it('ends an expert’s access at once when the office closes the review', async () => {
    const expertId = await createExpert('expert-li');
    const reviewId = await openReview('中期评审', '2019-01-01', '2021-12-31');
    await given.office.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId }).expect(201);
    await api.settled();
    const expert = await api.signIn('expert-li');
    await expert.get(`/api/plans/${given.planId}/scores`).expect(200);
    await given.office.post(`/api/expert-reviews/${reviewId}/close`).send({}).expect(201);
    await api.settled();
    await expert.get(`/api/plans/${given.planId}/scores`).expect(401);
  });

  it('lets the plan’s office list and invite its experts, re-checking the office role at each invitation', async () => {
    const expertId = await createExpert('expert-zhao');
    const reviewId = await openReview('2022 年度专家评审', '2022-01-01', '2022-12-31');
    // Another plan's expert and office, and a second office of this plan.
    const other = await api.createPlan({ code: '2' });
    await api.admin
      .post('/api/users')
      .send({
        username: 'expert-other',
        displayName: '他校专家',
        password: USER_PASSWORD,
        roles: [{ role: 'expert', scope: `plan:${other.planId}` }],
      })
      .expect(201);
    const { client: otherOffice } = await api.createUser('office-other', [
      { role: 'office', scope: `plan:${other.planId}` },
    ]);
    const { userId: deputyId, client: deputy } = await api.createUser('office-deputy', [
      { role: 'office', scope: `plan:${given.planId}` },
    ]);
    await api.settled();

    const candidates = async (client: Client) =>
      (
        (await client.get(`/api/expert-reviews/${reviewId}/candidates`).expect(200)).body as {
          items: { userId: string; name: string }[];
        }
      ).items;
    const listed = await candidates(given.office);
    expect(listed).toContainEqual({ userId: expertId, name: '王专家' });
    expect(listed.map((c) => c.name)).not.toContain('他校专家');
    await otherOffice.get(`/api/expert-reviews/${reviewId}/candidates`).expect(403);
    await otherOffice.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId }).expect(403);

    // The deputy office invites; the invited expert leaves the list.
    await deputy.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId }).expect(201);
    await api.settled();
    expect((await candidates(given.office)).map((c) => c.userId)).not.toContain(expertId);

    // Its office role revoked, the deputy invites no one: refused, nothing recorded.
    await api.admin
      .post(`/api/users/${deputyId}/roles/revoke`)
      .send({ role: 'office', scope: `plan:${given.planId}`, reason: '调整分工' })
      .expect(201);
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const next = await createExpert('expert-sun');
    const afterCreate = await store.headPosition();
    expect(afterCreate).toBeGreaterThan(head);
    await deputy.post(`/api/expert-reviews/${reviewId}/experts`).send({ expertId: next }).expect(403);
    await deputy.get(`/api/expert-reviews/${reviewId}/candidates`).expect(403);
    expect(await store.headPosition()).toBe(afterCreate);
  });
});
