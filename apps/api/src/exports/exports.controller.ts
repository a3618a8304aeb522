import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CatalogueQueryDto } from './catalogue.dto';
import { planNotFound } from '@sg/domain';
import { Allow } from '../auth/access';
import { AsOfQuery } from '../http/as-of';
import { EntityIdPipe } from '../http/ids';
import { evidenceCatalogueWorkbook, tablesWorkbook } from './tables.workbook';
import {
  AchievementQueries,
  CompletionQueries,
  EvidenceQueries,
  FundsQueries,
  NotificationQueries,
  ReconciliationQueries,
  ScoreQueries,
  type AsOf,
} from '@sg/read-models';
import { selfEvaluationDocument } from './self-evaluation.document';
import { localDate } from '../http/local-time';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A Content-Disposition that keeps a Chinese file name (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const extension = filename.slice(filename.lastIndexOf('.'));
  return `attachment; filename="export${extension}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

@ApiTags('报表导出')
@Controller('plans/:planId/exports')
export class ExportsController {
  constructor(
    private readonly completion: CompletionQueries,
    private readonly scores: ScoreQueries,
    private readonly evidence: EvidenceQueries,
    private readonly funds: FundsQueries,
    private readonly achievements: AchievementQueries,
    private readonly reconciliation: ReconciliationQueries,
    private readonly notifications: NotificationQueries,
  ) {}

  /** The plan's time zone: every date and time a user reads is in it. */
  private timeZone(planId: string): string {
    return this.notifications.settings(planId).settings.timezone;
  }

  /** The date the figures stand at: the cut-off, or today in the plan's time zone. */
  private asOfDate(planId: string, asOf: AsOf): string {
    return asOf.cutoff ?? localDate(new Date(), this.timeZone(planId));
  }

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
    const date = this.asOfDate(planId, asOf);
    const buffer = await tablesWorkbook(plan, scores, completion, `截至 ${date}`);
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-自评表格-${date}.xlsx`),
      length: buffer.length,
    });
  }

  @Get('self-evaluation.docx')
  @Allow('plan.read')
  @ApiProduces(DOCX)
  @ApiOperation({
    summary:
      '导出绩效自评报告为 Word 文档（项目完成率、数量与质量指标统计表、时效 / 效益 / 满意度 / 管理指标表、层面得分与总分、资金到位率与执行率、标志性成果）；按截至日期与知情时间计算，同一截至日期重复导出字节相同',
  })
  async selfEvaluation(
    @Param('planId', EntityIdPipe) planId: string,
    @AsOfQuery() asOf: AsOf,
  ): Promise<StreamableFile> {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const buffer = await selfEvaluationDocument({
      plan,
      scores: this.scores.report(planId, asOf),
      completion: this.completion.planCompletionView(planId, asOf),
      funds: this.funds.funds(planId, asOf),
      achievements: this.achievements.byLevel(planId, asOf),
      cutoff: asOf.cutoff,
      asOfDate: this.asOfDate(planId, asOf),
      // Declared figures are checked with what is known now, so not for a past knowledge time.
      reconciliation: asOf.knownAt ? [] : this.reconciliation.reconcile(planId),
    });
    return new StreamableFile(buffer, {
      type: DOCX,
      disposition: attachment(`${plan.school}-绩效自评报告-${this.asOfDate(planId, asOf)}.docx`),
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
    const buffer = await evidenceCatalogueWorkbook(
      plan,
      this.evidence.catalogue(planId, query),
      this.timeZone(planId),
    );
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-佐证材料目录清单.xlsx`),
      length: buffer.length,
    });
  }
}
