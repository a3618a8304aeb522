/**
 * The demo college: 内蒙古化工职业学院's mid-term self-evaluation (2022) as recorded facts.
 * Where the report prints only a row's aggregate (指标数, 完成数, 得分, 超额完成), the rows here
 * carry exactly those aggregates and `demo-facts.ts` invents per-indicator detail consistent with
 * them. Figures marked "invented" do not appear in the report.
 */

export interface DemoProject {
  code: string;
  name: string;
  /** 建设任务数 */
  tasks: number;
  /** 完成数, as the report counts it (fractional tasks allowed) */
  completed: string;
  /** 超额完成 tasks */
  overCompleted: number;
}

export interface DemoRow {
  code: string;
  name: string;
  count: number;
  completed: string;
  score: string;
  points: string;
  overCompleted: number;
  /** Actual over target of the over-completed indicators (the report's 125 %, 200 %). */
  overRatio: string;
}

export interface DemoLevel {
  key: 'school' | 'group';
  name: string;
  kind: 'school' | 'group';
  weight: string;
  projects: DemoProject[];
  /** 表1 / 表6: threshold rule (school) or proportional (group). */
  quantity: { rule: 'threshold' | 'proportional'; rows: DemoRow[] };
  /** 表2 / 表7 */
  quality: {
    rule: 'threshold' | 'proportional';
    rows: DemoRow[];
    achievements: { name: string; points: string }[];
  };
  /** 时效: A task progress (%), B income budget execution (%), C expenditure execution (deductions). */
  timeliness: {
    taskProgress: string;
    incomeExecution: string;
    expenditureDeduction: { points: string; reason: string };
  };
  /** 社会效益: proportional indicators of `points` each with their completion %, plus achievements. */
  social: { points: string; percents: string[]; achievementPoints: string };
  /** 可持续影响 */
  sustainable: { points: string; ratios: { actual: string; target: string }[]; achievementPoints: string };
  /** 满意度 per respondent group, % */
  satisfaction: Record<'在校生' | '毕业生' | '教职工' | '用人单位' | '家长', string>;
  /** 管理与执行: 资金管理 and 项目管理, 5 points each, with deductions. */
  management: { funds: { points: string; reason: string }[]; project: { points: string; reason: string }[] };
}

const row = (
  code: string,
  name: string,
  count: number,
  completed: string,
  score: string,
  points: string,
  overCompleted = 0,
  overRatio = '1.2',
): DemoRow => ({ code, name, count, completed, score, points, overCompleted, overRatio });

const project = (
  code: string,
  name: string,
  tasks: number,
  completed: string,
  overCompleted = 0,
): DemoProject => ({ code, name, tasks, completed, overCompleted });

export const DEMO_PLAN = {
  name: '中国特色高水平高职学校和专业建设计划建设方案',
  school: '内蒙古化工职业学院',
  startYear: 2019,
  endYear: 2023,
  /** 截至 2021 年底 */
  cutoff: '2021-12-31',
};

