import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

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

  @ApiPropertyOptional({ description: '分页游标：上一页的 nextAfter' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
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
