import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import {
  DECLARED_MEASURES,
  INDICATOR_CATEGORIES,
  INDICATOR_SUBCATEGORIES,
  type DeclaredMeasure,
  type IndicatorCategory,
  type IndicatorSubcategory,
} from '@sg/domain';
import { ReasonDto } from '../http/reason.dto';
import { CalendarDate, Field, OneOfField, OptionalOneOf, OptionalText, RequiredText } from '../http/fields';

export class DeclaredFigureDto {
  @OptionalText(100, { example: '学校层面', description: '层面名称；不填表示方案整体' })
  level?: string;

  @OptionalText(20, { example: '1', description: '项目编号（任务完成情况）' })
  project?: string;

  @OptionalOneOf(Object.keys(INDICATOR_CATEGORIES))
  category?: IndicatorCategory;

  @OptionalOneOf(Object.keys(INDICATOR_SUBCATEGORIES))
  subcategory?: IndicatorSubcategory;

  @OptionalText(30, { example: '1.1.1', description: '表格行（三级指标）编号' })
  row?: string;

  @OneOfField(Object.keys(DECLARED_MEASURES))
  measure!: DeclaredMeasure;

  @Field(
    { example: '95.55%', description: '报告中印出的数字' },
    IsString(),
    Matches(/^(-?\d+(\.\d+)?%?|优|良|中|差)$/),
  )
  value!: string;

  @RequiredText(200, { example: '第 4 页，项目 1' })
  source!: string;
}

export class DeclareFiguresDto extends ReasonDto {
  @RequiredText(200, { example: '中期绩效自评报告（2022）' })
  report!: string;

  @CalendarDate({ example: '2021-12-31' })
  cutoff!: string;

  @Field(
    { type: [DeclaredFigureDto] },
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(2000),
    ValidateNested({ each: true }),
    Type(() => DeclaredFigureDto),
  )
  figures!: DeclaredFigureDto[];
}
