import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  DECLARED_MEASURES,
  INDICATOR_CATEGORIES,
  INDICATOR_SUBCATEGORIES,
  type DeclaredMeasure,
  type IndicatorCategory,
  type IndicatorSubcategory,
} from '@sg/domain';
import { ReasonDto } from '../http/reason.dto';

export class DeclaredFigureDto {
  @ApiPropertyOptional({ example: '学校层面', description: '层面名称；不填表示方案整体' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  level?: string;

  @ApiPropertyOptional({ example: '1', description: '项目编号（任务完成情况）' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  project?: string;

  @ApiPropertyOptional({ enum: Object.keys(INDICATOR_CATEGORIES) })
  @IsOptional()
  @IsIn(Object.keys(INDICATOR_CATEGORIES))
  category?: IndicatorCategory;

  @ApiPropertyOptional({ enum: Object.keys(INDICATOR_SUBCATEGORIES) })
  @IsOptional()
  @IsIn(Object.keys(INDICATOR_SUBCATEGORIES))
  subcategory?: IndicatorSubcategory;

  @ApiPropertyOptional({ example: '1.1.1', description: '表格行（三级指标）编号' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  row?: string;

  @ApiProperty({ enum: Object.keys(DECLARED_MEASURES) })
  @IsIn(Object.keys(DECLARED_MEASURES))
  measure!: DeclaredMeasure;

  @ApiProperty({ example: '95.55%', description: '报告中印出的数字' })
  @IsString()
  @Matches(/^(-?\d+(\.\d+)?%?|优|良|中|差)$/)
  value!: string;

  @ApiProperty({ example: '第 4 页，项目 1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  source!: string;
}

export class DeclareFiguresDto extends ReasonDto {
  @ApiProperty({ example: '中期绩效自评报告（2022）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  report!: string;

  @ApiProperty({ example: '2021-12-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  cutoff!: string;

  @ApiProperty({ type: [DeclaredFigureDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => DeclaredFigureDto)
  figures!: DeclaredFigureDto[];
}
