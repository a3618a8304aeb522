import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { verifyChain } from '../apps/api/src/maintenance';
import { stage, startApi, type ApiHarness, type Client } from './api-harness';

describe('audit trail', () => {
  let api: ApiHarness;
  let auditor: Client;
  let owner: { userId: string; client: Client };
  let adminId: string;
  let taskId: string;

  beforeAll(async () => {
    api = await startApi();
    auditor = (await api.createUser('shen.ji', [{ role: 'auditor', scope: '*' }])).client;
    owner = await api.createUser('zhang.laoshi');
    adminId = (await api.admin.get('/api/auth/me')).body.userId;
    const plan = await api.createPlan({ name: '党建引领示范' });
    taskId = await api.defineTask(plan, owner.userId, {
      title: '思政课程建设',
      reason: '按任务书分解',
    });
    await owner.client
      .post(`/api/tasks/${taskId}/progress`)
      .send({ completion: '0.5', effectiveDate: '2021-06-30', reason: '上半年进展' })
      .expect(201);
    await owner.client
      .post(`/api/tasks/${taskId}/progress`)
      .send({ completion: '0.8', effectiveDate: '2021-12-31', note: '完成 2 门课程', reason: '年度总结' })
      .expect(201);
  });
  afterAll(() => api.close());

  it('lists every change of one task with actor, time and reason, in order', async () => {
    const res = await auditor
      .get('/api/audit')
      .query({ entity: `task:${taskId}`, order: 'asc' })
      .expect(200);
    expect(res.body.items.map((e: { type: string }) => e.type)).toEqual([
      'TaskDefined',
      'TaskProgressRecorded',
      'TaskProgressRecorded',
    ]);
    const [defined, first, second] = res.body.items;
    expect(defined).toMatchObject({
      actor: { userId: adminId, name: '项目办管理员' },
      reason: '按任务书分解',
      summary: '新建建设任务「思政课程建设」，完成期限 2023-12-31',
    });
    expect(first).toMatchObject({
      actor: { userId: owner.userId, name: 'zhang.laoshi' },
      reason: '上半年进展',
      summary: '记录任务进展：截至 2021-06-30 完成 50.00%',
    });
    expect(second.summary).toBe('记录任务进展：截至 2021-12-31 完成 80.00%（完成 2 门课程）');
    expect(second.event).toMatchObject({ type: 'TaskProgressRecorded', data: { completion: '0.8' } });
    const times = res.body.items.map((e: { time: string }) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(res.body.items[0].position).toBeLessThan(res.body.items[2].position);
  });

  it('filters by actor, type and time, and pages with a cursor', async () => {
    const byOwner = await auditor.get('/api/audit').query({ actor: owner.userId }).expect(200);
    expect(byOwner.body.items).toHaveLength(2);
    const byType = await auditor.get('/api/audit').query({ type: 'RoleGranted' }).expect(200);
    expect(byType.body.items.map((e: { summary: string }) => e.summary)).toContain(
      '授予角色「审计 / 评价专家」，范围 全部',
    );
    const future = await auditor.get('/api/audit').query({ from: '2100-01-01T00:00:00+08:00' }).expect(200);
    expect(future.body.items).toEqual([]);

    const all: number[] = [];
    let after: number | undefined;
    do {
      const page = await auditor
        .get('/api/audit')
        .query({ order: 'asc', limit: 3, ...(after ? { after } : {}) })
        .expect(200);
      all.push(...page.body.items.map((e: { position: number }) => e.position));
      after = page.body.nextAfter;
    } while (after !== undefined);
    const everything = await auditor.get('/api/audit').query({ order: 'asc', limit: 500 }).expect(200);
    expect(all).toEqual(everything.body.items.map((e: { position: number }) => e.position));
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses bad filters with Problem Details', async () => {
    const res = await auditor.get('/api/audit').query({ limit: 100000, bogus: 1 }).expect(400);
    expect(res.body.code).toBe('validation-failed');
  });

  it('is not open to a task owner', async () => {
    await owner.client
      .get('/api/audit')
      .query({ entity: `task:${taskId}` })
      .expect(403);
  });

  it('exports the chain head and verifies the chain, over HTTP and from the command line', async () => {
    const head = (await auditor.get('/api/audit/chain').expect(200)).body.head;
    expect(head).toMatchObject({
      position: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const ok = await auditor.get('/api/audit/chain/verify').query(head).expect(200);
    expect(ok.body).toMatchObject({ ok: true, checked: head.position });
    expect(ok.body.message).toContain('哈希链完整');
    const forged = await auditor
      .get('/api/audit/chain/verify')
      .query({ position: head.position, hash: 'f'.repeat(64) })
      .expect(200);
    expect(forged.body).toMatchObject({
      ok: false,
      problem: 'head-mismatch',
      firstBadPosition: head.position,
    });

    // Someone with access to the file changes the reason of the first progress report.
    const db = new Database(join(api.dataDir, 'events.sqlite'));
    const target = db
      .prepare<[], { position: number }>(
        "SELECT position FROM events WHERE type = 'TaskProgressRecorded' LIMIT 1",
      )
      .get()!.position;
    db.prepare("UPDATE events SET metadata = replace(metadata, '上半年进展', '无') WHERE position = ?").run(
      target,
    );
    db.close();
    const broken = await auditor.get('/api/audit/chain/verify').expect(200);
    expect(broken.body).toMatchObject({ ok: false, firstBadPosition: target, problem: 'hash-mismatch' });
    expect(broken.body.message).toBe(`发现篡改：位置 ${target} 的事件内容或顺序与哈希链不符。`);
    const cli = await verifyChain(api.config, head);
    expect(cli).toEqual({ code: 1, message: expect.stringContaining(`位置 ${target}`) });
  });
});

interface Entry {
  position: number;
  type: string;
  time: string;
  summary: string;
  actor: { name: string };
  subjects: { entity: string; kind: string; name: string }[];
  changes: { field: string; before: string | null; after: string | null }[];
  internal: boolean;
}

describe('a readable audit trail (issue 15)', () => {
  let api: ApiHarness;
  let auditor: Client;
  let teacher: { userId: string; client: Client };
  let lead: { userId: string; client: Client };
  let lead2: { userId: string; client: Client };
  let planId: string;
  let projectId: string;
  let taskId: string;

  /** A user with a Chinese display name, as the office creates them. */
  const person = async (
    username: string,
    displayName: string,
    roles: { role: string; scope: string }[] = [],
  ) => {
    const res = await api.admin
      .post('/api/users')
      .send({ username, displayName, password: 'Passw0rd-2021!x', roles })
      .expect(201);
    return { userId: res.body.id as string, client: await api.signIn(username, 'Passw0rd-2021!x') };
  };
  const trail = async (query: Record<string, string | number>) =>
    (await auditor.get('/api/audit').query(query).expect(200)).body as {
      items: Entry[];
      nextBefore?: number;
      nextAfter?: number;
    };
  /** Every page, following the cursor the order uses. */
  const everyPage = async (query: Record<string, string | number>) => {
    const positions: number[] = [];
    let cursor: number | undefined;
    const key = query.order === 'asc' ? 'after' : 'before';
    do {
      const page = await trail({ ...query, limit: 4, ...(cursor ? { [key]: cursor } : {}) });
      positions.push(...page.items.map((e) => e.position));
      cursor = query.order === 'asc' ? page.nextAfter : page.nextBefore;
    } while (cursor !== undefined);
    return positions;
  };

  beforeAll(async () => {
    api = await startApi();
    auditor = (await api.createUser('shen.ji', [{ role: 'auditor', scope: '*' }])).client;
    ({ planId, projectId } = await api.createPlan({ name: '党建引领示范' }));
    teacher = await person('zhang.san', '张三');
    lead = await person('li.si', '李四', [{ role: 'project-lead', scope: `project:${projectId}` }]);
    lead2 = await person('wang.wu', '王五');
    taskId = await api.defineTask({ planId, projectId }, teacher.userId, { title: '思政课程建设' });
    for (const [completion, effectiveDate] of [
      ['0.4', '2021-06-30'],
      ['0.6', '2021-12-31'],
    ])
      await teacher.client
        .post(`/api/tasks/${taskId}/progress`)
        .send({ completion, effectiveDate, reason: '阶段进展' })
        .expect(201);
    await api.configureChain(planId, [stage('项目负责人审核', 'any', { roles: ['project-lead'] })]);
    const submissionId = (
      await teacher.client
        .post(`/api/tasks/${taskId}/submissions`)
        .send({ completion: '0.7', effectiveDate: '2022-06-30', narrative: '进展', evidenceIds: [] })
        .expect(201)
    ).body.id as string;
    // Named after the submission: not yet one of its reviewers, so the stage may be transferred to them.
    await api.admin
      .post(`/api/users/${lead2.userId}/roles`)
      .send({ role: 'project-lead', scope: `project:${projectId}`, reason: '接任项目负责人' })
      .expect(201);
    const transfer = await lead.client
      .post(`/api/submissions/${submissionId}/transfer`)
      .send({ to: lead2.userId, reason: '出差' });
    expect([transfer.status, transfer.body.detail]).toEqual([201, undefined]);
    await api.settled();
  });
  afterAll(() => api.close());

  it('lists newest first by default and pages stably in both directions', async () => {
    const first = await trail({ limit: 5 });
    const positions = first.items.map((e) => e.position);
    expect([...positions].sort((a, b) => b - a)).toEqual(positions);
    expect(first.nextBefore).toBe(positions[4]);
    expect(first.nextAfter).toBeUndefined();

    const newestFirst = await everyPage({});
    const oldestFirst = await everyPage({ order: 'asc' });
    expect(newestFirst).toEqual([...oldestFirst].reverse());
    expect(new Set(newestFirst).size).toBe(newestFirst.length);
    expect(newestFirst[0]).toBe(positions[0]);

    // Something happens while the auditor pages: the next page neither repeats nor skips.
    const page1 = await trail({ limit: 3 });
    const zhao = await person('zhao.liu', '赵六');
    await api.admin.post(`/api/users/${zhao.userId}/disable`).send({ reason: '已调离' }).expect(201);
    const page2 = await trail({ limit: 3, before: page1.nextBefore! });
    expect(page2.items.map((e) => e.position)).toEqual(newestFirst.slice(3, 6));
    const [newest] = (await trail({ limit: 1 })).items;
    expect(newest).toMatchObject({
      type: 'UserDisabled',
      changes: [{ field: '账号状态', before: '启用', after: '停用' }],
      subjects: [{ kind: 'user', name: '赵六' }],
    });

    // One cursor per direction: the other would skip or repeat.
    const mismatch = await auditor.get('/api/audit').query({ after: 3 }).expect(422);
    expect(mismatch.body.code).toBe('audit-cursor-mismatch');
  });

  it('names the task, project, plan and people an entry concerns', async () => {
    const { items } = await trail({ entity: `task:${taskId}`, order: 'asc' });
    const [defined, progress] = items;
    expect(defined.type).toBe('TaskDefined');
    expect(defined.subjects.map((s) => [s.kind, s.name])).toEqual([
      ['plan', '方案'],
      ['project', '1 党建引领示范'],
      ['task', '思政课程建设'],
      ['user', '张三'],
    ]);
    expect(progress.subjects.map((s) => s.name)).toEqual(['方案', '1 党建引领示范', '思政课程建设']);
    expect(progress.actor.name).toBe('张三');
    expect(JSON.stringify(items.map((e) => e.subjects))).not.toContain(taskId.slice(0, 8) + '"');
  });

  it('says what changed, before → after, in words', async () => {
    const { items } = await trail({ entity: `task:${taskId}`, order: 'asc' });
    const progress = items.filter((e) => e.type === 'TaskProgressRecorded');
    expect(progress[0].changes).toEqual([{ field: '完成度', before: null, after: '40%（截至 2021-06-30）' }]);
    expect(progress[1].changes).toEqual([
      { field: '完成度', before: '40%（截至 2021-06-30）', after: '60%（截至 2021-12-31）' },
    ]);
    const defined = items.find((e) => e.type === 'TaskDefined')!;
    expect(defined.changes).toContainEqual({ field: '负责人', before: null, after: '张三' });

    const transfer = items.find((e) => e.type === 'ReviewTransferred')!;
    expect(transfer.changes).toEqual([{ field: '第 1 级审核人', before: '李四', after: '王五' }]);
    expect(transfer.summary).toBe('转办审核：李四 → 王五（出差）');
    expect(transfer.subjects.map((s) => s.name)).toEqual(
      expect.arrayContaining(['思政课程建设', '李四', '王五']),
    );

    const grant = (await trail({ entity: `user:${lead2.userId}`, type: 'RoleGranted' })).items[0];
    expect(grant.changes).toEqual([
      { field: '角色', before: null, after: '项目负责人（项目「1 党建引领示范」）' },
    ]);
    expect(grant.summary).toBe('授予角色「项目负责人」，范围 项目「1 党建引领示范」');
  });

  it('hides internal bookkeeping unless asked for', async () => {
    const everyType = async (query: Record<string, string>) =>
      new Set((await trail({ ...query, limit: 500 })).items.map((e) => e.type));
    expect(await everyType({})).not.toContain('UsernameReserved');
    const withInternal = await trail({ internal: 'true', limit: 500 });
    expect(withInternal.items).toContainEqual(
      expect.objectContaining({ type: 'UsernameReserved', internal: true, summary: '占用用户名 zhang.san' }),
    );
    // Asking for the type by name lists it too.
    expect(await everyType({ type: 'UsernameReserved' })).toEqual(new Set(['UsernameReserved']));
    await auditor.get('/api/audit').query({ internal: 'yes' }).expect(400);
  });

  it('finds objects by name for the picker, for the auditor only', async () => {
    const found = (await auditor.get('/api/audit/objects').query({ q: '思政' }).expect(200)).body;
    expect(found).toContainEqual(
      expect.objectContaining({ entity: `task:${taskId}`, kind: 'task', name: '思政课程建设' }),
    );
    const people = (await auditor.get('/api/audit/objects').query({ q: '张' }).expect(200)).body;
    expect(people).toContainEqual(
      expect.objectContaining({ entity: `user:${teacher.userId}`, name: '张三' }),
    );
    const wildcard = (await auditor.get('/api/audit/objects').query({ q: '%' }).expect(200)).body;
    expect(wildcard).toEqual([]);
    await teacher.client.get('/api/audit/objects').query({ q: '思政' }).expect(403);
  });

  it('exports the filtered trail to XLSX, newest first, in Beijing time', async () => {
    const res = await auditor
      .get('/api/audit.xlsx')
      .query({ entity: `task:${taskId}` })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计记录')!;
    const header = (sheet.getRow(2).values as string[]).slice(1);
    expect(header).toEqual([
      '序号',
      '时间',
      '时区',
      '操作人',
      '类型',
      '对象',
      '内容',
      '原因',
      '变更（原 → 新）',
    ]);
    const listed = (await trail({ entity: `task:${taskId}`, limit: 500 })).items;
    expect(sheet.rowCount - 2).toBe(listed.length);
    const rows = listed.map((_, i) => (sheet.getRow(i + 3).values as (string | number)[]).slice(1));
    expect(rows.map((r) => r[0])).toEqual(listed.map((e) => e.position));
    const oldest = listed[listed.length - 1];
    const beijing = new Date(Date.parse(oldest.time) + 8 * 3600_000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19);
    expect(rows[rows.length - 1].slice(1, 5)).toEqual([beijing, 'Asia/Shanghai', '项目办管理员', '新建任务']);
    const secondReport = rows.find((r) => String(r[8]).includes('40%（截至 2021-06-30） → 60%'));
    expect(secondReport).toBeDefined();
    expect(String(secondReport![5])).toContain('任务：思政课程建设');
    expect(secondReport![7]).toBe('阶段进展');
    await teacher.client.get('/api/audit.xlsx').expect(403);
  });
});
