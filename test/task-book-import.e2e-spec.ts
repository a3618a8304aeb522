import { docxWith, taskBookWorkbook, wordParagraph } from '@sg/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '../libs/event-store/src';
import { apiSuite, type Client } from './api-harness';
import { recordProgress } from './request-helpers';

const REAL = readFileSync(join(__dirname, 'fixtures/task-books/建设任务书-武汉船舶职业技术学院.docx'));
const CONFIRM = '/api/plan-imports/task-book/confirm';

type Data = Record<string, unknown>;

/** Every event of a plan's streams (plan, tasks), in log order. */
async function eventsOf(store: EventStore, planId: string): Promise<RecordedEvent[]> {
  return (await store.readAll()).filter((event) => (event.data as Data | null)?.planId === planId);
}

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

describe('confirming a 任务书 in the ministry layout makes the plan (issue 14)', () => {
  const api = apiSuite();

  const confirm = (file: Buffer, name: string) => api.admin.post(CONFIRM).attach('file', file, name);

  describe('the real .docx of 武汉船舶职业技术学院, no hand edits', () => {
    let planId: string;
    let events: RecordedEvent[];
    const ofType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data as Data);
    let levelNames: Record<string, string>;

    beforeAll(async () => {
      const res = await confirm(REAL, '建设任务书.docx');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ levels: 3, projects: 28, tasks: 946, indicators: 412, budgets: 6 });
      planId = res.body.id;
      events = await eventsOf(api.store, planId);
      levelNames = Object.fromEntries(ofType('LevelAdded').map((l) => [l.levelId, l.name]));
    }, 120_000);

    it('makes a plan over the 任务书’s years with a level per part', () => {
      expect(ofType('PlanCreated')).toEqual([
        expect.objectContaining({ school: '武汉船舶职业技术学院', startYear: 2019, endYear: 2023 }),
      ]);
      expect(ofType('LevelAdded').map((l) => [l.name, l.kind, l.weight])).toEqual([
        ['学校层面', 'school', '0.5'],
        ['专业群层面：船舶工程技术', 'group', '0.25'],
        ['专业群层面：轮机工程技术', 'group', '0.25'],
      ]);
      // A project per 一级任务: 10 + 9 + 9.
      expect(countBy(ofType('ProjectAdded'), (p) => levelNames[String(p.levelId)])).toEqual({
        学校层面: 10,
        '专业群层面：船舶工程技术': 9,
        '专业群层面：轮机工程技术': 9,
      });
    });

    it('defines one unassigned task per ①②③ item, per year and part as the document counts them', async () => {
      const tasks = ofType('TaskDefined');
      expect(tasks.every((t) => t.ownerId === undefined)).toBe(true);
      const projectLevel = Object.fromEntries(
        ofType('ProjectAdded').map((p) => [p.projectId, levelNames[String(p.levelId)]]),
      );
      expect(countBy(tasks, (t) => `${projectLevel[String(t.projectId)]} ${String(t.year)}`)).toEqual({
        '学校层面 2020': 125,
        '学校层面 2021': 121,
        '学校层面 2022': 121,
        '学校层面 2023': 112,
        '专业群层面：船舶工程技术 2020': 57,
        '专业群层面：船舶工程技术 2021': 63,
        '专业群层面：船舶工程技术 2022': 59,
        '专业群层面：船舶工程技术 2023': 59,
        '专业群层面：轮机工程技术 2020': 57,
        '专业群层面：轮机工程技术 2021': 57,
        '专业群层面：轮机工程技术 2022': 61,
        '专业群层面：轮机工程技术 2023': 54,
      });
      expect(new Set(tasks.map((t) => t.sourceKey)).size).toBe(946);
      const first = tasks.find((t) => t.sourceKey === 'P1/1.1/2020/1');
      expect(first).toMatchObject({
        title:
          '结合开展“两学一做”学习教育常态化制度化，强化学院党委的领导核心作用，制定《关于加强党委班子自身建设的若干举措》，着力提升党委班子政治能力，充分发挥党委在“把方向、管大局、作决策、保落实”上的作用。',
        year: 2020,
        dueDate: '2020-12-31',
        primaryTask: '加强党的建设',
        secondaryTask: '1.实施政治引领专项行动，全面加强政治建设',
      });
      expect(tasks.find((t) => t.sourceKey === 'P2/1.1/2020/3')).toMatchObject({
        title: '和西门子（中国）有限公司签订1个中德班。',
        primaryTask: '人才培养模式',
      });
      // The views say the same, owner 未分配 (null).
      const view = (await api.admin.get(`/api/tasks/${String(first!.taskId)}`).expect(200)).body;
      expect(view).toMatchObject({ ownerId: null, sourceKey: 'P1/1.1/2020/1', year: 2020 });
    });

    it('defines every indicator, 时效 / 成本 / 效益 / 满意度 included, with its target and a default rule', () => {
      const indicators = ofType('IndicatorDefined');
      expect(indicators).toHaveLength(412);
      expect(countBy(indicators, (i) => `${levelNames[String(i.levelId)]} ${String(i.subcategory)}`)).toEqual(
        {
          '学校层面 quantity': 109,
          '学校层面 quality': 87,
          '学校层面 timeliness': 3,
          '学校层面 cost': 8,
          '学校层面 social': 15,
          '学校层面 sustainable': 10,
          '学校层面 satisfaction': 5,
          '专业群层面：船舶工程技术 quantity': 34,
          '专业群层面：船舶工程技术 quality': 23,
          '专业群层面：船舶工程技术 timeliness': 3,
          '专业群层面：船舶工程技术 cost': 7,
          '专业群层面：船舶工程技术 social': 7,
          '专业群层面：船舶工程技术 sustainable': 9,
          '专业群层面：船舶工程技术 satisfaction': 5,
          '专业群层面：轮机工程技术 quantity': 27,
          '专业群层面：轮机工程技术 quality': 22,
          '专业群层面：轮机工程技术 timeliness': 3,
          '专业群层面：轮机工程技术 cost': 7,
          '专业群层面：轮机工程技术 social': 14,
          '专业群层面：轮机工程技术 sustainable': 9,
          '专业群层面：轮机工程技术 satisfaction': 5,
        },
      );
      const school = indicators.filter((i) => levelNames[String(i.levelId)] === '学校层面');
      // 三级 per school: 1.1.1 打造技术技能人才培养高地 holds the first rows.
      expect(school.find((i) => i.code === '1.1.1.1')).toMatchObject({
        sourceKey: 'P1/I/1.1.1.1',
        group: { code: '1.1.1', name: '打造技术技能人才培养高地' },
        name: '思政课程建设项目',
        points: '0',
        target: { kind: 'numeric', comparator: '>=', value: '2', unit: '项' },
        rule: { kind: 'proportional' },
      });
      expect(school.find((i) => i.code === '1.4.8')).toMatchObject({
        name: '总成本指标',
        subcategory: 'cost',
        target: { kind: 'numeric', value: '37200', unit: '万元' },
        rule: { kind: 'execution-rate' },
      });
      expect(school.find((i) => i.code === '1.4.2')).toMatchObject({
        target: { kind: 'numeric', comparator: '<=', value: '5', unit: '%' },
        rule: { kind: 'threshold' },
      });
      expect(school.find((i) => i.code === '1.4.1')).toMatchObject({
        target: { kind: 'qualitative', text: '严格执行中标价格' },
        rule: { kind: 'manual' },
      });
    });

    it('records the 1-4 and 1-5 budgets per 建设任务 and source, totals as printed', () => {
      const budgets = ofType('BudgetRecorded') as {
        levelId: string;
        kind: string;
        year?: number;
        lines: { sourceKey: string; amounts: Record<string, string> }[];
      }[];
      const totals = budgets.map((b) => {
        const sum: Record<string, number> = {};
        for (const line of b.lines)
          for (const [source, amount] of Object.entries(line.amounts))
            sum[source] = (sum[source] ?? 0) + Number(amount);
        return [levelNames[b.levelId], b.kind, b.year ?? null, b.lines.length, sum];
      });
      const five = (c: number, l: number, s: number, i: number, x: number) => ({
        中央财政: c,
        地方财政: l,
        举办方: s,
        行业企业: i,
        学校自筹: x,
      });
      expect(totals).toEqual([
        ['学校层面', 'total', null, 32, five(5000, 12000, 0, 2000, 18200)],
        ['学校层面', 'annual', 2020, 32, five(2000, 4800, 0, 1300, 3038)],
        ['专业群层面：船舶工程技术', 'total', null, 27, five(2000, 3000, 0, 200, 5750)],
        ['专业群层面：船舶工程技术', 'annual', 2020, 27, five(948, 948, 0, 0, 474)],
        ['专业群层面：轮机工程技术', 'total', null, 25, five(1000, 1500, 0, 100, 5600)],
        ['专业群层面：轮机工程技术', 'annual', 2020, 25, five(300, 200, 0, 0, 30)],
      ]);
      // A budget line of a 二级任务 carries the 二级任务's key.
      expect(budgets[0].lines[0]).toMatchObject({
        sourceKey: 'P1/2.1',
        amounts: { 中央财政: '0', 地方财政: '20', 学校自筹: '90' },
      });
    });

    it('reads the funds recorded against the 任务书 budget: 到位率 and 执行率 per source', async () => {
      const schoolId = Object.keys(levelNames).find((id) => levelNames[id] === '学校层面')!;
      for (const [year, arrived, spent] of [
        [2020, '1500', '600'],
        [2021, '1000', '400'],
      ] as const)
        await api.admin
          .post(`/api/plans/${planId}/funds`)
          .send({
            levelId: schoolId,
            source: '中央财政',
            year,
            budget: '2500',
            arrived,
            spent,
            effectiveDate: `${year}-12-31`,
          })
          .expect(201);
      const view = (await api.admin.get(`/api/plans/${planId}/budgets`).expect(200)).body;
      const school = view.levels.find((l: { levelId: string }) => l.levelId === schoolId);
      expect(school.budget).toBe('37200');
      expect(school.bySource.find((s: { source: string }) => s.source === '中央财政')).toMatchObject({
        budget: '5000',
        arrived: '2500',
        spent: '1000',
        arrivalRate: '0.5',
        executionRate: '0.2',
        display: { arrivalRate: '50%', executionRate: '20%' },
      });
      expect(school.bySource.find((s: { source: string }) => s.source === '举办方')).toMatchObject({
        budget: '0',
        arrivalRate: null,
      });
      expect(school.annual).toEqual([{ year: 2020, budget: '11138' }]);
      expect(school.tasks).toHaveLength(32);
      expect(school.tasks[0]).toMatchObject({
        sourceKey: 'P1/2.1',
        primaryTask: '打造技术技能人才培养高地',
        budget: '110',
      });
      // As of the cut-off 2020-12-31, only the 2020 funds count against the same budget.
      const early = (await api.admin.get(`/api/plans/${planId}/budgets?cutoff=2020-12-31`).expect(200)).body;
      expect(
        early.levels
          .find((l: { levelId: string }) => l.levelId === schoolId)
          .bySource.find((s: { source: string }) => s.source === '中央财政'),
      ).toMatchObject({ budget: '5000', arrived: '1500', arrivalRate: '0.3' });
    });

    it('applies 分值 to a whole 二级指标 in one request, each indicator with its default rule', async () => {
      const schoolId = Object.keys(levelNames).find((id) => levelNames[id] === '学校层面')!;
      const res = await api.admin
        .post(`/api/plans/${planId}/points-schemes`)
        .send({ levelId: schoolId, subcategory: 'cost', points: '10' })
        .expect(201);
      expect(res.body.id).toBe(planId);
      const scores = (await api.admin.get(`/api/plans/${planId}/scores`).expect(200)).body;
      const school = scores.levels.find((l: { levelId: string }) => l.levelId === schoolId);
      const output = school.categories.find((c: { category: string }) => c.category === 'output');
      const cost = output.subcategories.find((s: { subcategory: string }) => s.subcategory === 'cost');
      expect(cost.points).toBe('10');
      expect(cost.count).toBe(8);
      const refused = await api.admin
        .post(`/api/plans/${planId}/points-schemes`)
        .send({ levelId: schoolId, subcategory: 'economic', points: '10' })
        .expect(404);
      expect(refused.body.code).toBe('no-indicators');
    });

    it('confirming the same file again writes nothing new', async () => {
      await api.settled();
      const head = await api.store.headPosition();
      const again = await confirm(REAL, '建设任务书.docx');
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(planId);
      await api.settled();
      expect(await api.store.headPosition()).toBe(head);
    }, 120_000);

    describe('owners, after the import', () => {
      let zhang: { userId: string; client: Client };
      let taskIds: string[];
      let projectId: string;

      beforeAll(async () => {
        zhang = await api.createUser('zhang.task-book');
        const tasks = ofType('TaskDefined').filter(
          (t) => t.secondaryTask === '1.实施政治引领专项行动，全面加强政治建设',
        );
        taskIds = tasks.map((t) => String(t.taskId));
        projectId = String(tasks[0].projectId);
      });

      it('refuses progress and submissions on an unassigned task with a clear reason', async () => {
        const progress = await api.admin
          .post(`/api/tasks/${taskIds[0]}/progress`)
          .send({ completion: '0.5', effectiveDate: '2020-12-31' })
          .expect(409);
        expect(progress.body).toMatchObject({ code: 'task-unassigned' });
        expect(progress.body.detail).toContain('尚未分配负责人');
        const submit = await api.admin
          .post(`/api/tasks/${taskIds[0]}/submissions`)
          .send({ completion: '0.5', effectiveDate: '2020-12-31' });
        expect(submit.status).toBe(409);
        expect(submit.body.code).toBe('task-unassigned');
      });

      it('refuses a whole request when one task cannot take the owner, writing nothing', async () => {
        const auditor = await api.createUser('audit.task-book', [{ role: 'auditor', scope: '*' }]);
        await api.settled();
        const head = await api.store.headPosition();
        const unknown = await api.admin
          .post(`/api/plans/${planId}/task-owners`)
          .send({ ownerId: zhang.userId, taskIds: [taskIds[0], 'task-does-not-exist'] })
          .expect(404);
        expect(unknown.body.code).toBe('task-not-found');
        const refused = await api.admin
          .post(`/api/plans/${planId}/task-owners`)
          .send({
            ownerId: auditor.userId,
            secondaryTask: { projectId, secondaryTask: '1.实施政治引领专项行动，全面加强政治建设' },
          })
          .expect(422);
        expect(refused.body.code).toBe('owner-is-auditor');
        await api.settled();
        expect(await api.store.headPosition()).toBe(head);
      });

      it('assigns one owner to every task of a 二级任务 in one request; they appear as the owner’s tasks', async () => {
        const res = await api.admin
          .post(`/api/plans/${planId}/task-owners`)
          .send({
            ownerId: zhang.userId,
            secondaryTask: { projectId, secondaryTask: '1.实施政治引领专项行动，全面加强政治建设' },
          })
          .expect(200);
        expect(res.body).toMatchObject({ assigned: taskIds.length, unchanged: 0 });
        expect(new Set(res.body.taskIds)).toEqual(new Set(taskIds));
        const mine = (await zhang.client.get('/api/me/tasks').expect(200)).body.items;
        expect(mine.map((t: { taskId: string }) => t.taskId).sort()).toEqual([...taskIds].sort());
        // Now the owner may report.
        await recordProgress(zhang.client, taskIds[0], '0.5', '2020-12-31');
        // Again: nothing changes.
        const again = await api.admin
          .post(`/api/plans/${planId}/task-owners`)
          .send({ ownerId: zhang.userId, taskIds })
          .expect(200);
        expect(again.body).toMatchObject({ assigned: 0, unchanged: taskIds.length });
      });
    });
  });

  it.each([
    ['xlsx', '任务书.xlsx'],
    ['biff8', '任务书.xls'],
  ] as const)(
    'confirms the %s extract in the same layout',
    async (type, name) => {
      // An extract without its 1-1 概况 names no school: refused, saying what is missing.
      const nameless = await confirm(taskBookWorkbook(type), name).expect(422);
      expect(nameless.body.code).toBe('import-invalid');
      expect(nameless.body.details.problems).toEqual([
        { ref: '-', message: '任务书中没有读到学校名称（封面“申报学校”或 1-1 概况表）。' },
      ]);
      const res = await confirm(taskBookWorkbook(type, { school: '示例职业技术学院' }), name);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ levels: 2, tasks: 27 });
      const events = await eventsOf(api.store, res.body.id);
      const tasks = events.filter((e) => e.type === 'TaskDefined').map((e) => e.data as Data);
      expect(tasks).toHaveLength(27);
      expect(tasks.every((t) => typeof t.sourceKey === 'string' && t.ownerId === undefined)).toBe(true);
      expect(res.body.findings.kinds).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'sum-mismatch', count: 1 })]),
      );
    },
    60_000,
  );

  it('refuses a file that is not a 任务书 with a clear message and writes nothing', async () => {
    await api.settled();
    const head = await api.store.headPosition();
    const letter = await docxWith(wordParagraph('关于召开工作会议的通知'));
    const res = await confirm(letter, '通知.docx').expect(422);
    expect(res.body.code).toBe('import-not-a-task-book');
    expect(res.body.detail).toContain('不像是双高计划建设任务书');
    await api.settled();
    expect(await api.store.headPosition()).toBe(head);
  });
});
