import { Controller, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EVIDENCE_EXTENSIONS, type Limits } from '@sg/contracts';
import type { AppConfig } from '@sg/config';
import { NoQuery } from '../http/as-of';
import { APP_CONFIG } from '../infrastructure/config.provider';
import { GetCurrentRoute } from '../http/routes';

/** The limits this server enforces, so the web checks the same numbers before it sends. */
@ApiTags('运行状态')
@Controller('limits')
export class LimitsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @GetCurrentRoute(
    undefined,
    'signed-in',
    '本服务的限制：佐证材料的最大字节数与可接受的文件类型（网页端据此提前检查）',
  )
  limits(@NoQuery() _query: void): Limits {
    return { evidenceMaxBytes: this.config.evidence.maxBytes, evidenceExtensions: EVIDENCE_EXTENSIONS };
  }
}
