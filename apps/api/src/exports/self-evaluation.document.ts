import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  type Table,
  TableOfContents,
  TextRun,
} from 'docx';
import { Exact, type ActualValue, type Target } from '@sg/domain';
import type {
  AchievementsByLevel,
  FundsView,
  IndicatorResult,
  LevelResult,
  PlanCompletionView,
  Reconciliation,
  ScoreReport,
  SubcategoryResult,
} from '@sg/read-models';
import { figure, percent, points } from '../http/figures';
import { fixDates } from './self-evaluation.package';
import { STYLES } from './self-evaluation.styles';
import { SCORE_SUMMARY_HEADERS, scoreSummaryRows } from './score-summary';
import { notComputed } from './self-evaluation.unmeasured';
import { reconciliationAppendix, typicalCasesAppendix } from './self-evaluation.appendices';
import { body, heading, htmlAsDocx, placeholder, Tables, type Narratives } from './self-evaluation.parts';

export { TO_BE_WRITTEN, type FigureBlockTable, type Narratives } from './self-evaluation.parts';

/** What the school's self-evaluation report is built from: the projections as of one cut-off. */
export interface SelfEvaluationInput {
  plan: { name: string; school: string; startYear: number; endYear: number };
  completion: PlanCompletionView;
  scores: ScoreReport;
  funds: FundsView;
  achievements: { total: number; national: number; levels: AchievementsByLevel[] };
  /** The cut-off (YYYY-MM-DD) the figures are as of; absent means "everything recorded". */
  cutoff?: string;
  /** The date printed as 数据截至: the cut-off, or today in the plan's time zone without one. */
  asOfDate?: string;
  /** Figures declared by reports with this cut-off, checked against the computed ones. */
  reconciliation?: Reconciliation[];
  /** The campaign's school-level report; without it the narrative sections say they are to be written. */
  narratives?: Narratives;
  /** The campaign's name, printed on the cover. */
  campaignTitle?: string;
}

