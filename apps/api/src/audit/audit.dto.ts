import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({
    example: 'task:0190…',
    description: '对象：task:<编号>、plan:<编号>、project:<编号>、user:<编号>',
  })
  @IsOptional()
  @Matches(
    /^(plan|level|project|task|user|username|indicator|evidence|submission|achievement):[0-9a-zA-Z._-]{1,64}$/,
  )
  entity?: string;

  @ApiPropertyOptional({ description: '操作人用户编号' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ example: 'TaskProgressRecorded' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}$/)
  type?: string;

  @ApiPropertyOptional({ example: '2022-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2022-12-31T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    enum: ['desc', 'asc'],
    default: 'desc',
    description: 'desc 最新在前，asc 按发生顺序',
  })
  @IsOptional()
  @IsIn(['desc', 'asc'])
  order?: 'desc' | 'asc';

  @ApiPropertyOptional({ description: '分页游标（order=asc）：上一页的 nextAfter' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: '分页游标（order=desc）：上一页的 nextBefore' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: '是否列出系统内部记录（占用用户名、通知送达等）',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  internal?: 'true' | 'false';

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The export takes the list's filters, without paging. */
export class AuditExportDto extends OmitType(AuditQueryDto, ['after', 'before', 'limit', 'order'] as const) {}

export class AuditObjectsDto {
  @ApiProperty({ description: '名称、编号或用户名中的文字', example: '思政' })
  @IsString()
  @Matches(/\S/, { message: '请输入要查找的名称。' })
  @MaxLength(50)
  q!: string;
}

export class ChainCheckDto {
  @ApiPropertyOptional({ description: '此前保存的链尾位置' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  position?: number;

  @ApiPropertyOptional({ description: '此前保存的链尾哈希' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  hash?: string;
}
