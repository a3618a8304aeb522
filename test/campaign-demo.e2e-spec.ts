import { DemoLoader } from '../apps/api/src/demo/demo-loader';
import { NOT_COMPUTED } from '../apps/api/src/exports/self-evaluation.unmeasured';
import { binary, startApi, type ApiHarness } from './api-harness';
import { docxText } from './fixtures/docx-text';

describe('the demo college’s 2021 mid-term campaign', () => {
  jest.setTimeout(180_000);
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ DEMO_PLAN: 'on' });
  });
  afterAll(() => api.close());

  it('comes prefilled with the source report’s narratives, and its document reproduces the source tables with computed totals', async () => {
    const planId = api.app.get(DemoLoader).planId();
    const [campaign] = (await api.admin.get(`/api/plans/${planId}/campaigns`).expect(200)).body as {
      campaignId: string;
      title: string;
      cutoff: string;
    }[];
    expect(campaign).toMatchObject({ title: '2021 年中期绩效自评', cutoff: '2021-12-31' });
    const overview = (await api.admin.get(`/api/campaigns/${campaign.campaignId}`).expect(200)).body as {
      layers: { layer: string; total: number; reports: { reportId: string; version: number }[] }[];
    };
    const school = overview.layers.find((l) => l.layer === 'school')!.reports[0];
    expect(school.version).toBe(1);
    expect(overview.layers.find((l) => l.layer === 'unit')!.total).toBeGreaterThan(0);

    const reportDocx = async () =>
      (
        await api.admin
          .get(`/api/campaigns/${campaign.campaignId}/report.docx`)
          .buffer(true)
          .parse(binary)
          .expect(200)
      ).body as Buffer;
    const docx = await reportDocx();
    const { paragraphs, tables } = docxText(docx);
    // The source report's narratives, in their sections.
    expect(
      paragraphs.some((p) => p.startsWith('内蒙古化工职业学院是自治区教育厅直属的一所具有鲜明化工和建材')),
    ).toBe(true);
    expect(paragraphs).toContain('1. 组织保障');
    expect(paragraphs).toContain('（一）坚守“为党育人、为国育才”，凸显政治担当');
    expect(paragraphs.some((p) => p.startsWith('2. 任务建设进度不够均衡'))).toBe(true);
    // 贡献度 and 社会认可度 have no formula in the source report: the document says they are not computed.
    for (const level of ['（二）贡献度情况', '（三）社会认可度情况']) {
      const at = paragraphs.lastIndexOf(level);
      expect(at).toBeGreaterThan(0);
      expect(paragraphs[at + 1]).toBe(
        level.includes('贡献度') ? NOT_COMPUTED.contribution : NOT_COMPUTED.recognition,
      );
    }
    // The tables, computed: level totals, weighted total and grade; 表1's 合计.
    expect(tables).toContainEqual([
      ['层面', '得分', '权重', '加权得分', '等级'],
      ['学校层面', '95.04', '30%', '28.51', '优'],
      ['煤化工技术专业群', '93.16', '70%', '65.21', '优'],
      ['总分', '', '', '93.72', '优'],
    ]);
    expect(
      tables.some(
        (t) =>
          JSON.stringify(t.at(-1)) ===
          JSON.stringify(['合计', '106', '95.3', '-', '19.05', '超额完成 36 个']),
      ),
    ).toBe(true);
    // Where the source report contradicts itself, the reconciliation beside the computed figure.
    expect(paragraphs).toContain('附件：报告数字与按记录计算值核对');
    // The same bytes when generated again.
    expect((await reportDocx()).equals(docx)).toBe(true);
  });
});
