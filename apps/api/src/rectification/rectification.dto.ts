import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FINDING_SEVERITIES, FINDING_SOURCES, type FindingSeverity, type FindingSource } from '@sg/domain';
import { FINDING_STATUSES, type FindingStatusName } from '@sg/contracts';
import { ReasonDto } from '../http/reason.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class FindingSubjectDto {
  @ApiProperty({ enum: ['indicator', 'task'] })
  @IsIn(['indicator', 'task'])
  kind!: 'indicator' | 'task';

  @ApiProperty({ description: '指标编号或任务编号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id!: string;
}

export class RecordFindingDto extends ReasonDto {
  @ApiProperty({
    enum: FINDING_SOURCES,
    description: '来源：专家评审、教育部、省教育厅、学校自查、审计、其他',
  })
  @IsIn([...FINDING_SOURCES])
  source!: FindingSource;

  @ApiProperty({ enum: FINDING_SEVERITIES, description: '严重程度：严重、一般、轻微' })
  @IsIn([...FINDING_SEVERITIES])
  severity!: FindingSeverity;

  @ApiProperty({ type: FindingSubjectDto })
  @ValidateNested()
  @Type(() => FindingSubjectDto)
  subject!: FindingSubjectDto;

  @ApiProperty({ example: '标志性成果佐证不足' })
  @IsString()
  @MaxLength(200)
  title!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  description!: string;
}

export class AssignFindingDto extends ReasonDto {
  @ApiProperty({ description: '整改责任人（用户编号）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  assignee!: string;

  @ApiPropertyOptional({ description: '责任部门（部门管理中的部门编号，可不填）' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  departmentId?: string;

  @ApiProperty({ example: '2022-06-30', description: '整改期限（YYYY-MM-DD）' })
  @Matches(DATE, { message: '整改期限应为日期（YYYY-MM-DD）' })
  deadline!: string;
}

export class SubmitRectificationDto {
  @ApiProperty({ description: '整改情况' })
  @IsString()
  @MaxLength(10_000)
  narrative!: string;

  @ApiProperty({ type: [String], description: '佐证材料编号（先上传到本方案的任务下）' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  evidenceIds!: string[];
}

export class ApproveRectificationDto {
  @ApiPropertyOptional({ description: '审核意见' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ReturnRectificationDto {
  @ApiProperty({ description: '退回原因' })
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class FindingFilterDto {
  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  @IsOptional()
  @IsIn([...FINDING_STATUSES])
  status?: FindingStatusName;

  @ApiPropertyOptional({ enum: FINDING_SOURCES })
  @IsOptional()
  @IsIn([...FINDING_SOURCES])
  source?: string;

  @ApiPropertyOptional({ enum: FINDING_SEVERITIES })
  @IsOptional()
  @IsIn([...FINDING_SEVERITIES])
  severity?: string;

  @ApiPropertyOptional({ description: '整改责任人（用户编号）' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  assignee?: string;

  @ApiPropertyOptional({ description: '只看逾期（true）或未逾期（false）' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class OpenExpertReviewDto extends ReasonDto {
  @ApiProperty({ example: '2021 年度绩效评价专家评审' })
  @IsString()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '2021-01-01' })
  @Matches(DATE, { message: '评审期间起应为日期（YYYY-MM-DD）' })
  periodFrom!: string;

  @ApiProperty({ example: '2021-12-31' })
  @Matches(DATE, { message: '评审期间止应为日期（YYYY-MM-DD）' })
  periodTo!: string;

  @ApiProperty({ example: '2022-03-31T16:00:00Z', description: '专家账号有效期（到此时刻为止）' })
  @IsString()
  @MaxLength(40)
  accessUntil!: string;
}

export class InviteExpertDto extends ReasonDto {
  @ApiProperty({ description: '专家账号（用户编号）：须持有本方案的「评审专家（校外）」角色' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  expertId!: string;
}

export class ExpertScoreDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  indicatorId!: string;

  @ApiProperty({ example: '8.5', description: '0 到该指标分值之间，最多两位小数' })
  @IsString()
  @MaxLength(20)
  score!: string;

  @ApiProperty({ description: '评审意见' })
  @IsString()
  @MaxLength(2000)
  comment!: string;
}
