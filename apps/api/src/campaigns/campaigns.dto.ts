import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CAMPAIGN_KINDS, type CampaignKind, type Sections } from '@sg/domain';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '日期应为 YYYY-MM-DD';

export class WindowDto {
  @ApiProperty({ example: '2022-01-04' })
  @Matches(DATE, { message: DATE_MESSAGE })
  opens!: string;

  @ApiProperty({ example: '2022-01-10' })
  @Matches(DATE, { message: DATE_MESSAGE })
  closes!: string;
}

export class WindowsDto {
  @ApiProperty({ type: WindowDto, description: '个人自评' })
  @ValidateNested()
  @Type(() => WindowDto)
  individual!: WindowDto;

  @ApiProperty({ type: WindowDto, description: '建设单位（部门）自评' })
  @ValidateNested()
  @Type(() => WindowDto)
  unit!: WindowDto;

  @ApiProperty({ type: WindowDto, description: '建设组自评' })
  @ValidateNested()
  @Type(() => WindowDto)
  group!: WindowDto;

  @ApiProperty({ type: WindowDto, description: '学校自评总结' })
  @ValidateNested()
  @Type(() => WindowDto)
  school!: WindowDto;
}

export class OpenCampaignDto {
  @ApiProperty({ enum: Object.keys(CAMPAIGN_KINDS), description: 'annual 年度 / mid-term 中期 / final 终期' })
  @IsIn(Object.keys(CAMPAIGN_KINDS), {
    message: '自评类型应为 annual（年度）、mid-term（中期）或 final（终期）',
  })
  kind!: CampaignKind;

  @ApiPropertyOptional({ example: '2021 年中期绩效自评' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  title?: string;

  @ApiProperty({ example: '2019-01-01' })
  @Matches(DATE, { message: DATE_MESSAGE })
  periodStart!: string;

  @ApiProperty({ example: '2021-12-31' })
  @Matches(DATE, { message: DATE_MESSAGE })
  periodEnd!: string;

  @ApiProperty({ example: '2021-12-31', description: '统计截止日期：报告中的数据截至此日' })
  @Matches(DATE, { message: DATE_MESSAGE })
  cutoff!: string;

  @ApiProperty({ type: WindowsDto })
  @ValidateNested()
  @Type(() => WindowsDto)
  windows!: WindowsDto;
}

export class SaveReportDto {
  @ApiProperty({
    description:
      '五个部分的 HTML：completion 建设任务完成情况、outcomes 建设成效、features 特色与创新、problems 存在问题及分析、plans 下一步工作计划',
  })
  @IsObject()
  sections!: Sections;

  @ApiPropertyOptional({ description: '编辑时看到的版本号；已被他人修改时拒绝保存' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class OpinionDto {
  @ApiProperty({ example: '同意。' })
  @IsString()
  @IsNotEmpty({ message: '请填写签署意见' })
  @MaxLength(2000)
  opinion!: string;
}

export class ReturnDto {
  @ApiProperty({ example: '请补充资金执行情况。' })
  @IsString()
  @IsNotEmpty({ message: '请说明退回原因' })
  @MaxLength(2000)
  reason!: string;
}

export class TypicalCaseDto {
  @ApiProperty({ example: '校企共建 VR 化工实训基地' })
  @IsString()
  @IsNotEmpty({ message: '请填写案例标题' })
  @MaxLength(100)
  title!: string;

  @ApiProperty({ description: '案例正文（HTML），不少于 1000 字' })
  @IsString()
  @MaxLength(100_000)
  html!: string;
}
