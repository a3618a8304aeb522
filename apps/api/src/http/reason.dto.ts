import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Any change may say why; the reason is kept in the event's metadata and shown in the audit trail. */
export class ReasonDto {
  @ApiPropertyOptional({ description: '原因或说明，记入审计记录' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
