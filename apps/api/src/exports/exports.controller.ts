import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CatalogueQueryDto } from './catalogue.dto';
import { planNotFound } from '@sg/domain';
import { Allow } from '../auth/access';
import { AsOfQuery } from '../http/as-of';
import { EntityIdPipe } from '../http/ids';
import { evidenceCatalogueWorkbook, tablesWorkbook } from './tables.workbook';
import { CompletionQueries, EvidenceQueries, ScoreQueries, type AsOf } from '@sg/read-models';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition that keeps a Chinese file name (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

@ApiTags('报表导出')
@Controller('plans/:planId/exports')
export class ExportsController {
  constructor(
    private readonly completion: CompletionQueries,
    private readonly scores: ScoreQueries,
    private readonly evidence: EvidenceQueries,
  ) {}

  @Get('tables.xlsx')
  @Allow('plan.read')
  @ApiProduces(XLSX)
  @ApiOperation({
    summary:
      '导出自评表格（任务完成情况、数量与质量指标统计表、绩效自评表、总分）为 XLSX；可按截至日期与知情时间计算',
  })
  async tables(
    @Param('planId', EntityIdPipe) planId: string,
    @AsOfQuery() asOf: AsOf,
  ): Promise<StreamableFile> {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const scores = this.scores.report(planId, asOf);
    const completion = this.completion.planCompletionView(planId, asOf);
    const label = asOf.cutoff ? `截至 ${asOf.cutoff}` : '截至当前';
    const buffer = await tablesWorkbook(plan, scores, completion, label);
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-自评表格-${asOf.cutoff ?? '当前'}.xlsx`),
      length: buffer.length,
    });
  }

  @Get('evidence-catalogue')
  @Allow('plan.audit')
  @ApiOperation({ summary: '佐证材料目录清单（可按层面、项目、任务筛选）' })
  catalogue(@Param('planId', EntityIdPipe) planId: string, @Query() query: CatalogueQueryDto) {
    return this.evidence.catalogue(planId, query);
  }

  @Get('evidence-catalogue.xlsx')
  @Allow('plan.audit')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '导出佐证材料目录清单为 XLSX（可按层面、项目、任务筛选）' })
  async catalogueXlsx(@Param('planId', EntityIdPipe) planId: string, @Query() query: CatalogueQueryDto) {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const buffer = await evidenceCatalogueWorkbook(plan, this.evidence.catalogue(planId, query));
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-佐证材料目录清单.xlsx`),
      length: buffer.length,
    });
  }
}
