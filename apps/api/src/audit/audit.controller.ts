import { Controller, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { eventName, type AuditEntry, type AuditObject, type AuditPage } from '@sg/contracts';
import { EVENT_STORE } from '@sg/application';
import { DomainError } from '@sg/domain';
import { isTamperEvident, type ChainVerification, type EventStore } from '@sg/event-store';
import { AuditQueries } from '@sg/read-models';
import { attachment, XLSX } from '../exports/exports.controller';
import { AuditExportDto, AuditObjectsDto, AuditQueryDto, ChainCheckDto } from './audit.dto';
import { localDateTime } from '../http/local-time';
import { auditWorkbook } from './audit.workbook';
import { GetRoute } from '../http/routes';

/** The most rows one export carries; a wider filter is refused, not cut short. */
export const AUDIT_EXPORT_MAX = 50_000;

/** The filters a list and an export share; times are stored as UTC ISO strings, compared like with like. */
function filterOf(query: AuditExportDto & { after?: number; before?: number }) {
  const utc = (value?: string) => (value === undefined ? undefined : new Date(value).toISOString());
  return {
    entity: query.entity,
    actor: query.actor,
    type: query.type,
    from: utc(query.from),
    to: utc(query.to),
    after: query.after,
    before: query.before,
    internal: query.internal === 'true',
  };
}

@ApiTags('审计')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @GetRoute(
    undefined,
    'audit.read',
    '审计记录：按对象、操作人、时间段、事件类型筛选；默认最新在前（before 为上一页返回的 nextBefore），order=asc 按发生顺序（after 为 nextAfter）；每条记录给出所涉对象的名称与变更前后；系统内部记录默认不列出（internal=true 列出）',
  )
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    const order = query.order ?? 'desc';
    // One cursor per direction: the other one would skip or repeat entries.
    if ((order === 'desc' && query.after !== undefined) || (order === 'asc' && query.before !== undefined)) {
      throw new DomainError(
        'invalid',
        'audit-cursor-mismatch',
        '分页游标与排序方向不符：最新在前时用 before，按发生顺序时用 after。',
      );
    }
    return this.audit.list({ ...filterOf(query), order, limit: query.limit ?? 50 });
  }

  @GetRoute('objects', 'audit.read', '按名称查找可作为审计对象的方案、项目、任务与用户（供“对象”选择）')
  objects(@Query() query: AuditObjectsDto): AuditObject[] {
    return this.audit.objects(query.q.trim(), 20);
  }

  @GetRoute('chain', 'audit.read', '哈希链的最新一环（请另行保存，用于日后核对）')
  async head() {
    const store = this.tamperEvident();
    return { head: await store.chainHead(), exportedAt: new Date().toISOString() };
  }

  @GetRoute(
    'chain/verify',
    'audit.read',
    '校验哈希链；给出此前保存的 position 与 hash 时，同时核对链尾是否被整体改写',
  )
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

/** `GET /api/audit.xlsx`: the list's filters, the whole filtered trail as a spreadsheet. */
@ApiTags('审计')
@Controller('audit.xlsx')
export class AuditExportController {
  constructor(private readonly audit: AuditQueries) {}

  @GetRoute(
    undefined,
    'audit.read',
    `按与列表相同的筛选导出审计记录为 XLSX（最新在前，时间按方案时区，默认北京时间；至多 ${AUDIT_EXPORT_MAX} 条）`,
  )
  @ApiProduces(XLSX)
  async export(@Query() query: AuditExportDto): Promise<StreamableFile> {
    const filter = filterOf(query);
    const count = this.audit.count(filter, AUDIT_EXPORT_MAX + 1);
    if (count > AUDIT_EXPORT_MAX) {
      throw new DomainError(
        'invalid',
        'audit-export-too-large',
        `符合条件的审计记录超过 ${AUDIT_EXPORT_MAX} 条，请缩小时间段或指定对象、操作人、类型后再导出。`,
        { max: AUDIT_EXPORT_MAX },
      );
    }
    const rows: { entry: AuditEntry; timeZone: string; typeName: string }[] = [];
    let before: number | undefined;
    do {
      const page = await this.audit.list({ ...filter, order: 'desc', before, limit: 500 });
      for (const entry of page.items)
        rows.push({ entry, timeZone: this.audit.timeZoneOf(entry), typeName: eventName(entry.type) });
      before = page.nextBefore;
    } while (before !== undefined && rows.length < AUDIT_EXPORT_MAX);
    const buffer = await auditWorkbook(
      rows,
      `审计记录（导出于 ${localDateTime(new Date().toISOString(), 'Asia/Shanghai')} 北京时间，共 ${rows.length} 条）`,
    );
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`审计记录-${new Date().toISOString().slice(0, 10)}.xlsx`),
      length: buffer.length,
    });
  }
}
