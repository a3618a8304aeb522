import ExcelJS from 'exceljs';
import { EVENT_STORE, sendDueReminders, dateIn } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { enterFinding, notificationViews, startApi, type ApiHarness, type Client } from './api-harness';

const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('整改: findings from entry to closing, chased and escalated once', () => {
  jest.setTimeout(120_000);
  let api: ApiHarness;
  let office: Client;
  let teacher: Client;
  let officeId: string;
  let teacherId: string;
  let planId: string;
  let taskId: string;
  let evidenceId: string;
  let store: EventStore;

  beforeAll(async () => {
    api = await startApi();
    store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const plan = await api.createPlan({ startYear: 2019, endYear: 2030 });
    planId = plan.planId;
    ({ userId: officeId, client: office } = await api.createUser('office-a', [
      { role: 'office', scope: `plan:${planId}` },
    ]));
    ({ userId: teacherId, client: teacher } = await api.createUser('teacher-a'));
    taskId = await api.defineTask(plan, teacherId);
    evidenceId = await api.uploadEvidence(teacher, taskId, '整改佐证.pdf');
  });
  afterAll(() => api.close());

  it('goes from entered to closed: assigned, rectified with evidence, returned once, approved by the office', async () => {
    const findingId = await enterFinding(office, planId, taskId, {
      source: 'expert',
      severity: 'high',
      title: '课程思政佐证不足',
      description: '示范课建设缺少听课记录。',
    });
    await api.settled();
    expect((await office.get(`/api/findings/${findingId}`).expect(200)).body).toMatchObject({
      status: 'entered',
      source: 'expert',
      subject: { kind: 'task', id: taskId, name: expect.any(String) as string },
    });

    // The teacher may neither assign nor act before being assigned.
    await teacher
      .post(`/api/findings/${findingId}/assign`)
      .send({ assignee: teacherId, deadline: '2030-06-30' })
      .expect(403);
    await office
      .post(`/api/findings/${findingId}/assign`)
      .send({ assignee: teacherId, deadline: '2030-06-30' })
      .expect(201);
    await api.settled();

    // Without evidence the action is refused, and nothing is written.
    const before = await store.headPosition();
    const refused = await teacher
      .post(`/api/findings/${findingId}/rectifications`)
      .send({ narrative: '已补充听课记录', evidenceIds: [] })
      .expect(422);
    expect(refused.body).toMatchObject({ code: 'evidence-required' });
    expect(await store.headPosition()).toBe(before);

    await teacher
      .post(`/api/findings/${findingId}/rectifications`)
      .send({ narrative: '已补充听课记录', evidenceIds: [evidenceId] })
      .expect(201);
    // The assignee cannot close their own finding.
    await teacher.post(`/api/findings/${findingId}/approve`).send({}).expect(403);
    await office.post(`/api/findings/${findingId}/return`).send({ reason: '记录不完整' }).expect(201);
    await api.settled();
    expect((await teacher.get(`/api/findings/${findingId}`).expect(200)).body.status).toBe('returned');
    await teacher
      .post(`/api/findings/${findingId}/rectifications`)
      .send({ narrative: '补齐全部听课记录', evidenceIds: [evidenceId] })
      .expect(201);
    await office.post(`/api/findings/${findingId}/approve`).send({ comment: '同意销号' }).expect(201);
    await api.settled();

    const closed = (await office.get(`/api/findings/${findingId}`).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', overdue: false, assignee: { userId: teacherId } });
    expect(closed.actions).toEqual([
      expect.objectContaining({ version: 1, decision: 'returned', note: '记录不完整', reviewer: officeId }),
      expect.objectContaining({
        version: 2,
        decision: 'approved',
        note: '同意销号',
        evidence: [expect.objectContaining({ evidenceId, name: '整改佐证.pdf' })],
      }),
    ]);
    // Closed is final.
    const again = await teacher
      .post(`/api/findings/${findingId}/rectifications`)
      .send({ narrative: '再次提交', evidenceIds: [evidenceId] })
      .expect(409);
    expect(again.body.code).toBe('finding-closed');
  });

  it('is chased when overdue and escalated to the office exactly once, however often the scan runs', async () => {
    const today = dateIn(new Date(), 'Asia/Shanghai');
    const findingId = await enterFinding(office, planId, taskId, {
      source: 'ministry',
      severity: 'medium',
      title: '资金执行率偏低',
      description: '中央财政资金执行率低于 80%。',
    });
    // A department is one of the registry: a name typed in is refused, and nothing is written.
    await api.settled();
    const before = await store.headPosition();
    const unknown = await office
      .post(`/api/findings/${findingId}/assign`)
      .send({ assignee: teacherId, departmentId: '财务处', deadline: shift(today, -10) })
      .expect(422);
    expect(unknown.body).toMatchObject({ code: 'finding-department-not-found' });
    expect(unknown.body.detail).toContain('责任部门不存在');
    expect(await store.headPosition()).toBe(before);
    const departmentId = (await api.admin.post('/api/departments').send({ name: '财务处' }).expect(201)).body
      .id as string;
    await office
      .post(`/api/findings/${findingId}/assign`)
      .send({ assignee: teacherId, departmentId, deadline: shift(today, -10) })
      .expect(201);
    await api.settled();
    expect((await office.get(`/api/findings/${findingId}`).expect(200)).body).toMatchObject({
      departmentId,
      departmentName: '财务处',
    });

    const first = await sendDueReminders(store, notificationViews(api), planId, new Date());
    const second = await sendDueReminders(store, notificationViews(api), planId, new Date());
    // The task itself is overdue too (due 2023): only the finding's reminders are looked at here.
    const ofFinding = (sent: { rule: string; subjectId: string }[]) =>
      sent.filter((r) => r.subjectId === findingId).map((r) => r.rule);
    expect(ofFinding(first.sent).sort()).toEqual(['finding-escalated', 'finding-overdue']);
    expect(second.sent).toEqual([]);
    await api.settled();
    const escalations = (await store.readAll({ fromPosition: 0 })).filter(
      (e) => e.type === 'ReminderSent' && (e.data as { rule: string }).rule === 'finding-escalated',
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0].data).toMatchObject({
      subjectId: findingId,
      recipients: expect.arrayContaining([officeId]),
    });

    const inbox = (await office.get('/api/me/notifications').expect(200)).body as {
      items: { title: string }[];
    };
    expect(inbox.items.filter((n) => n.title === '整改逾期升级至项目办：资金执行率偏低')).toHaveLength(1);
    const mine = (await teacher.get('/api/me/notifications').expect(200)).body as {
      items: { title: string }[];
    };
    expect(mine.items.map((n) => n.title)).toContain('整改已逾期：资金执行率偏低');

    const list = (await office.get(`/api/plans/${planId}/findings?overdue=true`).expect(200)).body.items;
    expect(list.map((f: { findingId: string }) => f.findingId)).toEqual([findingId]);
    expect((await office.get(`/api/plans/${planId}/rectification-progress`).expect(200)).body).toMatchObject({
      total: 2,
      overdue: 1,
      byStatus: { closed: 1, assigned: 1 },
      closedRate: '0.5',
    });
  });

  it('imports a 问题清单 from XLSX, all or nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('问题清单');
    sheet.addRow([
      '来源',
      '严重程度',
      '指标编号',
      '任务名称',
      '问题标题',
      '问题描述',
      '整改责任人',
      '责任部门',
      '整改期限',
    ]);
    const task = (await office.get(`/api/tasks/${taskId}`).expect(200)).body as { title: string };
    sheet.addRow([
      '学校自查',
      '轻微',
      '',
      task.title,
      '台账不全',
      '缺少月度台账。',
      'teacher-a',
      '',
      '2030-03-31',
    ]);
    sheet.addRow(['教育部', '一般', '', task.title, '宣传不足', '成果宣传不足。', '', '', '']);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    sheet.addRow(['专家', '很严重', '9.9.9', '', '', '', 'nobody', '', '明年']);
    const bad = Buffer.from(await workbook.xlsx.writeBuffer());

    const before = await store.headPosition();
    const refused = await office
      .post(`/api/plans/${planId}/findings/import`)
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(bad)
      .expect(422);
    expect(refused.body.code).toBe('import-invalid');
    expect(refused.body.errors.map((e: { cell: string }) => e.cell)).toEqual(
      expect.arrayContaining(['A4', 'B4', 'C4', 'E4', 'F4', 'G4', 'I4']),
    );
    expect(await store.headPosition()).toBe(before);

    const imported = await office
      .post(`/api/plans/${planId}/findings/import`)
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(good)
      .expect(201);
    expect(imported.body.imported).toBe(2);
    await api.settled();
    const items = (await office.get(`/api/plans/${planId}/findings?source=self-check`).expect(200)).body
      .items;
    expect(items).toEqual([
      expect.objectContaining({
        title: '台账不全',
        status: 'assigned',
        deadline: '2030-03-31',
        severity: 'low',
      }),
    ]);
  });
  it('reports 整改 progress in the 双高简报, and regenerating it from the log gives the same text', async () => {
    const today = dateIn(new Date(), 'Asia/Shanghai');
    const id = (await office.post(`/api/plans/${planId}/briefings`).send({ periodEnd: today }).expect(201))
      .body.id as string;
    const draft = (await office.get(`/api/briefings/${id}`).expect(200)).body as { markdown: string };
    expect(draft.markdown).toContain('## 七、整改进展');
    expect(draft.markdown).toContain('整改问题共 4 个，已销号 1 个（销号率 25.00%），逾期未销号 1 个。');
    await office.post(`/api/briefings/${id}/approve`).send({}).expect(201);
    await office.post(`/api/briefings/${id}/publish`).send({}).expect(201);
    const check = (await office.get(`/api/briefings/${id}/verify`).expect(200)).body as {
      identical: boolean;
    };
    expect(check.identical).toBe(true);
  });
});
