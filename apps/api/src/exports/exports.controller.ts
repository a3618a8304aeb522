import { Controller, Get, Inject, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RecordEvidencePackageDownload, type CommandContext } from '@sg/application';
import { evidenceNotFound, planNotFound } from '@sg/domain';
import type { ContentStore } from '@sg/evidence';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { CatalogueQueryDto } from './catalogue.dto';
import { CONTENT_STORE } from '../evidence/evidence.tokens';
import { Ctx } from '../http/request-context';
import { byteRange, planPackage, withFixedDates, zipPackage } from './evidence-package';
import { Allow } from '../auth/access';
import { AsOfQuery, CompletionQuery, type CompletionQueryValue } from '../http/as-of';
import { COMPLETION_BASIS_LABELS } from '@sg/contracts';
import { IdParam } from '../http/ids';
import { evidenceCatalogueWorkbook, tablesWorkbook } from './tables.workbook';
import {
  AchievementQueries,
  CompletionQueries,
  completionReading,
  EvidenceQueries,
  FundsQueries,
  NotificationQueries,
  DirectoryQueries,
  ReconciliationQueries,
  ScoreQueries,
  type AsOf,
} from '@sg/read-models';
import { selfEvaluationDocument } from './self-evaluation.document';
import { departmentSelection } from '../directory/department-scope';
import { localDate } from '../http/local-time';
import { GetRoute } from '../http/routes';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ZIP = 'application/zip';

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
    private readonly commands: CommandBus,
    @Inject(CONTENT_STORE) private readonly store: ContentStore,
    private readonly notifications: NotificationQueries,
    private readonly directory: DirectoryQueries,
  ) {}

  /** The plan's time zone: every date and time a user reads is in it. */
  private timeZone(planId: string): string {
    return this.notifications.settings(planId).settings.timezone;
  }

  /** The date the figures stand at: the cut-off, or today in the plan's time zone. */
  private asOfDate(planId: string, asOf: AsOf): string {
    return asOf.cutoff ?? localDate(new Date(), this.timeZone(planId));
  }

  @GetRoute(
    'tables.xlsx',
    'plan.read',
    '导出自评表格（任务完成情况、数量与质量指标统计表、绩效自评表、总分）为 XLSX；可按截至日期与知情时间计算；任务完成情况可选统计口径、可只计某部门牵头或参与的任务（标题行注明）',
  )
  @ApiProduces(XLSX)
  async tables(
    @IdParam('planId') planId: string,
    @CompletionQuery({ department: true }) { asOf, basis, department }: CompletionQueryValue,
  ): Promise<StreamableFile> {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const only = departmentSelection(this.directory, department);
    const scores = this.scores.report(planId, asOf);
    const date = this.asOfDate(planId, asOf);
    const reading = completionReading(basis, asOf, date);
    const completion = this.completion.planCompletionView(planId, asOf, reading, only);
    const label = `截至 ${date}；口径：${COMPLETION_BASIS_LABELS[basis]}${
      only ? `；部门：${only.name}（牵头或参与的任务）` : ''
    }`;
    const buffer = await tablesWorkbook(plan, scores, completion, label);
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment(`${plan.school}-自评表格-${date}.xlsx`),
      length: buffer.length,
    });
  }

  @GetRoute(
    'self-evaluation.docx',
    'plan.review-material',
    '导出绩效自评报告为 Word 文档（项目完成率、数量与质量指标统计表、时效 / 效益 / 满意度 / 管理指标表、层面得分与总分、资金到位率与执行率、标志性成果）；按截至日期与知情时间计算，同一截至日期重复导出字节相同',
  )
  @ApiProduces(DOCX)
  async selfEvaluation(@IdParam('planId') planId: string, @AsOfQuery() asOf: AsOf): Promise<StreamableFile> {
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

  @GetRoute('evidence-catalogue', 'plan.audit', '佐证材料目录清单（可按层面、项目、任务筛选）')
  catalogue(@IdParam('planId') planId: string, @Query() query: CatalogueQueryDto) {
    return this.evidence.catalogue(planId, query);
  }

  @GetRoute(
    'evidence-catalogue.xlsx',
    'plan.audit',
    '导出佐证材料目录清单为 XLSX（可按层面、项目、任务筛选）',
  )
  @ApiProduces(XLSX)
  async catalogueXlsx(@IdParam('planId') planId: string, @Query() query: CatalogueQueryDto) {
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

  @Get('evidence-package.zip')
  @Allow('plan.review-package')
  @ApiProduces(ZIP)
  @ApiOperation({
    summary:
      '下载佐证材料包（ZIP）：截至日期前生效、知情时间前审核通过的提交所附的全部佐证材料，按“项目 / 任务”分文件夹、保留原文件名，附佐证材料目录（XLSX）、manifest.json 与 SHA256SUMS.txt（每个文件的 SHA-256）',
    description:
      '边读边发送，内存占用与包的大小无关。同一截至日期与知情时间、材料不变时，每次下载字节相同（ETag 相同），中断后可用 Range（单一区间，可带 If-Range）续传。每次下载记入审计日志。',
  })
  async evidencePackage(
    @IdParam('planId') planId: string,
    @AsOfQuery() asOf: AsOf,
    @Ctx() context: CommandContext,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    const entries = this.evidence.approvedCatalogue(planId, asOf);
    // Every file is checked before anything is recorded or sent: a package never breaks off halfway.
    for (const entry of entries) {
      if (!this.store.has(entry.sha256) || statSync(this.store.pathOf(entry.sha256)).size !== entry.size)
        throw evidenceNotFound(entry.evidenceId);
    }
    const date = new Date(`${asOf.cutoff ?? '2000-01-01'}T00:00:00Z`);
    const contents = planPackage(
      entries,
      (sha256) => this.store.pathOf(sha256),
      await withFixedDates(await evidenceCatalogueWorkbook(plan, entries, this.timeZone(planId)), date),
      { plan: planId, school: plan.school, cutoff: asOf.cutoff, knownAt: asOf.knownAt },
    );
    const manifestSha256 = createHash('sha256').update(contents.manifest).digest('hex');
    // The bytes follow from the manifest (and the date it is stamped with): the same manifest, the same zip.
    const etag = `"${createHash('sha256')
      .update(`${PACKAGE_FORMAT}\n${asOf.cutoff ?? ''}\n`)
      .update(contents.manifest)
      .digest('hex')}"`;
    let length = -1;
    const zip = zipPackage(contents, date, (total) => (length = total));
    const range = requestedRange(req, etag, length);
    if (range === 'unsatisfiable') {
      zip.destroy();
      res.status(416).setHeader('Content-Range', `bytes */${length}`);
      res.end();
      return;
    }
    const bytes = entries.reduce((sum, e) => sum + e.size, 0);
    await this.commands.execute(
      new RecordEvidencePackageDownload(
        {
          planId,
          ...(asOf.cutoff ? { cutoff: asOf.cutoff } : {}),
          ...(asOf.knownAt ? { knownAt: asOf.knownAt } : {}),
          files: entries.length,
          bytes,
          manifestSha256,
          ...(range ? { resumedFrom: range.start } : {}),
        },
        { ...context, expectedRevision: undefined, idempotencyKey: undefined },
      ),
    );
    res.setHeader('Content-Type', ZIP);
    res.setHeader(
      'Content-Disposition',
      attachment(`${plan.school}-佐证材料包-${asOf.cutoff ?? '当前'}.zip`),
    );
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-store');
    const body = range ? zip.pipe(byteRange(range.start, range.end)) : zip;
    if (range) {
      res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${length}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(200).setHeader('Content-Length', String(length));
    }
    try {
      await pipeline(body, res);
    } catch {
      // The client went away (or a file failed mid-way): the connection is closed, nothing to answer.
      zip.destroy();
    }
  }
}

/** Bumped when the zip layout changes, so an old ETag never resumes into a different file. */
const PACKAGE_FORMAT = 'evidence-package/1';

/**
 * A single `bytes=` range of a package of `length` bytes; none (the whole package) when absent,
 * when `If-Range` names another version, or when it is several ranges (answered whole).
 */
function requestedRange(
  req: Request,
  etag: string,
  length: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const header = req.header('range');
  if (!header) return undefined;
  const ifRange = req.header('if-range');
  if (ifRange !== undefined && ifRange !== etag) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, length - Number(match[2]));
    end = length - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  }
  if (start >= length || start > end) return 'unsatisfiable';
  return { start, end };
}
