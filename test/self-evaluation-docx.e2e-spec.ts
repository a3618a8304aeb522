import yauzl from 'yauzl';
import { DemoLoader } from '../apps/api/src/demo/demo-loader';
import { EVENT_STORE } from '../libs/application/src';
import type { EventStore } from '../libs/event-store/src';
import { ALL_PROJECTIONS, ProjectionRunner } from '../libs/read-models/src';
import { startApi, type ApiHarness } from './api-harness';
import { documentBody } from './fixtures/docx-text';

/** Every entry of a zip file, by name, with its DOS date as written. */
function unzip(buffer: Buffer): Promise<Map<string, { text: string; date: Date }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, { text: string; date: Date }>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, {
              text: Buffer.concat(chunks).toString('utf8'),
              date: entry.getLastModDate(),
            });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the self-evaluation report as a Word document (demo plan)', () => {
  let api: ApiHarness;
  let planId: string;
  let bytes: Buffer;
  let entries: Map<string, { text: string; date: Date }>;

  const download = async (query: Record<string, string>) => {
    const res = await api.admin
      .get(`/api/plans/${planId}/exports/self-evaluation.docx`)
      .query(query)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return res;
  };

  beforeAll(async () => {
    api = await startApi({ DEMO_PLAN: 'on' });
    planId = api.app.get(DemoLoader).planId();
    const res = await download({ cutoff: '2021-12-31' });
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('内蒙古化工职业学院-绩效自评报告-2021-12-31.docx'),
    );
    bytes = res.body as Buffer;
    entries = await unzip(bytes);
  }, 180_000);
  afterAll(() => api.close());

  const tableAfter = (caption: string) => {
    const { paragraphs, tables } = documentBody(entries.get('word/document.xml')!.text);
    const captions = paragraphs.filter((p) => p.style === 'TableCaption').map((p) => p.text);
    const index = captions.findIndex((c) => c.includes(caption));
    expect(index).toBeGreaterThanOrEqual(0);
    return { caption: captions[index], rows: tables[index] };
  };

  it('prints the headings of the source report, in order', () => {
    const { paragraphs } = documentBody(entries.get('word/document.xml')!.text);
    const headings = paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(headings).toEqual([
      '一、总体实现程度概述',
      '二、学校层面任务及绩效指标完成情况',
      '三、煤化工技术专业群任务及绩效指标完成情况',
      '四、实现双高学校绩效目标采取措施的有效性',
      '五、特色经验与做法',
      '六、问题与改进措施',
      '七、其他需要特别说明的有关事宜与有关建议',
      '附件：报告数字与按记录计算值核对',
    ]);
    const second = paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text);
    expect(second.slice(0, 5)).toEqual([
      '（一）总体目标的实现程度及效果概述',
      '（二）项目经费到位和执行情况概述',
      '（一）产出情况',
      '（二）贡献度情况',
      '（三）社会认可度情况',
    ]);
    // Narratives are the school's to write; the document says so instead of inventing them.
    expect(paragraphs.filter((p) => p.text === '（本节由学校在绩效自评中撰写）').length).toBeGreaterThan(8);
  });

  it("carries each project's 完成率 and the level subtotals as computed", () => {
    const { rows } = tableAfter('项目完成率');
    expect(rows[0]).toEqual(['层面', '项目', '任务数（项）', '完成数（项）', '完成率']);
    const school = rows.filter((r) => r[0] === '学校层面' && r[1] !== '小计').map((r) => r[4]);
    expect(school).toEqual([
      '95.56%',
      '91.3%',
      '100%',
      '89.06%',
      '88.48%',
      '100%',
      '96.88%',
      '89.81%',
      '58.08%',
      '97.97%',
    ]);
    expect(rows.find((r) => r[0] === '学校层面' && r[1] === '小计')).toEqual([
      '学校层面',
      '小计',
      '303',
      '281.47',
      '92.89%',
    ]);
    expect(rows.find((r) => r[0] === '煤化工技术专业群' && r[1] === '小计')?.slice(2)).toEqual([
      '90',
      '81',
      '90%',
    ]);
  });

  it('carries 表1 数量指标 and the 质量指标 table with their 合计 rows', () => {
    const quantity = tableAfter('学校层面数量指标完成情况统计表');
    expect(quantity.rows.find((r) => r[0].startsWith('1.1.3'))).toEqual([
      '1.1.3 打造高水平专业群',
      '23',
      '22.3',
      '96.96%',
      '1.94',
      '-',
    ]);
    expect(quantity.rows.at(-1)).toEqual(['合计', '106', '95.3', '-', '19.05', '超额完成 36 个']);
    const quality = tableAfter('学校层面质量指标完成情况统计表');
    expect(quality.rows.at(-1)?.slice(0, 5)).toEqual(['合计', '89', '81.48', '-', '19.32']);
    const groupQuality = tableAfter('煤化工技术专业群质量指标完成情况统计表');
    expect(groupQuality.rows.find((r) => r[0].startsWith('项目 3'))?.slice(1, 5)).toEqual([
      '2',
      '1.68',
      '83.75%',
      '1.68',
    ]);
  });

  it('carries 时效, 效益 and 满意度 tables with targets, actual values and scores', () => {
    const timeliness = tableAfter('学校层面时效指标完成情况表');
    expect(timeliness.rows[0]).toEqual(['三级指标', '目标值', '实际值', '分值', '得分']);
    expect(timeliness.rows.length).toBeGreaterThan(2);
    tableAfter('学校层面社会效益指标完成情况表');
    tableAfter('学校层面可持续影响指标完成情况表');
    const satisfaction = tableAfter('学校层面满意度指标完成情况表');
    expect(
      satisfaction.rows.some((r) => r[0].includes('在校生满意度') && r[2].includes('有效问卷 6125 份')),
    ).toBe(true);
    expect(satisfaction.rows.at(-1)).toEqual(['合计', '', '', '10.00', '10.00']);
  });

  it('carries the level totals 95.04 and 93.16, weighted total 93.72, grade 优', () => {
    const { rows } = tableAfter('自评得分汇总');
    expect(rows.slice(1)).toEqual([
      ['学校层面', '95.04', '30%', '28.51', '优'],
      ['煤化工技术专业群', '93.16', '70%', '65.21', '优'],
      ['总分', '', '', '93.72', '优'],
    ]);
    const { paragraphs } = documentBody(entries.get('word/document.xml')!.text);
    expect(paragraphs.some((p) => p.text.includes('自评得分为 95.04 分'))).toBe(true);
  });

  it('carries funds by source with 到位率 and 执行率', () => {
    const { rows } = tableAfter('项目资金到位与执行情况（按来源）');
    expect(rows.map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ['资金来源', '到位率', '支出（万元）', '执行率'],
      ['中央财政', expect.stringMatching(/%$/), '7650', expect.stringMatching(/%$/)],
      ['地方财政', expect.stringMatching(/%$/), '4590', expect.stringMatching(/%$/)],
      ['学校自筹', expect.stringMatching(/%$/), '2040', expect.stringMatching(/%$/)],
      ['行业企业', expect.stringMatching(/%$/), '1020', expect.stringMatching(/%$/)],
      ['合计', '100%', '15300', '85%'],
    ]);
    // The demo records no 标志性成果 itself; the document says so rather than printing an empty table.
    const { paragraphs } = documentBody(entries.get('word/document.xml')!.text);
    expect(paragraphs.map((p) => p.text)).toContain('学校层面截至本期无已登记的标志性成果。');
  });

  it('lists beside its tables where the source report contradicts the computed figures', () => {
    const { rows } = tableAfter('与计算值不一致的数字');
    expect(rows[0]).toEqual(['序号', '出处', '内容', '报告为', '按记录计算为']);
    const pairs = rows.slice(1).map((r) => `${r[2]}: ${r[3]} → ${r[4]}`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        '学校层面 项目1 任务完成率: 95.55% → 95.56%',
        '学校层面 超额完成任务数: 23 → 18',
      ]),
    );
  });

  it('names its styles with the Chinese fonts, and has a table of contents and page numbers', () => {
    const styles = entries.get('word/styles.xml')!.text;
    const style = (id: string) =>
      new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`, 's').exec(styles)?.[0];
    expect(style('Heading1')).toContain('w:eastAsia="黑体"');
    expect(style('BodyText')).toContain('w:eastAsia="仿宋"');
    expect(style('TableText')).toContain('w:eastAsia="宋体"');
    expect(style('Title')).toContain('w:eastAsia="宋体"');
    const documentXml = entries.get('word/document.xml')!.text;
    expect(documentXml).toMatch(/<w:instrText[^>]*>\s*TOC /);
    const footer = [...entries.entries()].find(([name]) => /^word\/footer\d*\.xml$/.test(name))?.[1].text;
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*</);
  });

  it('gives the same bytes when downloaded again, with dates from the cut-off', async () => {
    const again = await download({ cutoff: '2021-12-31' });
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    const core = entries.get('docProps/core.xml')!.text;
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2021-12-31T00:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2021-12-31T00:00:00Z</dcterms:modified>',
    );
    for (const { date } of entries.values()) {
      expect([date.getFullYear(), date.getMonth() + 1, date.getDate()]).toEqual([2021, 12, 31]);
    }
  });

  it('prints other figures as of another cut-off, and says where there are none', async () => {
    const before = await unzip((await download({ cutoff: '2021-12-30' })).body as Buffer);
    const { paragraphs, tables } = documentBody(before.get('word/document.xml')!.text);
    const captions = paragraphs.filter((p) => p.style === 'TableCaption').map((p) => p.text);
    const summary = tables[captions.findIndex((c) => c.includes('自评得分汇总'))];
    expect(summary.at(-1)).toEqual(['总分', '', '', '0.00', '差']);
    expect(paragraphs.some((p) => p.text.includes('截至本期无已登记的标志性成果'))).toBe(true);
    expect(paragraphs.some((p) => p.text.includes('数据截至 2021-12-30'))).toBe(true);
  });

  it('lists a 标志性成果 from the cut-off it was awarded by, and leaves the earlier report unchanged', async () => {
    const completion = (await api.admin.get(`/api/plans/${planId}/completion`).expect(200)).body;
    await api.admin
      .post(`/api/plans/${planId}/achievements`)
      .send({
        levelId: completion.levels[0].levelId,
        title: '全国职业院校技能大赛一等奖',
        tier: 'national',
        attribution: '化学工程系',
        awardedOn: '2022-01-10',
        taskIds: [],
      })
      .expect(201);
    const later = await unzip((await download({ cutoff: '2022-01-31' })).body as Buffer);
    const { paragraphs, tables } = documentBody(later.get('word/document.xml')!.text);
    const captions = paragraphs.filter((p) => p.style === 'TableCaption').map((p) => p.text);
    const listed = tables[captions.findIndex((c) => c.includes('学校层面标志性成果'))];
    expect(listed).toEqual([
      ['序号', '成果名称', '级别', '归属', '获得日期'],
      ['1', '全国职业院校技能大赛一等奖', '国家级', '化学工程系', '2022-01-10'],
    ]);
    // Regenerated from the log with the new event in it, the report as of 2021-12-31 is the same file.
    const again = await download({ cutoff: '2021-12-31' });
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
  });

  it('gives the same bytes after every read model is rebuilt from the log', async () => {
    const runner = api.app.get(ProjectionRunner);
    for (const projection of ALL_PROJECTIONS) await runner.rebuild(projection.name);
    expect(
      await runner.waitFor(await api.app.get<symbol, EventStore>(EVENT_STORE).headPosition(), 60_000),
    ).toBe(true);
    expect(runner.status().filter((s) => s.error)).toEqual([]);
    const rebuilt = await download({ cutoff: '2021-12-31' });
    expect(Buffer.compare(rebuilt.body as Buffer, bytes)).toBe(0);
  }, 120_000);
});
