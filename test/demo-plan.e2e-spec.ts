import type { presentScoreReport } from '../apps/api/src/indicators/score-report.presenter';
import { DemoLoader } from '../apps/api/src/demo/demo-loader';
import { EVENT_STORE, READ_MODEL_DB } from '../libs/application/src';
import type Database from 'better-sqlite3';
import type { EventStore } from '../libs/event-store/src';
import { ALL_PROJECTIONS, ProjectionRunner } from '../libs/read-models/src';
import ExcelJS from 'exceljs';
import { startApi, type ApiHarness, binary } from './api-harness';
import { readAt } from './request-helpers';

type Report = ReturnType<typeof presentScoreReport>;

/** The seed's college, loaded through the commands, must print the seed's figures. */
describe('the demo plan (内蒙古化工职业学院)', () => {
  let api: ApiHarness;
  let planId: string;
  let scores: Report;

  beforeAll(async () => {
    const started = Date.now();
    api = await startApi({ DEMO_PLAN: 'on' });
    process.stdout.write(`demo plan loaded in ${Date.now() - started} ms\n`);
    planId = api.app.get(DemoLoader).planId();
    scores = (await api.admin.get(`/api/plans/${planId}/scores`).query({ cutoff: '2021-12-31' }).expect(200))
      .body;
  }, 180_000);
  afterAll(() => api.close());

  it("prints each project's task completion rate", async () => {
    const body = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body;
    const [school, group] = body.levels;
    expect(school.projects.map((p: { display: { rate: string } }) => p.display.rate)).toEqual([
      '95.56%', // printed 95.55 %: 43 / 45 is 95.5556 %
      '91.3%',
      '100%',
      '89.06%',
      '88.48%',
      '100%',
      '96.88%', // printed 96.87 %: 15.5 / 16 is 96.875 %
      '89.81%',
      '58.08%',
      '97.97%',
    ]);
    expect(school.projects.map((p: { display: { completed: string } }) => p.display.completed)).toEqual([
      '43',
      '21',
      '12',
      '29.39',
      '18.58',
      '56',
      '15.5',
      '46.7',
      '6.97',
      '32.33',
    ]);
    // The rows add up to 281.47 done (the text says 282) with 18 over-completed.
    expect(school.display).toEqual({
      total: '303',
      completed: '281.47',
      rate: '92.89%',
      remark: '超额完成 18 项',
    });
    expect(group.display).toMatchObject({ total: '90', completed: '81', rate: '90%' });
    expect(group.projects.at(-1).display).toMatchObject({ total: '13', completed: '11', rate: '84.62%' });
  });

  it('reads the mid-term figures over the tasks due by 2021-12-31: every seeded task is a 2021 item', async () => {
    const due = await readAt(api.admin, `/api/plans/${planId}/completion`, {
      cutoff: '2021-12-31',
      basis: 'due',
    });
    expect(due).toMatchObject({ basis: 'due', dueBy: '2021-12-31' });
    expect(due.levels[0].display).toEqual({
      total: '303',
      completed: '281.47',
      rate: '92.89%',
      remark: '超额完成 18 项',
    });
    expect(due.levels[1].display).toMatchObject({ total: '90', completed: '81', rate: '90%' });
    const tasks = (
      await api.admin.get(`/api/projects/${due.levels[0].projects[0].projectId}/tasks`).expect(200)
    ).body.items;
    expect(
      tasks.every((t: { year: number; dueDate: string }) => t.year === 2021 && t.dueDate === '2021-12-31'),
    ).toBe(true);
  });

  const subcategory = (level: number, name: string) =>
    scores.levels[level].categories.flatMap((c) => c.subcategories).find((s) => s.name === name)!;

  it('prints 表1 and 表2 (school) and 表6 and 表7 (group)', () => {
    // 表1's rows hold 106 indicators; its 合计 row prints 104.
    expect(subcategory(0, '数量指标').display).toEqual({
      count: '106',
      completed: '95.3',
      rate: '89.91%',
      score: '19.05',
    });
    expect(subcategory(0, '数量指标').overCompleted).toBe(36);
    expect(subcategory(0, '质量指标').display).toMatchObject({
      count: '89',
      completed: '81.48',
      score: '19.32',
    });
    expect(subcategory(0, '质量指标').overCompleted).toBe(13);
    expect(subcategory(1, '数量指标').display).toMatchObject({
      count: '23',
      completed: '22.3',
      score: '19.30',
    });
    expect(subcategory(1, '质量指标').display).toMatchObject({
      count: '24',
      completed: '20.48',
      score: '17.36',
    });
    const rows = subcategory(0, '数量指标').rows.map((r) => [
      r.code,
      r.display.count,
      r.display.completed,
      r.display.rate,
      r.display.score,
      r.remark,
    ]);
    expect(rows).toEqual([
      ['1.1.1', '10', '8', '80%', '1.83', '超额完成 4 个'],
      ['1.1.2', '9', '9', '100%', '2.00', '超额完成 7 个'],
      ['1.1.3', '23', '22.3', '96.96%', '1.94', '-'],
      ['1.1.4', '16', '15', '93.75%', '1.96', '超额完成 8 个'],
      ['1.1.5', '6', '6', '100%', '2.00', '超额完成 5 个'],
      ['1.1.6', '10', '10', '100%', '2.00', '超额完成 6 个'],
      ['1.1.7', '3', '3', '100%', '2.00', '-'],
      ['1.1.8', '15', '13', '86.67%', '1.90', '超额完成 6 个'],
      ['1.1.9', '8', '4', '50%', '1.62', '-'],
      ['1.1.10', '6', '5', '83.33%', '1.80', '-'],
    ]);
    const table7 = subcategory(1, '质量指标').rows.map((r) => [
      r.code,
      r.display.completed,
      r.display.rate,
      r.display.score,
    ]);
    expect(table7).toContainEqual(['项目 3', '1.68', '83.75%', '1.68']);
    expect(table7).toContainEqual(['项目 5', '2.75', '91.67%', '1.83']);
  });

  it('sums the levels to 95.04 and 93.16, weighted 30 / 70 to 93.72, grade 优', () => {
    const [school, group] = scores.levels;
    expect(school.categories.map((c) => [c.name, c.display.score])).toEqual([
      ['产出指标', '47.37'],
      ['效益指标', '29.17'],
      ['满意度指标', '10.00'],
      ['管理与执行指标', '8.50'],
    ]);
    expect(group.categories.map((c) => [c.name, c.display.score])).toEqual([
      ['产出指标', '44.66'],
      ['效益指标', '29.50'],
      ['满意度指标', '10.00'],
      ['管理与执行指标', '9.00'],
    ]);
    expect([school.display.total, group.display.total]).toEqual(['95.04', '93.16']);
    // 满意度 comes from the recorded surveys, with their sample sizes.
    const satisfaction = school.categories.find((c) => c.name === '满意度指标')!.subcategories[0].rows[0]
      .indicators;
    expect(satisfaction.map((i) => [i.name, i.survey?.sampleSize, i.assessment.score])).toContainEqual([
      '在校生满意度',
      6125,
      '2',
    ]);
    expect(scores.display.total).toBe('93.72');
    expect(scores.grade).toBe('优');
  });

  it('shows nothing of 2021 as of a cut-off before any fact took effect', async () => {
    const before: Report = await readAt(api.admin, `/api/plans/${planId}/scores`, { cutoff: '2021-12-30' });
    expect(before.display.total).toBe('0.00');
    const completion = await readAt(api.admin, `/api/plans/${planId}/completion`, { cutoff: '2021-12-30' });
    expect(completion.display.completed).toBe('0');
  });

  it('lists each place where the report contradicts its own rows, with the computed figure', async () => {
    const [reconciliation] = (await api.admin.get(`/api/plans/${planId}/reconciliation`).expect(200))
      .body as {
      figures: {
        status: string;
        value: string;
        computed: string;
        message: string;
        level?: string;
        project?: string;
        measure: string;
      }[];
      mismatches: number;
    }[];
    const mismatches = reconciliation.figures.filter((f) => f.status === 'mismatch');
    const pairs = mismatches.map(
      (f) =>
        `${f.level ?? '方案'}${f.project ? ` 项目${f.project}` : ''} ${f.measure}: ${f.value} → ${f.computed}`,
    );
    // DOMAIN.md's five places:
    expect(pairs).toEqual(
      expect.arrayContaining([
        '学校层面 tasksCompleted: 282 → 281',
        '学校层面 tasksOverCompleted: 23 → 18',
        '学校层面 项目1 taskRate: 95.55% → 95.56%',
        '学校层面 项目8 taskRate: 96.87% → 96.88%',
        '煤化工技术专业群 deduction: 7.34 → 5.34',
        '煤化工技术专业群 scoreRate: 85.32% → 89.32%',
        '煤化工技术专业群 rowsScore: 16.36 → 15.36',
        '学校层面 deduction: 0.38 → 0.68',
      ]),
    );
    // …and what else the computed figures disagree with.
    expect(pairs).toEqual(
      expect.arrayContaining(['学校层面 count: 104 → 106', '学校层面 scoreRate: 97.5% → 95.3%']),
    );
    expect(mismatches.every((f) => /报告为 .+，按记录计算为 .+（.+）/.test(f.message))).toBe(true);
    // Figures that agree are not listed as contradictions.
    const matched = reconciliation.figures
      .filter((f) => f.status === 'match')
      .map((f) => `${f.level ?? '方案'} ${f.measure} ${f.value}`);
    expect(matched).toEqual(
      expect.arrayContaining([
        '学校层面 total 95.04',
        '煤化工技术专业群 total 93.16',
        '方案 total 93.72',
        '方案 grade 优',
      ]),
    );
    expect(reconciliation.figures.some((f) => f.status === 'not-found')).toBe(false);
    process.stdout.write(`reconciliation: ${mismatches.length} mismatches\n${pairs.join('\n')}\n`);
  });

  it('exports the same tables as XLSX, figures as the report prints them', async () => {
    const res = await api.admin
      .get(`/api/plans/${planId}/exports/tables.xlsx`)
      .query({ cutoff: '2021-12-31' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('内蒙古化工职业学院'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    const shown = (sheet: string, label: string) => {
      const ws = book.getWorksheet(sheet)!;
      let found: string[] = [];
      ws.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1);
        if (String(cells[0]).startsWith(label)) found = cells.map((c) => String(c));
      });
      return found;
    };
    expect(shown('学校层面-数量指标', '合计')).toEqual([
      '合计',
      '106',
      '95.3',
      '-',
      '19.05',
      '超额完成 36 个',
    ]);
    expect(shown('学校层面-数量指标', '1.1.3')).toEqual([
      '1.1.3 打造高水平专业群',
      '23',
      '22.3',
      '0.9696',
      '1.94',
      '-',
    ]);
    expect(shown('学校层面-质量指标', '合计').slice(1, 5)).toEqual(['89', '81.48', '-', '19.32']);
    expect(shown('煤化工技术专业群-数量指标', '合计').slice(1, 5)).toEqual(['23', '22.3', '-', '19.3']);
    expect(shown('煤化工技术专业群-质量指标', '合计').slice(1, 5)).toEqual(['24', '20.48', '-', '17.36']);
    expect(shown('煤化工技术专业群-质量指标', '项目 3')).toEqual([
      '项目 3 教材与教法改革',
      '2',
      '1.68',
      '0.8375',
      '1.68',
      '-',
    ]);
    expect(shown('总分', '学校层面')).toEqual(['学校层面', '95.04', '0.3', '28.51', '优']);
    expect(shown('总分', '总分')).toEqual(['总分', '', '', '93.72', '优']);
    expect(shown('建设任务完成情况', '学校层面').length).toBeGreaterThan(0);
  });

  it('computes 到位率 and 执行率 by source and level', async () => {
    const funds = await readAt(api.admin, `/api/plans/${planId}/funds`, { cutoff: '2021-12-31' });
    expect(funds.display).toEqual({ arrivalRate: '100%', executionRate: '85%' });
    expect(funds.budget).toBe('18000');
    expect(funds.bySource.map((s: { source: string; spent: string }) => [s.source, s.spent])).toEqual([
      ['中央财政', '7650'],
      ['地方财政', '4590'],
      ['学校自筹', '2040'],
      ['行业企业', '1020'],
    ]);
    expect(funds.byYear).toHaveLength(3);
    const none = await readAt(api.admin, `/api/plans/${planId}/funds`, { cutoff: '2021-06-30' });
    expect(none.display).toEqual({ arrivalRate: '0%', executionRate: '0%' });
  });

  it('warns first of the 国际化 project, 58 % done when the time was up', async () => {
    const body = await readAt(api.admin, `/api/plans/${planId}/warnings`, { cutoff: '2021-12-31' });
    const projects = body.warnings.filter((w: { scope: string }) => w.scope === 'project');
    expect(projects[0]).toMatchObject({
      level: '学校层面',
      projectCode: '10',
      grade: '严重',
      display: { actual: '58.08%' },
    });
  });

  it('rebuilds every read model from the log to the same figures', async () => {
    const views = async () =>
      Promise.all(
        ['scores', 'completion', 'funds', 'achievements', 'reconciliation', 'warnings'].map(
          async (view) =>
            // Reconciliation takes each declaration's own cut-off and refuses one in the query.
            (
              await api.admin
                .get(`/api/plans/${planId}/${view}`)
                .query(view === 'reconciliation' ? {} : { cutoff: '2021-12-31' })
                .expect(200)
            ).body as unknown,
        ),
      );
    // Every table of every projection, rows in key order, and the schema with its indexes.
    const db = api.app.get<symbol, Database.Database>(READ_MODEL_DB);
    const dump = () =>
      Object.fromEntries(
        db
          .prepare<[], { name: string; sql: string }>(
            "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != 'projection_checkpoints' ORDER BY name",
          )
          .all()
          .map(({ name, sql }) => [
            name,
            sql.startsWith('CREATE TABLE') ? db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all() : sql,
          ]),
      );
    const head = () => api.app.get<symbol, EventStore>(EVENT_STORE).headPosition();
    const runner = api.app.get(ProjectionRunner);
    expect(await runner.waitFor(await head(), 60_000)).toBe(true);
    const before = await views();
    const tables = dump();
    expect(Object.keys(tables).filter((name) => name.startsWith('au_'))).toContain('au_entities');

    // One projection at a time, then all of them in one bulk load, as the rebuild command does.
    for (const projection of ALL_PROJECTIONS) await runner.rebuild(projection.name);
    expect(await runner.waitFor(await head(), 60_000)).toBe(true);
    expect(runner.status().filter((s) => s.error)).toEqual([]);
    expect(await views()).toEqual(before);
    expect(dump()).toEqual(tables);

    await runner.rebuildAll(ALL_PROJECTIONS.map((p) => p.name));
    expect(await runner.waitFor(await head(), 60_000)).toBe(true);
    expect(runner.status().filter((s) => s.error)).toEqual([]);
    expect(await views()).toEqual(before);
    expect(dump()).toEqual(tables);
  });
});