export const DEMO_LEVELS: DemoLevel[] = [
  {
    key: 'school',
    name: '学校层面',
    kind: 'school',
    weight: '0.3',
    projects: [
      project('1', '党建引领示范，思政育人成效持续彰显', 45, '43', 1),
      project('2', '坚持立德树人，技术技能人才培养质量稳步提升', 23, '21'),
      project('3', '凝聚多方智慧，激发技术技能创新服务能力', 12, '12', 7),
      project('5', '内培外引多措并举，打造高水平师资队伍', 33, '29.39'),
      project('6', '产教协同共赢，提升校企合作水平', 21, '18.58'),
      project('7', '助力转型升级，提升服务发展水平', 56, '56', 8),
      project('8', '坚持改革发展，学院治理水平再上新台阶', 16, '15.5'),
      project('9', '打造智慧校园，促进教育教学信息化', 52, '46.7', 2),
      project('10', '服务“中俄蒙经济圈”，推动国际化交流合作', 12, '6.97'),
      project('11', '加强校企文化融合，建设化工特色职教文化', 33, '32.33'),
    ],
    quantity: {
      rule: 'threshold',
      rows: [
        row('1.1.1', '打造技术技能人才培养高地', 10, '8', '1.83', '2', 4),
        row('1.1.2', '打造技术技能创新服务平台', 9, '9', '2', '2', 7),
        row('1.1.3', '打造高水平专业群', 23, '22.3', '1.94', '2'),
        row('1.1.4', '打造高水平双师队伍', 16, '15', '1.96', '2', 8),
        row('1.1.5', '提升校企合作水平', 6, '6', '2', '2', 5),
        row('1.1.6', '提升服务发展水平', 10, '10', '2', '2', 6),
        row('1.1.7', '提升学校治理水平', 3, '3', '2', '2'),
        row('1.1.8', '提升信息化水平', 15, '13', '1.9', '2', 6),
        row('1.1.9', '提升国际化水平', 8, '4', '1.62', '2'),
        row('1.1.10', '以文育人，建设化工特色职教文化', 6, '5', '1.8', '2'),
      ],
    },
    quality: {
      rule: 'threshold',
      rows: [
        row('1.2.1', '打造技术技能人才培养高地', 8, '7', '1.45', '1.5', 3),
        row('1.2.2', '打造技术技能创新服务平台', 9, '9', '1.5', '1.5'),
        row('1.2.3', '打造高水平专业群', 24, '20.48', '1.28', '1.5'),
        row('1.2.4', '打造高水平双师队伍', 12, '11', '1.41', '1.5', 5),
        row('1.2.5', '提升校企合作水平', 4, '4', '1.5', '1.5', 2),
        row('1.2.6', '提升服务发展水平', 9, '9', '1.5', '1.5', 1),
        row('1.2.7', '提升学校治理水平', 3, '3', '1.5', '1.5'),
        row('1.2.8', '提升信息化水平', 8, '8', '1.5', '1.5', 2),
        row('1.2.9', '提升国际化水平', 4, '2', '1.18', '1.5'),
        row('1.2.10', '以文育人，建设化工特色职教文化', 8, '8', '1.5', '1.5'),
      ],
      achievements: [{ name: '标志性成果', points: '5' }],
    },
    // B's 100 % and C's deduction are invented: the report hides the funds as XXX.
    timeliness: {
      taskProgress: '93.07',
      incomeExecution: '100',
      expenditureDeduction: {
        points: '1',
        reason: '支出预算执行率未达 90%（演示数据：报告以 XXX 隐去，此处为虚构）',
      },
    },
    social: { points: '1', percents: ['100', '100', '100', '100', '85', '90', '90'], achievementPoints: '8' },
    sustainable: {
      points: '6',
      ratios: [
        { actual: '100', target: '100' },
        { actual: '92', target: '100' },
      ],
      achievementPoints: '3',
    },
    satisfaction: { 在校生: '91.82', 毕业生: '91.44', 教职工: '98.38', 用人单位: '95.5', 家长: '93.68' },
    management: {
      funds: [{ points: '0.5', reason: '资金使用与建设任务基本匹配' }],
      project: [{ points: '1', reason: '管理制度基本健全' }],
    },
  },
  {
    key: 'group',
    name: '煤化工技术专业群',
    kind: 'group',
    weight: '0.7',
    // The report gives tasks for 项目1 (7/7), 2 (9/9) and 9 (13/11) and the level (90/81); the
    // split of the remaining 61 tasks / 54 done over 项目3–8 is invented.
    projects: [
      project('1', '立足北疆发展战略，创新人才培养模式', 7, '7'),
      project('2', '对接职业岗位能力，开发课程教学资源', 9, '9'),
      project('3', '服务多元学习主体，开展教材教法改革', 10, '9'),
      project('4', '外引内培多措并举，打造“四有四师型”教师团队', 12, '11'),
      project('5', '贯彻绿色化工理念，建设实践教学基地', 11, '10'),
      project('6', '产教深度融合，搭建技术技能平台', 10, '9'),
      project('7', '提升社会服务能力，服务区域经济发展', 9, '8'),
      project('8', '助力“一带一路”建设，开展国际交流与合作', 9, '7'),
      project('9', '可持续发展保障机制', 13, '11'),
    ],
    quantity: {
      rule: 'proportional',
      rows: [
        row('项目 1', '人才培养模式创新', 2, '2', '2.5', '2.5'),
        row('项目 2', '课程教学资源建设', 2, '2', '2.5', '2.5', 2, '1.25'),
        row('项目 3', '教材与教法改革', 2, '2', '2.5', '2.5', 2, '1.35'),
        row('项目 4', '教师创新团队建设', 3, '3', '2.5', '2.5', 3, '2'),
        row('项目 5', '实践教学基地建设', 2, '2', '2', '2'),
        row('项目 6', '技术技能平台建设', 2, '1.8', '1.8', '2'),
        row('项目 7', '社会服务', 4, '4', '2', '2', 4, '2'),
        row('项目 8', '国际交流与合作', 2, '1.5', '1.5', '2'),
        row('项目 9', '可持续发展保障机制', 4, '4', '2', '2'),
      ],
    },
    quality: {
      rule: 'proportional',
      rows: [
        row('项目 1', '人才培养模式创新', 2, '1.8', '1.8', '2'),
        row('项目 2', '课程教学资源建设', 2, '1.75', '1.75', '2'),
        row('项目 3', '教材与教法改革', 2, '1.675', '1.675', '2'),
        row('项目 4', '教师创新团队建设', 3, '3', '2', '2'),
        row('项目 5', '实践教学基地建设', 3, '2.75', '1.8325', '2'),
        row('项目 6', '技术技能平台建设', 2, '1.8', '1.8', '2'),
        row('项目 7', '社会服务', 4, '3.2', '1.6', '2'),
        row('项目 8', '国际交流与合作', 2, '1.3', '1.3', '2'),
        row('项目 9', '可持续发展保障机制', 4, '3.2', '1.6', '2'),
      ],
      achievements: [
        { name: '标志性成果：国家级奖项（1 个；课程思政）', points: '1' },
        { name: '标志性成果：自治区奖（2 个；高技能基地、虚拟仿真基地）', points: '1' },
      ],
    },
    timeliness: {
      taskProgress: '90',
      incomeExecution: '100',
      expenditureDeduction: {
        points: '1',
        reason: '支出预算执行率未达 90%（演示数据：报告以 XXX 隐去，此处为虚构）',
      },
    },
    social: { points: '2', percents: ['100', '100', '100', '100', '100'], achievementPoints: '5' },
    sustainable: {
      points: '3',
      ratios: [
        { actual: '100', target: '100' },
        { actual: '5', target: '6' },
      ],
      achievementPoints: '9',
    },
    satisfaction: { 在校生: '97.98', 毕业生: '96', 教职工: '98.07', 用人单位: '98.83', 家长: '99.43' },
    management: { funds: [{ points: '1', reason: '预算编制基本合理' }], project: [] },
  },
];

