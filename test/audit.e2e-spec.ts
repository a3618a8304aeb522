import Database from 'better-sqlite3';
import { join } from 'node:path';
import { verifyChain } from '../apps/api/src/maintenance';
import { startApi, type ApiHarness, type Client } from './api-harness';

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
      .query({ entity: `task:${taskId}` })
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
        .query({ limit: 3, ...(after ? { after } : {}) })
        .expect(200);
      all.push(...page.body.items.map((e: { position: number }) => e.position));
      after = page.body.nextAfter;
    } while (after !== undefined);
    const everything = await auditor.get('/api/audit').query({ limit: 500 }).expect(200);
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
