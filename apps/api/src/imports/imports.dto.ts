import { ApiPropertyOptional } from '@nestjs/swagger';
import { FINDING_LABELS, type FindingKind } from '@sg/imports';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class TaskBookPreviewQueryDto {
  @ApiPropertyOptional({
    enum: Object.keys(FINDING_LABELS),
    description: '列出这一类未识别或有误的内容的完整清单（分页）',
  })
  @IsOptional()
  @IsIn(Object.keys(FINDING_LABELS))
  findings?: FindingKind;

  @ApiPropertyOptional({ example: '0', description: '清单从第几条开始（从 0 起）' })
  @IsOptional()
  @Matches(/^\d{1,6}$/)
  offset?: string;

  @ApiPropertyOptional({ example: '50', description: '每页条数（1–200，默认 50）' })
  @IsOptional()
  @Matches(/^([1-9]\d?|1\d\d|200)$/)
  limit?: string;
}
