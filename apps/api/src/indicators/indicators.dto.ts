import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  ACHIEVEMENT_TIERS,
  FUND_SOURCES,
  RESPONDENTS,
  type Respondents,
  type AchievementTier,
  INDICATOR_SUBCATEGORIES,
  type ActualValue,
  type IndicatorSpec,
  type IndicatorSubcategory,
} from '@sg/domain';
import { AsOfQueryDto } from '../http/as-of';
import { ReasonDto } from '../http/reason.dto';
import {
  CalendarDate,
  EntityIdField,
  Field,
  Nested,
  OneOfField,
  OptionalField,
  OptionalOneOf,
  OptionalText,
  RequiredText,
  TextList,
  YearField,
} from '../http/fields';

import { byKind, decimal, list, MatchesShape, object, oneOf, optional, text } from '../http/shapes';

const target = byKind({
  numeric: { comparator: oneOf(['>=', '>', '<=', '<', '=']), value: decimal, unit: text(20) },
  range: { min: decimal, max: decimal, unit: text(20) },
  qualitative: { text: text(500) },
});

const rule = byKind({
  proportional: {},
  threshold: { partialFraction: optional(decimal) },
  banded: { bands: list(object({ minRatio: decimal, fraction: decimal }), 1, 10) },
  qualitative: {
    bands: list(object({ label: text(20), minFraction: decimal, maxFraction: decimal }), 1, 10),
  },
  manual: {},
  'execution-rate': {},
});

/** An exact decimal given as text. */
const DecimalField = (doc: { example: string; description: string }): PropertyDecorator =>
  Field(doc, MatchesShape(decimal));

/** An indicator's actual value, as a request may carry it. */
export const actual = byKind({
  numeric: { value: decimal },
  qualitative: { band: text(20), score: decimal },
  manual: { deductions: list(object({ points: decimal, reason: text(500) }), 0, 50) },
});

class IndicatorGroupDto {
  @RequiredText(30, { example: '1.1.1' })
  code!: string;

  @RequiredText(200, { example: '打造技术技能人才培养高地' })
  name!: string;
}

export class DefineIndicatorDto extends ReasonDto {
  @EntityIdField('所属层面编号')
  levelId!: string;

  @OneOfField(Object.keys(INDICATOR_SUBCATEGORIES), '二级指标')
  subcategory!: IndicatorSubcategory;

  @Nested(IndicatorGroupDto, { description: '三级指标（报告表格中的一行）' })
  group!: IndicatorGroupDto;

  @Field({ example: '1.1.1.1' }, IsString(), Matches(/^[0-9A-Za-z.\-_]{1,30}$/))
  code!: string;

  @RequiredText(200, { example: '思政课程建设项目（项）' })
  name!: string;

  @OptionalOneOf(['indicator', 'achievement'], {
    description: 'achievement：标志性成果行，计分但不计入指标数与完成数',
  })
  kind?: 'indicator' | 'achievement';

  @OptionalField(
    {
      example: { survey: '在校生' },
      description: '实际完成值取自满意度调查（调查对象：在校生 / 毕业生 / 教职工 / 用人单位 / 家长）',
    },
    MatchesShape(object({ survey: oneOf(RESPONDENTS) })),
  )
  feed?: { survey: Respondents };

  @OptionalText(100, {
    example: 'P1/I/1.1.1.1',
    description: '任务书中的位置（部分 / 指标编号），任务调整时据此比对',
  })
  sourceKey?: string;

  @DecimalField({ example: '0.2', description: '分值（文本，精确计算）' })
  points!: string;

  @Field({ example: { kind: 'numeric', comparator: '>=', value: '2', unit: '项' } }, MatchesShape(target))
  target!: IndicatorSpec['target'];

  @Field({ example: { kind: 'proportional' } }, MatchesShape(rule))
  rule!: IndicatorSpec['rule'];
}

export class RecordIndicatorValueDto extends ReasonDto {
  @Field({ example: { kind: 'numeric', value: '3' } }, MatchesShape(actual))
  actual!: ActualValue;

  @CalendarDate({ example: '2021-12-31', description: '生效日期' })
  effectiveDate!: string;

  @OptionalText(5000, { description: '偏差原因分析及改进措施' })
  explanation?: string;
}

export class RecordFundsDto extends ReasonDto {
  @EntityIdField('层面编号')
  levelId!: string;

  @RequiredText(20, {
    example: FUND_SOURCES[0],
    description: `资金来源：默认为 ${FUND_SOURCES.join('、')}，可按方案设置`,
  })
  source!: string;

  @YearField({ example: 2021 })
  year!: number;

  @DecimalField({ example: '3000', description: '预算（万元）' })
  budget!: string;

  @DecimalField({ example: '3000', description: '到位资金（万元）' })
  arrived!: string;

  @DecimalField({ example: '2550', description: '支出（万元）' })
  spent!: string;

  @CalendarDate({ example: '2021-12-31', description: '生效日期' })
  effectiveDate!: string;
}

export class RecordAchievementDto extends ReasonDto {
  @EntityIdField('层面编号')
  levelId!: string;

  @RequiredText(500, { example: '全国课程思政示范课程' })
  title!: string;

  @OneOfField(Object.keys(ACHIEVEMENT_TIERS), 'national 国家级；regional 省级（自治区级）')
  tier!: AchievementTier;

  @RequiredText(200, { example: '化学工程系', description: '归属' })
  attribution!: string;

  @CalendarDate({ example: '2021-11-03', description: '获得日期' })
  awardedOn!: string;

  @TextList(100, { description: '关联的建设任务编号（关联多个任务也只计一次）' })
  taskIds!: string[];
}

export class WarningsQueryDto extends AsOfQueryDto {
  @OptionalField(
    { example: '0.1', description: '轻度预警起点：落后于应完成进度的比例（默认 0.1）' },
    Matches(/^0(\.\d{1,4})?$/),
  )
  mild?: string;

  @OptionalField({ example: '0.2', description: '中度预警起点（默认 0.2）' }, Matches(/^0(\.\d{1,4})?$/))
  moderate?: string;

  @OptionalField({ example: '0.3', description: '严重预警起点（默认 0.3）' }, Matches(/^(0(\.\d{1,4})?|1)$/))
  severe?: string;
}

export class FundSourcesDto extends ReasonDto {
  @Field(
    { example: [...FUND_SOURCES], description: '本方案使用的资金来源（1–10 个）' },
    IsArray(),
    ArrayMaxSize(10),
    IsString({ each: true }),
    MaxLength(20, { each: true }),
  )
  sources!: string[];
}

export class RecordSurveyDto extends ReasonDto {
  @EntityIdField('层面编号')
  levelId!: string;

  @OneOfField(RESPONDENTS)
  respondents!: Respondents;

  @Field({ example: 612, description: '有效问卷数' }, IsInt(), Min(1), Max(1_000_000))
  sampleSize!: number;

  @DecimalField({ example: '98.38', description: '满意度（%）' })
  satisfaction!: string;

  @CalendarDate({ example: '2021-12-31', description: '调查日期' })
  effectiveDate!: string;
}

export class PointsSchemeDto extends ReasonDto {
  @EntityIdField('所属层面编号')
  levelId!: string;

  @OneOfField(Object.keys(INDICATOR_SUBCATEGORIES), '二级指标')
  subcategory!: IndicatorSubcategory;

  @Field(
    { example: '20', description: '该二级指标的分值，平均分配给其下各指标' },
    IsString(),
    Matches(/^\d{1,3}(\.\d{1,4})?$/, { message: '分值应为 0–100 的数字，最多四位小数' }),
  )
  points!: string;
}
