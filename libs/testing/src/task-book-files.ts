import * as XLSX from '@e965/xlsx';

/**
 * A 任务书 extract as offices keep it in Excel: the ministry's tables in the ministry's layout,
 * with title rows, cells merged across and down, headers over two or three rows ("2020 年度" /
 * "（含 2019 年度）"), several ①②③ items in one cell, and one arithmetic slip in a 小计 row.
 * The 学校 part's tables are on sheets of their own; the 专业群 part's share one sheet.
 *
 * The `amended` variant is the same 任务书 as revised (任务调整): one item added (③ of 2021 in
 * 2.实施思想引领专项行动), one removed (③ of 2022 in 1.实施政治引领专项行动), one text changed
 * (2021 of 1.坚持立德树人: 2 → 3 个案例) and one target changed (1.1.1.1 教学成果奖 ≥7 → ≥8 项).
 */
export function taskBookWorkbook(
  bookType: 'xlsx' | 'biff8',
  options: { school?: string; variant?: 'original' | 'amended' } = {},
): Buffer {
  const amended = options.variant === 'amended';
  const book = XLSX.utils.book_new();
  const add = (name: string, rows: (string | number)[][], merges: string[]) => {
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    sheet['!merges'] = merges.map((ref) => XLSX.utils.decode_range(ref));
    XLSX.utils.book_append_sheet(book, sheet, name);
  };
  // With a school: the 1-1 概况 table first, its name in the cell after 学校名称.
  if (options.school) add('概况', [['1-1 学校概况'], ['学校名称', options.school, '', '']], ['B2:D2']);

  const taskHeader = (title: string) => [
    [title],
    ['序号', '建设任务', '', '分年度建设任务'],
    ['', '', '', '2020 年度', '2021 年度', '2022 年度', '2023 年度'],
    ['', '', '', '（含 2019 年度）'],
  ];
  // Rows 1–4 (0-based 0–3): the title across, 序号 and 建设任务 down three header rows, 2021–2023 down two.
  const taskMerges = (first: number) => [
    `A${first}:G${first}`,
    `A${first + 1}:A${first + 3}`,
    `B${first + 1}:C${first + 3}`,
    `D${first + 1}:G${first + 1}`,
    `E${first + 2}:E${first + 3}`,
    `F${first + 2}:F${first + 3}`,
    `G${first + 2}:G${first + 3}`,
  ];

  add(
    '学校任务',
    [
      ...taskHeader('1-3 学校建设任务与进度'),
      [
        1,
        '加强党的建设',
        '1.实施政治引领专项行动',
        '①制定党委班子建设举措。②召开第二次党代会。',
        '①完善议事规则。',
        amended
          ? '①加强网络阵地管控。②优化干部选任。'
          : '①加强网络阵地管控。②优化干部选任。③实施校园文化工程。',
        '①获评省级先进基层党组织。',
      ],
      [
        '',
        '',
        '2.实施思想引领专项行动',
        '①推进“6S”教学法改革。',
        amended
          ? '①讲好船院故事。②获得精品案例1项。③建成红色文化展馆。'
          : '①讲好船院故事。②获得精品案例1项。',
        '①建成一门精品在线开放课程。',
        '①争创“三全育人”试点。',
      ],
      [
        2,
        '打造技术技能人才培养高地',
        '1.坚持立德树人',
        '①重点建设2-3个思政教学实践基地。',
        amended ? '①培育3个省级思政课程成果案例。' : '①培育2个省级思政课程成果案例。',
        '①凝练5项课程思政典型案例。',
        '①完成1门国家水平思政课。②完成2个省级精品项目。',
      ],
    ],
    [...taskMerges(1), 'A5:A6', 'B5:B6'],
  );

  const budgetHeader = (title: string) => [
    [title],
    [
      '建设内容',
      '',
      '小计',
      '',
      '中央财政投入资金',
      '',
      '地方财政投入资金',
      '',
      '举办方投入资金',
      '',
      '行业企业支持资金',
      '',
      '学校自筹资金',
    ],
    ['', '', ...Array.from({ length: 6 }, () => ['金额(万元)', '比例(%)']).flat()],
  ];
  const budgetMerges = ['A1:N1', 'A2:B3', 'C2:D2', 'E2:F2', 'G2:H2', 'I2:J2', 'K2:L2', 'M2:N2'];
  /** A budget sheet: the two header rows, then one row per line (加强党的建设 in rows 5-7, 人才培养 in 8-9). */
  const budget = (sheet: string, title: string, lines: (string | number)[][]) =>
    add(sheet, [...budgetHeader(title), ...lines], [...budgetMerges, 'A4:B4', 'A5:A7', 'A8:A9']);
  /** A budget row: its task and line, then each amount (合计 and the five sources) with its 比例 cell left empty. */
  const row = (task: string, line: string, ...amounts: number[]) => [
    task,
    line,
    ...amounts.flatMap((a) => [a, '']),
  ];
  budget('总预算', '1-4 项目总预算', [
    ['合计', '', 1330, '', 300, '22.56%', 500, '37.59%', 0, '0.00%', 30, '2.26%', 500, '37.59%'],
    row('加强党的建设', '1.实施政治引领专项行动', 100, 0, 50, 0, 0, 50),
    row('', '2.实施思想引领专项行动', 230, 100, 100, 0, 0, 30),
    row('', '小计', 330, 100, 150, 0, 0, 80),
    row('打造技术技能人才培养高地', '1.坚持立德树人', 1000, 200, 350, 0, 30, 420),
    // The office's slip: 地方财政 小计 printed 300 where the line says 350.
    row('', '小计', 1000, 200, 300, 0, 30, 420),
  ]);
  budget('年度预算', '1-5 项目2020年度预算', [
    row('合计', '', 130, 30, 50, 0, 0, 50),
    row('加强党的建设', '1.实施政治引领专项行动', 30, 0, 10, 0, 0, 20),
    row('', '2.实施思想引领专项行动', 40, 10, 20, 0, 0, 10),
    row('', '小计', 70, 10, 30, 0, 0, 30),
    row('打造技术技能人才培养高地', '1.坚持立德树人', 60, 20, 20, 0, 0, 20),
    row('', '小计', 60, 20, 20, 0, 0, 20),
  ]);
  add(
    '绩效目标',
    [
      ['1-6 项目支出绩效目标'],
      ['一级指标', '二级指标', '三级指标', '目标值'],
      ['1.产出指标', '1.1 数量指标', '1.1.1 打造技术技能人才培养高地', ''],
      ['', '', '1.1.1.1 教学成果奖 （项）', amended ? '≥8 项' : '≥7 项'],
      ['', '', '1.1.1.2 课程思政项目覆盖率 （%）', '100 %'],
      ['', '', '1.1.1.3 学生素质教育学分制管评体系 （套）', '1 套'],
      ['', '1.3 时效指标', '1.3.1 任务终期完成度 （%）', '100 %'],
      ['', '1.4 成本指标', '1.4.1 维修维护成本增长率 （%）', '≤5%'],
      ['', '', '1.4.2 设备及服务采购成本', '严格执行中标价格'],
      ['2.效益指标', '2.1 社会效益指标', '2.1.1 专任骨干教师出国(境)培训 （人次）', '120 人次'],
      ['3.满意度指标', '3.1 服务对象满意度指标', '3.1.1 在校生满意度 （%）', '90 %'],
    ],
    ['A1:D1', 'A3:A9', 'B3:B6', 'B8:B9'],
  );

  const groupTasks = taskHeader('2-3 专业群一建设任务与进度');
  add(
    '专业群一',
    [
      ['2．专业群一建设任务书'],
      ...groupTasks,
      [
        1,
        '人才培养模式',
        '1.构建造船工匠人才培养模式',
        '①形成调研报告。②提出人才培养模式。',
        '①实施“双主体”育人。',
        '①总结经验。',
        '①推广应用。',
      ],
      [
        '',
        '',
        '2.探索实施1+X证书制度',
        '①完善证书标准。',
        '①落实证书试点。',
        '①扩大试点。②开发培训包。',
        '①形成证书制度。',
      ],
      [],
      ['2-6 专业群一项目支出绩效目标'],
      ['一级指标', '二级指标', '三级指标', '目标值'],
      ['1.产出指标', '1.1 数量指标', '1.1.1 现代学徒制“造船工匠班” （个）', '4 个'],
      ['', '1.2 质量指标', '1.2.1 国家级教学团队 （支）', '1-2 支'],
      ['2.效益指标', '2.2 可持续影响指标', '2.2.1 健全产教融合机制', '促进中长期高质量发展'],
    ],
    ['A1:G1', ...taskMerges(2), 'A6:A7', 'B6:B7', 'A9:D9', 'A11:A12'],
  );
  return Buffer.from(XLSX.write(book, { type: 'buffer', bookType }) as Buffer);
}
