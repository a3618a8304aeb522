import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CatalogueQueryDto } from './catalogue.dto';
import { GetPlan, GetPlanCompletion, GetScoreReport } from '@sg/application';
import { planNotFound } from '@sg/domain';
import { Allow } from '../auth/access';
import { asOfOf } from '../http/as-of';
import { EntityIdPipe } from '../http/ids';
import { AsOfQueryDto } from '../indicators/indicators.dto';
import { evidenceCatalogueWorkbook, tablesWorkbook } from './tables.workbook';
import { Inject } from '@nestjs/common';
import { READ_MODEL_DB } from '@sg/application';
import { evidenceCatalogue } from '@sg/read-models';
import type Database from 'better-sqlite3';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition that keeps a Chinese file name (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

@ApiTags('报表导出')
@Controller('plans/:planId/exports')
export class ExportsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
  ) {}

  @Get('tables.xlsx')
  @Allow('plan.read')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '导出自评表格（任务完成情况、数量与质量指标统计表、绩效自评表、总分）为 XLSX' })
  async tables(
    @Param('planId', EntityIdPipe) planId: string,
    @Query() query: AsOfQueryDto,
  ): Promise<StreamableFile> {
    const plan = await this.queries.execute(new GetPlan(planId));
    if (!plan) throw planNotFound(planId);
    const asOf = asOfOf(query);
    const [scores, completion] = await Promise.all([
      this.queries.execute(new GetScoreReport(planId, asOf)),
      this.queries.execute(new GetPlanCompletion(planId, asOf)),
    ]);
    const label = query.cutoff ? `截至 ${query.cutoff}` : '截至当前';
    const buffer = await tablesWorkbook(plan, scores, completion, label);
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-自评表格-${query.cutoff ?? '当前'}.xlsx`),
      length: buffer.length,
    });
  }

  @Get('evidence-catalogue')
  @Allow('plan.audit')
  @ApiOperation({ summary: '佐证材料目录清单（可按层面、项目、任务筛选）' })
  catalogue(@Param('planId', EntityIdPipe) planId: string, @Query() query: CatalogueQueryDto) {
    return evidenceCatalogue(this.db, planId, query);
  }

  @Get('evidence-catalogue.xlsx')
  @Allow('plan.audit')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '导出佐证材料目录清单为 XLSX（可按层面、项目、任务筛选）' })
  async catalogueXlsx(@Param('planId', EntityIdPipe) planId: string, @Query() query: CatalogueQueryDto) {
    const plan = await this.queries.execute(new GetPlan(planId));
    if (!plan) throw planNotFound(planId);
    const buffer = await evidenceCatalogueWorkbook(plan, evidenceCatalogue(this.db, planId, query));
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-佐证材料目录清单.xlsx`),
      length: buffer.length,
    });
  }
}
