import { rig, until, type Rig } from './fixtures/reminder-rig';

jest.setTimeout(120_000);

/**
 * The emailed 双高简报 carries the office's sections, sent by the worker process (built first:
 * `npx nest build worker`) to a real SMTP server.
 */
describe('briefing email', () => {
  let r: Rig;
  afterAll(() => r?.close());

  it('emails the published issue with its 工作动态 and 典型案例 to the plan’s people', async () => {
    r = await rig(1);
    await r.startWorker();
    const [teacher] = r.tasks;
    const periodEnd = `${new Date().getUTCFullYear() - 1}-12-31`;
    const id = (await r.api.admin.post(`/api/plans/${r.planId}/briefings`).send({ periodEnd }).expect(201))
      .body.id as string;
    await r.api.admin
      .put(`/api/briefings/${id}/sections/work-news`)
      .send({ text: '学院召开双高建设年度推进会，部署下一阶段任务。' })
      .expect(200);
    await r.api.admin
      .put(`/api/briefings/${id}/sections/typical-cases`)
      .send({ text: '化工专业群与龙头企业共建产业学院。' })
      .expect(200);
    await r.api.admin.post(`/api/briefings/${id}/approve`).send({}).expect(201);
    await r.api.admin.post(`/api/briefings/${id}/publish`).send({}).expect(201);

    const mail = await until('the briefing email', () =>
      r.mail.accepted.find((m) => m.to === teacher.email && m.subject.includes('简报')),
    );
    expect(mail.text).toContain('【工作动态】\n学院召开双高建设年度推进会，部署下一阶段任务。');
    expect(mail.text).toContain('【典型案例】\n化工专业群与龙头企业共建产业学院。');
  });
});