const ORDINAL_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (a report has fewer than a hundred sections). */
export function chineseOrdinal(n: number): string {
  if (n < 10) return ORDINAL_DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : ORDINAL_DIGITS[tens]}十${ORDINAL_DIGITS[n % 10]}`;
}

/** One of the school report's sections as paragraphs and tables; the placeholder without one. */
function narrative(
  input: SelfEvaluationInput,
  tables: Tables,
  section: 'completion' | 'outcomes' | 'features' | 'problems' | 'plans',
): (Paragraph | Table)[] {
  const n = input.narratives;
  if (!n) return [placeholder()];
  return htmlAsDocx(n[section], n, tables);
}

const COMPARATOR: Record<'>=' | '>' | '<=' | '<' | '=', string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '=': '=',
};

export function targetText(target: Target): string {
  switch (target.kind) {
    case 'numeric':
      return `${COMPARATOR[target.comparator]}${figure(target.value)}${target.unit}`;
    case 'range':
      return `${figure(target.min)}～${figure(target.max)}${target.unit}`;
    case 'qualitative':
      return target.text;
    default:
      return assertNever(target);
  }
}

export function actualText(indicator: IndicatorResult): string {
  const actual: ActualValue | null = indicator.actual;
  if (!actual) return '截至本期未填报';
  const unit = indicator.target.kind === 'qualitative' ? '' : indicator.target.unit;
  const survey = indicator.survey ? `（有效问卷 ${indicator.survey.sampleSize} 份）` : '';
  switch (actual.kind) {
    case 'numeric':
      return `${figure(actual.value)}${unit}${survey}`;
    case 'qualitative':
      return actual.band;
    case 'manual':
      return actual.deductions.length === 0
        ? '无扣分'
        : actual.deductions.map((d) => `扣 ${points(d.points)} 分：${d.reason}`).join('；');
    default:
      return assertNever(actual);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

const deduction = (pts: string, score: string) => points(new Exact(pts).minus(score).toString());
const scoreRate = (pts: string, score: string) =>
  new Exact(pts).isZero() ? '无分值' : percent(new Exact(score).div(pts).toString());

/** 数量 / 质量 tables: one row per project group, as the source report's 表1 and 表2. */
function groupTable(tables: Tables, level: LevelResult, sub: SubcategoryResult) {
  return tables.table(
    `${level.name}${sub.name}完成情况统计表`,
    ['项目', '指标数（个）', '完成数（个）', '完成率', '得分', '备注'],
    [
      ...sub.rows.map((row) =>
        row.count === 0
          ? [`${row.code} ${row.name}`, '-', '-', percent(row.rate), points(row.score), row.remark]
          : [
              `${row.code} ${row.name}`,
              String(row.count),
              figure(row.completed),
              percent(row.rate),
              points(row.score),
              row.remark,
            ],
      ),
      [
        '合计',
        String(sub.count),
        figure(sub.completed),
        '-',
        points(sub.score),
        sub.overCompleted > 0 ? `超额完成 ${sub.overCompleted} 个` : '-',
      ],
    ],
  );
}

/** 时效, 效益, 满意度, 管理 tables: one row per indicator with its target and actual value. */
function indicatorTable(tables: Tables, level: LevelResult, sub: SubcategoryResult) {
  const indicators = sub.rows.flatMap((r) => r.indicators);
  return tables.table(
    `${level.name}${sub.name}完成情况表`,
    ['三级指标', '目标值', '实际值', '分值', '得分'],
    [
      ...indicators.map((i) => [
        `${i.code} ${i.name}`,
        targetText(i.target),
        actualText(i),
        points(i.points),
        points(i.assessment.score),
      ]),
      ['合计', '', '', points(sub.points), points(sub.score)],
    ],
  );
}

function levelSection(
  n: number,
  level: LevelResult,
  input: SelfEvaluationInput,
  tables: Tables,
  period: string,
): (Paragraph | Table)[] {
  const completion = input.completion.levels.find((l) => l.levelId === level.levelId);
  const achievements = input.achievements.levels.find((l) => l.levelId === level.levelId);
  const out: (Paragraph | Table)[] = [
    heading(1, `${chineseOrdinal(n)}、${level.name}任务及绩效指标完成情况`),
    heading(2, '（一）产出情况'),
    heading(3, '1. 建设任务完成情况'),
  ];
  if (!completion || completion.total === 0) {
    out.push(body(`${level.name}截至本期无已登记的建设任务。`));
  } else {
    out.push(
      body(
        `${level.name} ${period}建设任务共 ${completion.total} 项，已建设完成 ${figure(completion.completed)} 项` +
          `${completion.overCompleted > 0 ? `（超额完成 ${completion.overCompleted} 项）` : ''}，` +
          `完成率 ${percent(completion.rate)}。`,
      ),
      ...tables.table(
        `${level.name}建设任务完成情况`,
        ['项目', '任务数（项）', '完成数（项）', '完成率', '超额完成（项）'],
        [
          ...completion.projects.map((p) => [
            `项目 ${p.code}：${p.name}`,
            String(p.total),
            figure(p.completed),
            percent(p.rate),
            String(p.overCompleted),
          ]),
          [
            '小计',
            String(completion.total),
            figure(completion.completed),
            percent(completion.rate),
            String(completion.overCompleted),
          ],
        ],
      ),
      placeholder(),
    );
  }
  out.push(heading(3, '2. 绩效指标完成情况'));
  level.categories.forEach((category, c) => {
    out.push(
      heading(3, `（${c + 1}）${category.name}完成情况`),
      body(
        `${category.name}分值 ${points(category.points)} 分，自评得分 ${points(category.score)} 分，` +
          `扣 ${deduction(category.points, category.score)} 分，得分率 ${scoreRate(category.points, category.score)}。`,
      ),
    );
    for (const sub of category.subcategories) {
      if (category.subcategories.length > 1) {
        out.push(
          body(
            `${sub.name}分值 ${points(sub.points)} 分，自评得分 ${points(sub.score)} 分，` +
              `扣 ${deduction(sub.points, sub.score)} 分，得分率 ${scoreRate(sub.points, sub.score)}。`,
          ),
        );
      }
      out.push(
        ...(sub.subcategory === 'quantity' || sub.subcategory === 'quality'
          ? groupTable(tables, level, sub)
          : indicatorTable(tables, level, sub)),
      );
    }
  });
  out.push(
    body(
      `综上，${level.name}自评得分为 ${points(level.total)} 分，其中` +
        level.categories.map((c) => `${c.name}得分为 ${points(c.score)} 分`).join('，') +
        `；等级为“${level.grade}”。`,
    ),
    heading(3, '3. 标志性成果'),
  );
  if (!achievements || achievements.total === 0) {
    out.push(body(`${level.name}截至本期无已登记的标志性成果。`));
  } else {
    out.push(
      body(
        `${level.name}取得标志性成果 ${achievements.total} 项，其中国家级 ${achievements.national} 项，` +
          `省级 ${achievements.regional} 项。`,
      ),
      ...tables.table(
        `${level.name}标志性成果`,
        ['序号', '成果名称', '级别', '归属', '获得日期'],
        achievements.achievements.map((a, i) => [
          String(i + 1),
          a.title,
          a.tier === 'national' ? '国家级' : '省级',
          a.attribution,
          a.awardedOn,
        ]),
      ),
    );
  }
  out.push(
    heading(2, '（二）贡献度情况'),
    ...notComputed('contribution'),
    heading(2, '（三）社会认可度情况'),
    ...notComputed('recognition'),
  );
  return out;
}

function fundsRows(totals: FundsView['bySource'], all: Omit<FundsView['bySource'][number], 'source'>) {
  const row = (name: string, t: Omit<FundsView['bySource'][number], 'source'>) =>
    new Exact(t.budget).isZero()
      ? [name, figure(t.budget), figure(t.arrived), '无预算，不计', figure(t.spent), '无预算，不计']
      : [
          name,
          figure(t.budget),
          figure(t.arrived),
          percent(t.arrivalRate),
          figure(t.spent),
          percent(t.executionRate),
        ];
  return [...totals.map((t) => row(t.source, t)), row('合计', all)];
}

const FUNDS_HEADERS = ['资金来源', '预算（万元）', '到位（万元）', '到位率', '支出（万元）', '执行率'];

function overview(input: SelfEvaluationInput, tables: Tables, period: string): (Paragraph | Table)[] {
  const { completion, scores, funds, achievements } = input;
  const levelName = (levelId: string) => scores.levels.find((l) => l.levelId === levelId)?.name ?? levelId;
  const out: (Paragraph | Table)[] = [
    heading(1, '一、总体实现程度概述'),
    heading(2, '（一）总体目标的实现程度及效果概述'),
    ...narrative(input, tables, 'completion'),
    body(
      `${period}建设任务共 ${completion.total} 项，任务完成数共 ${figure(completion.completed)} 项` +
        (completion.levels.length > 0
          ? `，其中${completion.levels.map((l) => `${l.name} ${l.total} 项`).join('，')}`
          : '') +
        `，完成率 ${percent(completion.rate)}。取得省级及以上标志性成果共计 ${achievements.total} 项，` +
        `其中国家级标志性成果 ${achievements.national} 项。自评得分 ${points(scores.total)} 分，等级为“${scores.grade}”。`,
    ),
    ...tables.table(
      '建设任务完成情况（项目完成率）',
      ['层面', '项目', '任务数（项）', '完成数（项）', '完成率'],
      [
        ...completion.levels.flatMap((level) => [
          ...level.projects.map((p) => [
            level.name,
            `项目 ${p.code}：${p.name}`,
            String(p.total),
            figure(p.completed),
            percent(p.rate),
          ]),
          [level.name, '小计', String(level.total), figure(level.completed), percent(level.rate)],
        ]),
        ['合计', '', String(completion.total), figure(completion.completed), percent(completion.rate)],
      ],
    ),
    ...tables.table('自评得分汇总', SCORE_SUMMARY_HEADERS, scoreSummaryRows(scores)),
    heading(2, '（二）项目经费到位和执行情况概述'),
  ];
  if (new Exact(funds.budget).isZero()) {
    out.push(body('截至本期未录入项目预算资金，到位率与执行率无从计算。'));
  } else {
    out.push(
      body(
        `${period}预算资金总额为 ${figure(funds.budget)} 万元，实际到位资金 ${figure(funds.arrived)} 万元，` +
          `资金到位率为 ${percent(funds.arrivalRate)}；共计支出 ${figure(funds.spent)} 万元，` +
          `资金执行率为 ${percent(funds.executionRate)}。`,
      ),
      ...tables.table('项目资金到位与执行情况（按来源）', FUNDS_HEADERS, fundsRows(funds.bySource, funds)),
      ...funds.byLevel.flatMap((level) =>
        tables.table(
          `${levelName(level.levelId)}资金到位与执行情况`,
          FUNDS_HEADERS,
          fundsRows(level.bySource, level),
        ),
      ),
    );
  }
  out.push(placeholder());
  return out;
}

/**
 * The school's 绩效自评报告 as a .docx, in the source report's shape. Pure: the same input gives
 * the same bytes — the core properties' dates and every zip entry's date are the cut-off's, not
 * the clock's.
 */
export async function selfEvaluationDocument(input: SelfEvaluationInput): Promise<Buffer> {
  const { plan, cutoff } = input;
  const asOfLabel = `数据截至 ${cutoff ?? input.asOfDate ?? '当前'}`;
  const endYear = cutoff ? Math.min(Number(cutoff.slice(0, 4)), plan.endYear) : plan.endYear;
  const period = `${plan.startYear}-${endYear} 年`;
  const tables = new Tables();
  let n = 1;
  const sections = [
    ...overview(input, tables, period),
    ...input.scores.levels.flatMap((level) => levelSection(++n, level, input, tables, period)),
    heading(1, `${chineseOrdinal(++n)}、实现双高学校绩效目标采取措施的有效性`),
    ...(input.narratives
      ? narrative(input, tables, 'outcomes')
      : [
          heading(2, '（一）项目推进机制建设与运行情况'),
          placeholder(),
          heading(2, '（二）项目资金管理制度与执行情况'),
          placeholder(),
        ]),
    heading(1, `${chineseOrdinal(++n)}、特色经验与做法`),
    ...narrative(input, tables, 'features'),
    heading(1, `${chineseOrdinal(++n)}、问题与改进措施`),
    heading(2, '（一）存在问题'),
    ...narrative(input, tables, 'problems'),
    heading(2, '（二）改进措施'),
    ...narrative(input, tables, 'plans'),
    heading(1, `${chineseOrdinal(++n)}、其他需要特别说明的有关事宜与有关建议`),
    placeholder(),
    ...(input.narratives?.opinion ? [body(`学校自评意见：${input.narratives.opinion}`)] : []),
    ...typicalCasesAppendix(input, tables),
    ...reconciliationAppendix(input, tables),
  ];

  const document = new Document({
    creator: '双高计划建设管理平台',
    title: `${plan.school}“双高计划”绩效自评报告`,
    description: asOfLabel,
    features: { updateFields: true },
    styles: STYLES,
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'] })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ style: 'Title', children: [new TextRun(`${plan.school}“双高计划”`)] }),
          new Paragraph({ style: 'Title', children: [new TextRun(`${period}绩效自评报告`)] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun(plan.school)],
          }),
          ...(input.campaignTitle
            ? [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [new TextRun(input.campaignTitle)],
                }),
              ]
            : []),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun(asOfLabel)],
          }),
          new Paragraph({ children: [new PageBreak()] }),
          new TableOfContents('目 录', { hyperlink: true, headingStyleRange: '1-2' }),
          new Paragraph({ children: [new PageBreak()] }),
          ...sections,
        ],
      },
    ],
  });
  return fixDates(await Packer.toBuffer(document), cutoff);
}
