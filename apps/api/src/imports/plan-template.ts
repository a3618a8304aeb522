import ExcelJS from 'exceljs';

/** The 任务书 workbook: one sheet per kind of row, headers in row 1, data from row 2. */
export const TEMPLATE_SHEETS = {
  方案: ['方案名称', '学校', '起始年份', '结束年份'],
  层面: ['层面名称', '类型', '权重'],
  项目: ['层面名称', '项目编号', '项目名称'],
  任务: ['层面名称', '项目编号', '任务名称', '负责人用户名', '完成期限'],
  指标: [
    '层面名称',
    '二级指标',
    '三级指标编号',
    '三级指标名称',
    '指标编号',
    '指标名称',
    '分值',
    '比较符',
    '目标值',
    '单位',
    '评分规则',
    '类型',
  ],
} as const;
export type TemplateSheet = keyof typeof TEMPLATE_SHEETS;

const EXAMPLES: Record<TemplateSheet, (string | number)[][]> = {
  方案: [['中国特色高水平高职学校和专业建设计划建设方案', '某某职业技术学院', 2019, 2023]],
  层面: [
    ['学校层面', '学校层面', '0.3'],
    ['某某专业群', '专业群层面', '0.7'],
  ],
  项目: [['学校层面', '1', '党建引领示范']],
  任务: [['学校层面', '1', '建成全国样板党支部', 'zhang.san', '2021-12-31']],
  指标: [
    [
      '学校层面',
      '数量指标',
      '1.1.1',
      '打造技术技能人才培养高地',
      '1.1.1.1',
      '思政课程建设项目（项）',
      '0.2',
      '≥',
      '2',
      '项',
      '按比例',
      '指标',
    ],
  ],
};

const NOTES = [
  '填写说明（请勿修改各工作表名称与第一行表头）：',
  '· 方案：只填第 2 行。年份为四位数字。',
  '· 层面：类型填“学校层面”或“专业群层面”；各层面权重之和不超过 1（如 0.3 与 0.7）。',
  '· 项目：层面名称须与“层面”表一致；项目编号在同一层面内不重复。',
  '· 任务：负责人用户名须为系统中已有的用户；完成期限格式为 YYYY-MM-DD。',
  '· 指标：二级指标填 数量指标 / 质量指标 / 时效指标 / 社会效益指标 / 可持续影响指标 / 满意度指标 / 资金管理指标 / 项目管理指标；',
  '  比较符填 ≥ > ≤ < =（数值型目标），或填“定性”并在目标值中写明目标；',
  '  评分规则填 按比例 / 达标 / 人工；类型填 指标 或 标志性成果（标志性成果计分，但不计入指标数）。',
  '· 导入时逐一检查所有单元格：任何一处有误，整个文件都不会导入，并列出每个有误的单元格。',
];

export async function planTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const notes = book.addWorksheet('说明');
  notes.getColumn(1).width = 110;
  NOTES.forEach((line, i) => (notes.getCell(i + 1, 1).value = line));
  for (const [name, headers] of Object.entries(TEMPLATE_SHEETS) as [TemplateSheet, readonly string[]][]) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([...headers]).font = { bold: true };
    headers.forEach((_, i) => (sheet.getColumn(i + 1).width = 18));
    for (const example of EXAMPLES[name]) sheet.addRow(example);
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
