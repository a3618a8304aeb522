import { createHash } from 'node:crypto';
import { EVENT_STORE, sendDueReminders } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { binary, notificationViews, startApi, type ApiHarness, type Client } from './api-harness';
import { docxText } from './fixtures/docx-text';

const DAY = 86_400_000;
/** Today in the plan's time zone (Asia/Shanghai), shifted by whole days. */
const day = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * DAY));

const sections = (text: string) => ({
  completion: `<p>${text}：建设任务完成情况。</p>`,
  outcomes: `<p>${text}：建设成效。</p>`,
  features: `<p>${text}：特色与创新。</p>`,
  problems: `<p>${text}：存在问题及分析。</p>`,
  plans: `<p>${text}：下一步工作计划。</p>`,
});

describe('a self-evaluation campaign through its four layers', () => {
  jest.setTimeout(120_000);
  let api: ApiHarness;
  let planId: string;
  let projectId: string;
  let office: Client;
  let lead: Client;
  let teacher1: Client;
  let teacher2: Client;
  let leadId: string;
  let teacher1Id: string;
  let teacher2Id: string;
  const year = Number(day(0).slice(0, 4));
  const evaluated = year - 1;

  beforeAll(async () => {
    api = await startApi();
    ({ planId, projectId } = await api.createPlan({ startYear: year - 2, endYear: year + 2 }));
    office = (await api.createUser('office', [{ role: 'office', scope: `plan:${planId}` }])).client;
    ({ userId: leadId, client: lead } = await api.createUser('lead', [
      { role: 'project-lead', scope: `project:${projectId}` },
    ]));
    ({ userId: teacher1Id, client: teacher1 } = await api.createUser('teacher1'));
    ({ userId: teacher2Id, client: teacher2 } = await api.createUser('teacher2'));
  });
  afterAll(() => api.close());

  it('works out who writes what, fills in their figures as of the cut-off, and ends in the school report', async () => {
    const due = `${evaluated}-12-31`;
    const t1 = await api.defineTask({ planId, projectId }, teacher1Id, {
      title: '建设实训基地',
      dueDate: due,
    });
    const t2 = await api.defineTask({ planId, projectId }, teacher2Id, {
      title: '修订课程标准',
      dueDate: due,
    });
    const progress = (client: Client, taskId: string, completion: string, effectiveDate: string) =>
      client.post(`/api/tasks/${taskId}/progress`).send({ completion, effectiveDate }).expect(201);
    await progress(teacher1, t1, '0.8', `${evaluated}-06-30`);
    await progress(teacher2, t2, '0.5', `${evaluated}-09-30`);
    // Recorded later, effective after the cut-off: the campaign's figures never show it.
    await progress(teacher1, t1, '1', `${year}-01-15`);
    const levelId = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body.levels[0]
      .levelId as string;
    const achievementId = (
      await api.admin
        .post(`/api/plans/${planId}/achievements`)
        .send({
          levelId,
          title: '省级职业教育教学成果奖一等奖',
          tier: 'regional',
          attribution: '化工学院',
          awardedOn: `${evaluated}-11-20`,
          taskIds: [t1],
        })
        .expect(201)
    ).body.id as string;

    // The office opens the campaign; nobody else may.
    const windows = {
      individual: { opens: day(-20), closes: day(-9) },
      unit: { opens: day(-8), closes: day(-6) },
      group: { opens: day(-5), closes: day(-3) },
      school: { opens: day(-2), closes: day(2) },
    };
    const body = {
      kind: 'annual',
      periodStart: `${evaluated}-01-01`,
      periodEnd: `${evaluated}-12-31`,
      cutoff: `${evaluated}-12-31`,
      windows,
    };
    await lead.post(`/api/plans/${planId}/campaigns`).send(body).expect(403);
    const refused = await office
      .post(`/api/plans/${planId}/campaigns`)
      .send({ ...body, windows: { ...windows, unit: windows.individual } })
      .expect(422);
    expect(refused.body.code).toBe('windows-out-of-order');
    const campaignId = (await office.post(`/api/plans/${planId}/campaigns`).send(body).expect(201)).body
      .id as string;
    await api.settled();

    const overview = async () =>
      (await office.get(`/api/campaigns/${campaignId}`).expect(200)).body as {
        title: string;
        layers: {
          layer: string;
          total: number;
          submitted: number;
          reports: {
            reportId: string;
            title: string;
            status: string;
            late: boolean;
            authors: { name: string }[];
          }[];
        }[];
      };
    const first = await overview();
    expect(first.title).toBe(`${evaluated} 年年度绩效自评`);
    expect(first.layers.map((l) => [l.layer, l.total])).toEqual([
      ['individual', 2],
      ['unit', 1],
      ['group', 1],
      ['school', 1],
    ]);
    const reportOf = (layer: string, title?: string) =>
      first.layers.find((l) => l.layer === layer)!.reports.find((r) => !title || r.title.includes(title))!
        .reportId;
    const personal1 = reportOf('individual', 'teacher1');
    const personal2 = reportOf('individual', 'teacher2');
    const unit = reportOf('unit');
    const group = reportOf('group');
    const school = reportOf('school');

    // teacher1's to-do: their report with their task's completion as of the cut-off, and the 典型案例.
    const todo = (await teacher1.get(`/api/campaigns/${campaignId}/todo`).expect(200)).body as {
      write: { reportId: string; figures: { tasks: { rows: string[][]; asOf: string } } }[];
      typicalCases: { achievementId: string; written: boolean }[];
    };
    expect(todo.write.map((w) => w.reportId)).toEqual([personal1]);
    expect(todo.write[0].figures.tasks.rows[0]).toEqual(['1 建设实训基地', due, '80%']);
    expect(todo.write[0].figures.tasks.asOf).toBe(`数据截至 ${evaluated}-12-31（按记录计算）`);
    expect(todo.typicalCases).toEqual([expect.objectContaining({ achievementId, written: false })]);
    // Someone else's report is not theirs to read or write.
    await teacher2.get(`/api/campaigns/${campaignId}/reports/${personal1}`).expect(403);
    const notAuthor = await teacher2
      .put(`/api/campaigns/${campaignId}/reports/${personal1}`)
      .send({ sections: sections('冒名') })
      .expect(403);
    expect(notAuthor.body.code).toBe('not-report-author');

    // 个人自评: pasted from Word, scripts dropped, a live figure block kept.
    const pasted = {
      ...sections('王老师'),
      completion:
        "<h2 style='mso-outline-level:2'>完成情况</h2><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp;</span></span><![endif]>实训基地建成</p>" +
        '<script>alert(1)</script><div data-sg-block="tasks"></div>',
    };
    await teacher1
      .put(`/api/campaigns/${campaignId}/reports/${personal1}`)
      .send({ sections: pasted })
      .expect(200);
    const saved = (await teacher1.get(`/api/campaigns/${campaignId}/reports/${personal1}`).expect(200))
      .body as {
      sections: { key: string; html: string }[];
      version: number;
    };
    expect(saved.sections[0].html).toBe(
      '<h2>完成情况</h2><ol><li>实训基地建成</li></ol><div data-sg-block="tasks"></div>',
    );
    await teacher1.post(`/api/campaigns/${campaignId}/reports/${personal1}/submit`).send({}).expect(201);

    // The 典型案例, by the person who achieved it: too short is refused, 1,000 characters accepted.
    const short = await teacher1
      .put(`/api/campaigns/${campaignId}/typical-cases/${achievementId}`)
      .send({ title: '实训基地建设', html: '<p>太短</p>' })
      .expect(422);
    expect(short.body.code).toBe('case-too-short');
    await teacher2
      .put(`/api/campaigns/${campaignId}/typical-cases/${achievementId}`)
      .send({ title: '实训基地建设', html: `<p>${'案'.repeat(1000)}</p>` })
      .expect(403);
    const caseText = `校企共建化工实训基地的做法。${'以真实生产过程为载体开展教学。'.repeat(70)}`;
    await teacher1
      .put(`/api/campaigns/${campaignId}/typical-cases/${achievementId}`)
      .send({ title: '校企共建化工实训基地', html: `<p>${caseText}</p>` })
      .expect(200);

    // The lead returns it for revision with a reason; teacher1 revises and resubmits; the lead signs.
    await lead
      .post(`/api/campaigns/${campaignId}/reports/${personal1}/return`)
      .send({ reason: '请补充资金使用情况。' })
      .expect(201);
    const returned = (await teacher1.get(`/api/campaigns/${campaignId}/reports/${personal1}`).expect(200))
      .body;
    expect(returned).toMatchObject({
      status: 'returned',
      returnReason: '请补充资金使用情况。',
      mayWrite: true,
    });
    await teacher1
      .put(`/api/campaigns/${campaignId}/reports/${personal1}`)
      .send({
        sections: { ...pasted, outcomes: '<p>王老师：建设成效，资金已全部使用。</p>' },
        expectedVersion: 1,
      })
      .expect(200);
    await teacher1.post(`/api/campaigns/${campaignId}/reports/${personal1}/submit`).send({}).expect(201);
    await teacher2
      .post(`/api/campaigns/${campaignId}/reports/${personal1}/sign-off`)
      .send({ opinion: '同意' })
      .expect(403);
    await lead
      .post(`/api/campaigns/${campaignId}/reports/${personal1}/sign-off`)
      .send({ opinion: '情况属实，同意。' })
      .expect(201);
    const versions = (
      await teacher1.get(`/api/campaigns/${campaignId}/reports/${personal1}/versions`).expect(200)
    ).body as { version: number; sections: { outcomes: string } }[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0].sections.outcomes).toBe('<p>王老师：建设成效。</p>');

    // teacher2 is late: the scan reminds them (and their signer) once, however often it runs.
    const store = api.app.get<symbol, EventStore>(EVENT_STORE);
    const views = notificationViews(api);
    const scan = await sendDueReminders(store, views, planId, new Date());
    const late = scan.sent.filter((r) => r.subjectId === personal2);
    expect(late.map((r) => [r.rule, r.recipients.sort()])).toEqual([
      ['campaign-overdue', [leadId, teacher2Id].sort()],
    ]);
    expect((await sendDueReminders(store, views, planId, new Date())).sent).toEqual([]);
    await api.settled();
    const inbox = (await teacher2.get('/api/me/notifications').expect(200)).body as {
      items: { title: string; link: string; rule: string }[];
    };
    expect(inbox.items.filter((i) => i.rule.startsWith('campaign-'))).toEqual([
      expect.objectContaining({
        title: '个人自评已逾期：teacher2 个人自评',
        link: `/campaigns/${campaignId}/reports/${personal2}`,
      }),
    ]);
    const overdue = (await overview()).layers[0].reports.find((r) => r.reportId === personal2)!;
    expect(overdue).toMatchObject({ status: 'draft', late: true });

    // 建设单位自评: the lead reads the personal report below and quotes it.
    const unitView = (await lead.get(`/api/campaigns/${campaignId}/reports/${unit}`).expect(200)).body as {
      below: { reportId: string; sections: { key: string; html: string }[] }[];
    };
    const quoted = unitView.below.find((b) => b.reportId === personal1)!.sections[1].html;
    expect(quoted).toBe('<p>王老师：建设成效，资金已全部使用。</p>');
    await lead
      .put(`/api/campaigns/${campaignId}/reports/${unit}`)
      .send({
        sections: {
          ...sections('项目1'),
          outcomes: `<p>项目1：建设成效。</p><blockquote>${quoted}</blockquote>`,
        },
      })
      .expect(200);
    await lead.post(`/api/campaigns/${campaignId}/reports/${unit}/submit`).send({}).expect(201);
    await lead
      .post(`/api/campaigns/${campaignId}/reports/${unit}/sign-off`)
      .send({ opinion: '同意。' })
      .expect(201);

    // 建设组自评: written by the level's project leads, signed by the office.
    await lead
      .put(`/api/campaigns/${campaignId}/reports/${group}`)
      .send({ sections: sections('学校层面') })
      .expect(200);
    await lead.post(`/api/campaigns/${campaignId}/reports/${group}/submit`).send({}).expect(201);
    await lead
      .post(`/api/campaigns/${campaignId}/reports/${group}/sign-off`)
      .send({ opinion: '同意。' })
      .expect(403);
    await office
      .post(`/api/campaigns/${campaignId}/reports/${group}/sign-off`)
      .send({ opinion: '同意报送。' })
      .expect(201);

    // 学校自评总结 by the office, with live figure blocks; not publishable before it is signed.
    const schoolSections = {
      completion: '<p>学校总体完成情况良好。</p><div data-sg-block="tasks"></div>',
      outcomes:
        '<h2>（一）项目推进机制建设与运行情况</h2><p>建立了周调度机制。</p><div data-sg-block="funds"></div>',
      features: '<p>产教融合特色鲜明。</p><div data-sg-block="achievements"></div>',
      problems: '<ul><li>个别任务进度滞后。</li></ul>',
      plans:
        '<table><tr><th>工作</th><th>时间</th></tr><tr><td>完成课程标准修订</td><td>下一年度</td></tr></table>',
    };
    await office
      .put(`/api/campaigns/${campaignId}/reports/${school}`)
      .send({ sections: schoolSections })
      .expect(200);
    await office.post(`/api/campaigns/${campaignId}/reports/${school}/submit`).send({}).expect(201);
    const early = await office.post(`/api/campaigns/${campaignId}/publish`).send({}).expect(409);
    expect(early.body.code).toBe('school-report-not-signed');
    await office
      .post(`/api/campaigns/${campaignId}/reports/${school}/sign-off`)
      .send({ opinion: '同意报送教育厅。' })
      .expect(201);

    // The school's report: the tables carry the figures as of the cut-off, the sections the text.
    const download = async (client: Client, path: string) =>
      (await client.get(path).buffer(true).parse(binary).expect(200)).body as Buffer;
    const docx = await download(office, `/api/campaigns/${campaignId}/report.docx`);
    const { paragraphs, tables } = docxText(docx);
    const completionTable = tables.find((t) => t[0][0] === '层面' && t[0][1] === '项目')!;
    // (0.8 + 0.5) / 2 as of the cut-off, not the 100 % recorded for after it.
    expect(completionTable.at(-1)).toEqual(['合计', '', '2', '1.3', '65%']);
    expect(paragraphs).toContain('学校总体完成情况良好。');
    expect(paragraphs).toContain('建立了周调度机制。');
    expect(paragraphs).toContain('产教融合特色鲜明。');
    expect(paragraphs).toContain('• 个别任务进度滞后。');
    expect(paragraphs).toContain('学校自评意见：同意报送教育厅。');
    expect(tables).toContainEqual([
      ['工作', '时间'],
      ['完成课程标准修订', '下一年度'],
    ]);
    // The live block prints the plan's figures and their as-of.
    expect(tables).toContainEqual([
      ['层面', '任务数（项）', '完成数（项）', '完成率'],
      ['学校层面', '2', '1.3', '65%'],
      ['合计', '2', '1.3', '65%'],
    ]);
    expect(paragraphs).toContain(`数据截至 ${evaluated}-12-31（按记录计算）`);
    expect(tables).toContainEqual([
      ['成果', '级别', '归属', '取得日期'],
      ['省级职业教育教学成果奖一等奖', '省级（自治区级）', '化工学院', `${evaluated}-11-20`],
    ]);
    // The 典型案例 in its appendix, with its achievement and author.
    expect(paragraphs).toContain('案例1：校企共建化工实训基地');
    expect(paragraphs).toContain(
      '对应标志性成果：省级职业教育教学成果奖一等奖（省级（自治区级））；撰写人：teacher1',
    );
    expect(paragraphs).toContain(caseText);
    expect(paragraphs.some((p) => p.includes('（本节由学校在绩效自评中撰写）'))).toBe(true); // 七、其他 and the levels' 贡献度

    // Regenerating gives the same bytes; publishing archives exactly them with their hash.
    expect((await download(office, `/api/campaigns/${campaignId}/report.docx`)).equals(docx)).toBe(true);
    const sha256 = createHash('sha256').update(docx).digest('hex');
    await lead.post(`/api/campaigns/${campaignId}/publish`).send({}).expect(403);
    const published = (await office.post(`/api/campaigns/${campaignId}/publish`).send({}).expect(201)).body;
    expect(published.sha256).toBe(sha256);
    expect((await download(teacher1, `/api/campaigns/${campaignId}/publications/1`)).equals(docx)).toBe(true);
    expect((await overview()).layers.map((l) => [l.layer, l.submitted])).toEqual([
      ['individual', 1],
      ['unit', 1],
      ['group', 1],
      ['school', 1],
    ]);
    const events = await store.readAll({});
    expect(events.filter((e) => e.type === 'CampaignReportPublished').map((e) => e.data)).toEqual([
      expect.objectContaining({ campaignId, version: 1, sha256, bytes: docx.length }),
    ]);

    // Every write re-checks the actor's grants now: a lead whose role is revoked writes nothing.
    await api.admin
      .post(`/api/users/${leadId}/roles/revoke`)
      .send({ role: 'project-lead', scope: `project:${projectId}`, reason: '调整分工' })
      .expect(201);
    await office
      .post(`/api/campaigns/${campaignId}/reports/${unit}/return`)
      .send({ reason: '请更新数据。' })
      .expect(201);
    const head = await store.headPosition();
    const revoked = await lead
      .put(`/api/campaigns/${campaignId}/reports/${unit}`)
      .send({ sections: sections('改') });
    expect([403]).toContain(revoked.status);
    expect(await store.headPosition()).toBe(head);
  });
});
