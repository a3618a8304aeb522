import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@sg/application';
import { DomainError } from '@sg/domain';
import { isTamperEvident, type ChainVerification, type EventStore } from '@sg/event-store';
import { AuditQueries } from '@sg/read-models';
import { Allow } from '../auth/access';
import { AuditQueryDto, ChainCheckDto } from './audit.dto';

@ApiTags('审计')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Allow('audit.read')
  @ApiOperation({
    summary:
      '审计记录：按对象、操作人、时间段、事件类型筛选，按发生顺序分页（after 为上一页返回的 nextAfter）',
  })
  list(@Query() query: AuditQueryDto) {
    // Times are stored as UTC ISO strings: compare like with like.
    const utc = (value?: string) => (value === undefined ? undefined : new Date(value).toISOString());
    return this.audit.list({ ...query, from: utc(query.from), to: utc(query.to), limit: query.limit ?? 50 });
  }

  @Get('chain')
  @Allow('audit.read')
  @ApiOperation({ summary: '哈希链的最新一环（请另行保存，用于日后核对）' })
  async head() {
    const store = this.tamperEvident();
    return { head: await store.chainHead(), exportedAt: new Date().toISOString() };
  }

  @Get('chain/verify')
  @Allow('audit.read')
  @ApiOperation({ summary: '校验哈希链；给出此前保存的 position 与 hash 时，同时核对链尾是否被整体改写' })
  async verify(@Query() query: ChainCheckDto): Promise<ChainVerification & { message: string }> {
    const expected =
      query.position !== undefined && query.hash !== undefined
        ? { position: query.position, hash: query.hash }
        : undefined;
    const result = await this.tamperEvident().verifyChain(expected);
    return { ...result, message: describeVerification(result) };
  }

  private tamperEvident() {
    if (!isTamperEvident(this.store)) {
      throw new DomainError(
        'unavailable',
        'chain-not-supported',
        '当前事件存储（KurrentDB）尚不支持哈希链校验。',
      );
    }
    return this.store;
  }
}

export function describeVerification(result: ChainVerification): string {
  if (result.ok) return `哈希链完整：已校验 ${result.checked} 个事件，未发现篡改。`;
  const at = `位置 ${result.firstBadPosition}`;
  switch (result.problem) {
    case 'missing-event':
      return `发现篡改：${at} 的事件缺失（被删除）。`;
    case 'head-mismatch':
      return `发现篡改：${at} 的链尾与此前保存的不一致，哈希链被整体改写过。`;
    case 'hash-mismatch':
    case undefined:
      return `发现篡改：${at} 的事件内容或顺序与哈希链不符。`;
  }
}
