import type { presentScoreReport } from '../apps/api/src/indicators/score-report.presenter';
import { startApi, type ApiHarness } from './api-harness';
import { indicatorBody } from './request-helpers';

/** Score tables computed from recorded facts, as of a cut-off and a knowledge time. */
describe('indicator tables and scores', () => {
  let api: ApiHarness;
  let planId: string;
  let school: string;
  let group: string;
  const indicatorIds: Record<string, string> = {};

  const define = async (levelId: string, body: Record<string, unknown>) => {
    const res = await api.admin.post(`/api/plans/${planId}/indicators`).send({ levelId, ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    indicatorIds[body.code as string] = res.body.id;
  };
  const record = (code: string, actual: Record<string, unknown>, effectiveDate = '2021-12-31') =>
    api.admin
      .post(`/api/plans/${planId}/indicators/${indicatorIds[code]}/values`)
      .send({ actual, effectiveDate })
      .expect(201);
  const atLeast = (value: string, unit = '项') => ({ kind: 'numeric', comparator: '>=', value, unit });

  beforeAll(async () => {
    api = await startApi();
    planId = (
      await api.admin
        .post('/api/plans')
        .send({ name: '双高方案', school: '内蒙古化工职业学院', startYear: 2019, endYear: 2023 })
    ).body.id;
    school = (
      await api.admin
        .post(`/api/plans/${planId}/levels`)
        .send({ name: '学校层面', kind: 'school', weight: '0.3' })
    ).body.id;
    group = (
      await api.admin
        .post(`/api/plans/${planId}/levels`)
        .send({ name: '煤化工技术专业群', kind: 'group', weight: '0.7' })
    ).body.id;

    // 表1 1.1.9: 8 threshold indicators, 4 met (1.62 points of them), 4 not (0.38 points).
    const row119 = { code: '1.1.9', name: '提升国际化水平' };
    const metPoints = ['0.41', '0.41', '0.4', '0.4'];
    for (const [i, p] of [...metPoints, '0.1', '0.1', '0.1', '0.08'].entries()) {
      await define(
        school,
        indicatorBody(
          'quantity',
          row119,
          `1.1.9.${i + 1}`,
          `国际化指标 ${i + 1}`,
          p,
          atLeast('2'),
          'threshold',
        ),
      );
    }
    // 表6 项目8: two proportional indicators of 1 point; 1.5 done.
    const row8 = { code: '项目 8', name: '国际交流与合作' };
    for (const [code, name, target] of [
      ['2.1.8.1', '留学生人数', atLeast('10', '人')],
      ['2.1.8.2', '境外办学点', atLeast('2', '个')],
    ] as const)
      await define(group, indicatorBody('quantity', row8, code, name, '1', target, 'proportional'));
    // 管理与执行: manual, 10 points.
    const management = { code: '管理', name: '项目管理' };
    const compliant = { kind: 'qualitative', text: '制度健全，执行合规' };
    await define(
      group,
      indicatorBody('project', management, '2.4.1', '项目管理与资金管理', '10', compliant, 'manual'),
    );

    for (let i = 1; i <= 4; i++) await record(`1.1.9.${i}`, { kind: 'numeric', value: i === 1 ? '5' : '2' });
    for (let i = 5; i <= 8; i++) await record(`1.1.9.${i}`, { kind: 'numeric', value: '1' });
    await record('2.1.8.1', { kind: 'numeric', value: '12' });
    await record('2.1.8.2', { kind: 'numeric', value: '1' });
    await record('2.4.1', { kind: 'manual', deductions: [{ points: '1', reason: '预算编制基本合理' }] });
  });
  afterAll(() => api.close());

  const report = async (query: Record<string, string> = {}): Promise<Body> =>
    (await api.admin.get(`/api/plans/${planId}/scores`).query(query).expect(200)).body;
  type Body = ReturnType<typeof presentScoreReport>;
  const row = (body: Body, level: number, code: string) =>
    body.levels[level].categories
      .flatMap((c) => c.subcategories)
      .flatMap((s) => s.rows)
      .find((r) => r.code === code)!;

  it('prints each table row as the report does: 指标数, 完成数, 完成率, 得分, 备注', async () => {
    const body = await report();
    expect(row(body, 0, '1.1.9')).toMatchObject({
      count: 8,
      completed: '6',
      score: '1.62',
      remark: '超额完成 1 个',
      display: { count: '8', completed: '6', rate: '75%', score: '1.62' },
    });
    expect(row(body, 1, '项目 8')).toMatchObject({
      completed: '1.5',
      display: { completed: '1.5', rate: '75%', score: '1.50' },
      remark: '超额完成 1 个',
    });
    expect(row(body, 1, '管理').score).toBe('9');
  });

  it('sums rows into 二级 and 一级 indicators, levels, the weighted total and its grade', async () => {
    const body = await report();
    const [schoolLevel, groupLevel] = body.levels;
    expect(schoolLevel.total).toBe('1.62');
    expect(groupLevel.categories.map((c) => [c.name, c.score])).toEqual([
      ['产出指标', '1.5'],
      ['管理与执行指标', '9'],
    ]);
    expect(groupLevel.total).toBe('10.5');
    expect(body.total).toBe('7.836');
    expect(body.display.total).toBe('7.84');
    expect(body.grade).toBe('差');
  });

  it('leaves out a fact that took effect after the cut-off, and counts it from then on', async () => {
    await record('2.1.8.2', { kind: 'numeric', value: '2' }, '2022-03-01');
    expect(row(await report({ cutoff: '2021-12-31' }), 1, '项目 8').completed).toBe('1.5');
    expect(row(await report({ cutoff: '2022-03-01' }), 1, '项目 8').completed).toBe('2');
    expect(row(await report(), 1, '项目 8').completed).toBe('2');
  });

  it('leaves out a fact recorded after the knowledge time, even inside the cut-off', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // A correction of the 2021 figure, entered later: the later entry for the same date stands.
    await record('1.1.9.5', { kind: 'numeric', value: '2' }, '2021-12-31');
    const now = await report({ cutoff: '2021-12-31' });
    expect(row(now, 0, '1.1.9')).toMatchObject({ completed: '6.5', score: '1.72' });
    const then = await report({ cutoff: '2021-12-31', knownAt: before });
    expect(row(then, 0, '1.1.9')).toMatchObject({ completed: '6', score: '1.62' });
    expect(row(await report({ cutoff: '2021-12-30' }), 0, '1.1.9')).toMatchObject({
      completed: '0',
      score: '0',
    });
  });

  it('refuses a value that does not fit the indicator, and one for an unknown indicator', async () => {
    const wrong = await api.admin
      .post(`/api/plans/${planId}/indicators/${indicatorIds['2.4.1']}/values`)
      .send({ actual: { kind: 'numeric', value: '3' }, effectiveDate: '2021-12-31' })
      .expect(422);
    expect(wrong.body.code).toBe('actual-mismatch');
    const extra = await api.admin
      .post(`/api/plans/${planId}/indicators/${indicatorIds['2.1.8.1']}/values`)
      .send({ actual: { kind: 'numeric', value: '3', unit: '人' }, effectiveDate: '2021-12-31' })
      .expect(400);
    expect(extra.body.errors[0].message).toContain('actual.unit 是不允许的字段');
    await api.admin
      .post(`/api/plans/${planId}/indicators/0190a1b2-0000-7000-8000-000000000000/values`)
      .send({ actual: { kind: 'numeric', value: '3' }, effectiveDate: '2021-12-31' })
      .expect(404);
  });

  it('refuses an indicator whose rule does not fit its target', async () => {
    const built = { kind: 'qualitative', text: '建成' };
    const res = await api.admin
      .post(`/api/plans/${planId}/indicators`)
      .send({
        levelId: school,
        ...indicatorBody(
          'quality',
          { code: '1.2.1', name: '行' },
          '1.2.1.1',
          '定性指标',
          '1',
          built,
          'proportional',
        ),
      })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'rule-needs-number' });
  });
});
