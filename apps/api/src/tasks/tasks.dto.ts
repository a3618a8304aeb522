import { ReasonDto } from '../http/reason.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class MilestoneDto {
  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '0.6', description: '该年底应达到的完成度' })
  @IsString()
  @Matches(/^\d(\.\d{1,4})?$/)
  completion!: string;
}

export class DefineTaskDto extends ReasonDto {
  @ApiProperty({ description: '所属项目编号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  projectId!: string;

  @ApiProperty({ example: '思政课程建设' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiProperty({ description: '任务负责人的用户编号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ownerId!: string;

  @ApiPropertyOptional({
    example: '2023-12-31',
    description: '完成期限；未填时为任务年度的 12 月 31 日（二者至少填一项）',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueDate?: string;

  @ApiPropertyOptional({ example: 2021, description: '任务书中的年度（“2020年度（含2019年度）”记为 2020）' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '加强党的建设', description: '所属一级任务' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  primaryTask?: string;

  @ApiPropertyOptional({ example: '1.实施政治引领专项行动', description: '所属二级任务' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  secondaryTask?: string;

  @ApiPropertyOptional({
    example: 'P1/1.1/2021/2',
    description: '任务书中的位置（部分 / 二级任务编号 / 年度 / 第几项），任务调整时据此比对',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sourceKey?: string;

  @ApiPropertyOptional({ description: '上级任务编号：填写时本任务为该任务的子项目，其完成度汇总到上级任务' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  parentTaskId?: string;

  @ApiPropertyOptional({ type: [MilestoneDto], description: '年度里程碑（任务书中各年度的分解目标）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class RecordProgressDto extends ReasonDto {
  @ApiProperty({
    example: '0.39',
    description:
      '截至进展日期的完成度：1 即 100%，超额完成可大于 1（至多 5），最多四位小数（文本，精确计算）',
  })
  @IsString()
  @Matches(/^\d(\.\d{1,4})?$/)
  completion!: string;

  @ApiProperty({ example: '2021-12-31', description: '进展日期（该完成度生效的日期）' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  effectiveDate!: string;

  @ApiPropertyOptional({ description: '进展说明' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class SecondaryTaskRefDto {
  @ApiProperty({ description: '项目编号（一级任务导入后成为项目）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  projectId!: string;

  @ApiProperty({ example: '1.实施政治引领专项行动，全面加强政治建设', description: '二级任务（原文）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  secondaryTask!: string;
}

export class AssignOwnersDto extends ReasonDto {
  @ApiProperty({ description: '任务负责人的用户编号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ownerId!: string;

  @ApiPropertyOptional({ type: [String], description: '要指定负责人的任务编号（与 secondaryTask 二选一）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  taskIds?: string[];

  @ApiPropertyOptional({
    type: SecondaryTaskRefDto,
    description: '该二级任务下的全部任务（与 taskIds 二选一）',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SecondaryTaskRefDto)
  secondaryTask?: SecondaryTaskRefDto;
}