/**
 * Funds per level × source × year, 万元. Invented: the report hides every sum as XXX. Chosen to
 * agree with its 时效 scores: everything budgeted arrived (到位率 100 %), 85 % of it was spent.
 */
export const DEMO_FUNDS: { level: DemoLevel['key']; source: string; perYear: string }[] = [
  { level: 'school', source: '中央财政', perYear: '1000' },
  { level: 'school', source: '地方财政', perYear: '600' },
  { level: 'school', source: '学校自筹', perYear: '300' },
  { level: 'school', source: '行业企业', perYear: '100' },
  { level: 'group', source: '中央财政', perYear: '2000' },
  { level: 'group', source: '地方财政', perYear: '1200' },
  { level: 'group', source: '学校自筹', perYear: '500' },
  { level: 'group', source: '行业企业', perYear: '300' },
];

/** 有效问卷数 per survey. Invented: the report gives only the percentages. */
export const DEMO_SURVEY_SAMPLES: Record<
  DemoLevel['key'],
  Record<keyof DemoLevel['satisfaction'], number>
> = {
  school: { 在校生: 6125, 毕业生: 2380, 教职工: 612, 用人单位: 168, 家长: 3240 },
  group: { 在校生: 1460, 毕业生: 525, 教职工: 96, 用人单位: 42, 家长: 880 },
};
