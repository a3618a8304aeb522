import ExcelJS from 'exceljs';
import { binary, startApi, type ApiHarness, type Client } from './api-harness';
import { readAt } from './request-helpers';

/**
 * The 任务书's yearly tasks: each task has its year (due by default at the year's end) and its
 * 一级 / 二级任务; completion at a cut-off reads over all tasks (today's figure) or over the tasks
 * due by the cut-off (the mid-term figure), and every answer says which.
 */
describe('yearly tasks: two readings of completion', () => {
  let api: ApiHarness;
  let owner: Client;
  let ownerId: string;
  let planId: string;
  let projectId: string;
  const ids: Record<number, string> = {};

  beforeAll(async () => {
    api = await startApi();
    ({ client: owner, userId: ownerId } = await api.createUser('wang.laoshi'));
    ({ planId, projectId } = await api.createPlan({ code: '1', name: '加强党的建设' }));
    const define = (year: number) =>
      api.defineTask({ planId, projectId }, ownerId, {
        title: `${year} 年度：① 建成党建工作标杆院系`,
        dueDate: undefined,
        year,
        primaryTask: '加强党的建设',
        secondaryTask: '1.实施政治引领专项行动',
      });
    for (const year of [2020, 2021, 2022, 2023]) ids[year] = await define(year);
    const progress = (year: number, completion: string, effectiveDate: string) =>
      owner.post(`/api/tasks/${ids[year]}/progress`).send({ completion, effectiveDate }).expect(201);
    await progress(2020, '1', '2020-12-31');
    await progress(2021, '0.5', '2021-06-30');
    await progress(2022, '0.3', '2021-12-31');
    // The 2023 task has no progress: 0.
  });
  afterAll(() => api.close());

  const completion = (query: Record<string, string>) =>
    readAt(api.admin, `/api/plans/${planId}/completion`, query);

  it('keeps each task’s year and 一级 / 二级任务; the due date is the end of its year', async () => {
    const tasks = (await api.admin.get(`/api/projects/${projectId}/tasks`).expect(200)).body;
    expect(tasks.basis).toBe('all');
    expect(
      tasks.items.map((t: { year: number; dueDate: string; primaryTask: string; secondaryTask: string }) => [
        t.year,
        t.dueDate,
        t.primaryTask,
        t.secondaryTask,
      ]),
    ).toEqual(
      [2020, 2021, 2022, 2023].map((year) => [
        year,
        `${year}-12-31`,
        '加强党的建设',
        '1.实施政治引领专项行动',
      ]),
    );
  });

  it('at 2021-12-31 reads 1.8 of 4 over all tasks and 1.5 of 2 over the tasks due by then', async () => {
    // all: 1 (2020) + 0.5 (2021) + 0.3 (2022) + 0 (2023) = 1.8 of 4 = 45 %.
    const all = await completion({ cutoff: '2021-12-31', basis: 'all' });
    expect(all).toMatchObject({ basis: 'all', total: 4, completed: '1.8', rate: '0.45' });
    expect(all.display).toMatchObject({ total: '4', completed: '1.8', rate: '45%' });
    expect(all.dueBy).toBeUndefined();
    // due: only the 2020 and 2021 tasks are due by 2021-12-31: 1 + 0.5 = 1.5 of 2 = 75 %.
    const due = await completion({ cutoff: '2021-12-31', basis: 'due' });
    expect(due).toMatchObject({
      basis: 'due',
      dueBy: '2021-12-31',
      total: 2,
      completed: '1.5',
      rate: '0.75',
    });
    expect(due.display).toMatchObject({ total: '2', completed: '1.5', rate: '75%' });
    expect(due.levels[0].projects[0]).toMatchObject({ total: 2, completed: '1.5' });
    // No basis given: all tasks, and the answer says so.
    expect(await completion({ cutoff: '2021-12-31' })).toMatchObject({ basis: 'all', total: 4 });

    const project = await readAt(api.admin, `/api/projects/${projectId}/completion`, {
      cutoff: '2021-12-31',
      basis: 'due',
    });
    expect(project).toMatchObject({ basis: 'due', dueBy: '2021-12-31', total: 2, rate: '0.75' });
    const tasks = await readAt(api.admin, `/api/projects/${projectId}/tasks`, {
      cutoff: '2021-12-31',
      basis: 'due',
    });
    expect(tasks.basis).toBe('due');
    expect(tasks.items.map((t: { year: number }) => t.year)).toEqual([2020, 2021]);
  });

  it('without a cut-off, `due` compares due dates with today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const due = await completion({ basis: 'due' });
    expect(due.basis).toBe('due');
    expect(due.dueBy).toBe(today);
    const dueYears = [2020, 2021, 2022, 2023].filter((year) => `${year}-12-31` <= today);
    expect(due.total).toBe(dueYears.length);
  });

  it('prints the basis in the tables.xlsx title row', async () => {
    const read = async (basis: string) => {
      const res = await api.admin
        .get(`/api/plans/${planId}/exports/tables.xlsx`)
        .query({ cutoff: '2021-12-31', basis })
        .buffer(true)
        .parse(binary)
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ArrayBuffer);
      const sheet = book.getWorksheet('建设任务完成情况')!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return { title: String(rows[0][0]), project: rows.find((r) => String(r[1]).startsWith('项目 1')) };
    };
    const due = await read('due');
    expect(due.title).toContain('截至 2021-12-31');
    expect(due.title).toContain('口径：截至当期应完成任务');
    expect(due.project?.[2]).toBe(2);
    const all = await read('all');
    expect(all.title).toContain('口径：全部任务');
    expect(all.project?.[2]).toBe(4);
  });

  it('refuses an unknown basis, and a basis on a route that has none, with Problem Details', async () => {
    for (const path of [
      `/api/plans/${planId}/completion`,
      `/api/projects/${projectId}/completion`,
      `/api/projects/${projectId}/tasks`,
    ]) {
      const res = await api.admin.get(path).query({ cutoff: '2021-12-31', basis: 'mid-term' }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'validation-failed', status: 400 });
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'basis' })]);
      expect(res.body.detail).toContain('统计口径');
    }
    const scores = await api.admin.get(`/api/plans/${planId}/scores`).query({ basis: 'due' }).expect(400);
    expect(scores.body.errors).toEqual([
      expect.objectContaining({ field: 'basis', code: 'whitelistValidation' }),
    ]);
  });

  it('warns only of tasks already due: the 2022 and 2023 tasks are not behind at 2021-12-31', async () => {
    const body = await readAt(api.admin, `/api/plans/${planId}/warnings`, { cutoff: '2021-12-31' });
    const tasks = body.warnings.filter((w: { scope: string }) => w.scope === 'task');
    // The 2021 task was owed in full by its due date and is half done; the 2020 task is done.
    expect(tasks.map((w: { taskId: string; grade: string }) => [w.taskId, w.grade])).toEqual([
      [ids[2021], '严重'],
    ]);
    // The project is measured over its tasks due by then: 2 owed, 1.5 done.
    expect(body.warnings.find((w: { scope: string }) => w.scope === 'project')).toMatchObject({
      expected: '1',
      actual: '0.75',
      grade: '中度',
    });
  });

  it('refuses a task with neither a due date nor a year, or a year outside the plan', async () => {
    const define = (fields: Record<string, unknown>) =>
      api.admin.post(`/api/plans/${planId}/tasks`).send({ projectId, title: '任务', ownerId, ...fields });
    const none = await define({});
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('due-date-required');
    const outside = await define({ year: 2025 });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('year-outside-plan');
  });
});
