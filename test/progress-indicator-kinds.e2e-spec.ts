import { apiSuite, type Client } from './api-harness';
import { defineIndicatorKinds } from './fixtures/indicator-kinds';

/**
 * A teacher's 填报进展 carries indicator values of every kind: a judged 评价等级 for a qualitative
 * indicator, a number for a numeric one. A value of the wrong kind is refused in Chinese before
 * anything is written.
 */
describe('progress report: indicator values by kind', () => {
  const api = apiSuite();
  let teacher: Client;
  let taskId: string;
  let qualitative: string;
  let numeric: string;

  beforeAll(async () => {
    const owner = await api.createUser('teacher.chen');
    teacher = owner.client;
    const plan = await api.createPlan({ name: '智慧校园' });
    taskId = await api.defineTask(plan, owner.userId, { title: '建成智慧校园平台', dueDate: '2021-12-31' });
    await api.createUser('lead.zhou', [{ role: 'project-lead', scope: `project:${plan.projectId}` }]);
    await api.createUser('office.wu', [{ role: 'office', scope: `plan:${plan.planId}` }]);
    await api.configureChain(plan.planId);
    ({ qualitative, numeric } = await defineIndicatorKinds(api, plan));
  });

  const report = (indicatorValues: object[]) =>
    teacher.post(`/api/tasks/${taskId}/submissions`).send({
      completion: '1',
      effectiveDate: '2021-12-31',
      narrative: '平台已通过验收，建成智慧教室 20 间',
      evidenceIds: [],
      indicatorValues,
    });

  it.each([
    [
      'a number for a qualitative indicator',
      'qualitative',
      { kind: 'numeric', value: '1' },
      'actual-mismatch',
      '定性指标需要选择评价等级',
    ],
    [
      'a band the indicator does not have',
      'qualitative',
      { kind: 'qualitative', band: '优秀', score: '2' },
      'unknown-band',
      '评价等级「优秀」不在该指标的等级中',
    ],
    [
      'a score outside the chosen band',
      'qualitative',
      { kind: 'qualitative', band: '达成', score: '1' },
      'score-outside-band',
      '「达成」的得分应在',
    ],
    [
      'a band for a numeric indicator',
      'numeric',
      { kind: 'qualitative', band: '达成', score: '2' },
      'actual-mismatch',
      '数值型实际完成值',
    ],
  ])('refuses %s and writes nothing', async (_, which, actual, code, detail) => {
    const head = await api.store.headPosition();
    const indicatorId = which === 'qualitative' ? qualitative : numeric;
    const res = await report([{ indicatorId, actual, effectiveDate: '2021-12-31' }]).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code, title: '填写的内容有误' });
    expect(res.body.detail).toContain(detail);
    expect(await api.store.headPosition()).toBe(head);
    expect((await teacher.get(`/api/tasks/${taskId}/submissions`).expect(200)).body).toEqual([]);
  });

  it('takes a judged band and a number in one report and keeps each as submitted', async () => {
    const values = [
      {
        indicatorId: qualitative,
        actual: { kind: 'qualitative', band: '达成', score: '1.8' },
        effectiveDate: '2021-12-31',
      },
      { indicatorId: numeric, actual: { kind: 'numeric', value: '20' }, effectiveDate: '2021-12-31' },
    ];
    const id = (await report(values).expect(201)).body.id as string;
    const versions = (await teacher.get(`/api/submissions/${id}/versions`).expect(200)).body;
    expect(versions[0].content.indicatorValues).toEqual(values);
  });
});
