import { Body, Controller, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  DecideAmendment,
  EVENT_STORE,
  ProposeAmendment,
  previewAmendment,
  type CommandContext,
  type CommandResult,
  type RevisedBook,
} from '@sg/application';
import {
  assertNever,
  DomainError,
  type AmendmentChanges,
  type AmendmentDiff,
  type IndicatorChange,
  type TaskChange,
  type Target,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { DEFAULT_IMPORT_LIMITS, readTaskBook, taskBookEntries, type Target as BookTarget } from '@sg/imports';
import { AmendmentQueries, CompletionQueries, NotificationQueries, UserQueries } from '@sg/read-models';
import { Inject } from '@nestjs/common';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { readSingleUpload } from '../evidence/multipart';
import { NoQuery } from '../http/as-of';
import { CommandResultDto } from '../http/command-result.dto';
import { IdParam } from '../http/ids';
import { localDateTime } from '../http/local-time';
import { Ctx } from '../http/request-context';
import { extractUpload, importProblem } from '../imports/import-refusal';
import { ApiFileUpload } from '../http/api-file-upload';
import { GetCurrentRoute, PostRoute } from '../http/routes';

export class RejectAmendmentDto {
  @ApiProperty({ description: '退回原因' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

const COMPARATOR = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' } as const;

/** A target as the 任务书 prints it. */
export function targetText(target: Target): string {
  switch (target.kind) {
    case 'numeric':
      return `${COMPARATOR[target.comparator]}${target.value}${target.unit ? ` ${target.unit}` : ''}`;
    case 'range':
      return `${target.min}–${target.max}${target.unit ? ` ${target.unit}` : ''}`;
    case 'qualitative':
      return target.text;
    default:
      return assertNever(target);
  }
}

/** A 任务书 target in the plan's terms: a number printed without a sign ("2 项") means at least that. */
function planTarget(target: BookTarget): Target {
  switch (target.kind) {
    case 'numeric':
      return {
        kind: 'numeric',
        comparator: target.comparator ?? '>=',
        value: target.value,
        unit: target.unit,
      };
    case 'range':
      return { kind: 'range', min: target.min, max: target.max, unit: target.unit };
    case 'qualitative':
      return { kind: 'qualitative', text: target.text };
    default:
      return assertNever(target);
  }
}

const FIELD_NAMES = {
  title: '任务内容',
  year: '年度',
  name: '指标名称',
  target: '目标值',
  sourceKey: '在任务书中的位置',
};

function presentDiff(diff: AmendmentDiff) {
  return {
    summary: {
      tasks: {
        added: diff.tasks.added.length,
        removed: diff.tasks.removed.length,
        changed: diff.tasks.changed.length,
        unchanged: diff.tasks.unchanged,
      },
      indicators: {
        added: diff.indicators.added.length,
        removed: diff.indicators.removed.length,
        changed: diff.indicators.changed.length,
        unchanged: diff.indicators.unchanged,
      },
    },
    tasks: {
      added: diff.tasks.added.map((t) => ({
        title: t.title,
        year: t.year,
        primaryTask: t.primaryTask,
        secondaryTask: t.secondaryTask,
        sourceKey: t.sourceKey,
        ref: t.ref,
      })),
      removed: diff.tasks.removed.map((t) => ({
        taskId: t.taskId,
        title: t.title,
        year: t.year ?? null,
        secondaryTask: t.secondaryTask ?? null,
      })),
      changed: diff.tasks.changed.map((c) => ({
        taskId: c.before.taskId,
        fields: c.fields,
        changedText: c.fields.map((f) => FIELD_NAMES[f]).join('、'),
        before: { title: c.before.title, year: c.before.year ?? null },
        after: { title: c.after.title, year: c.after.year },
        secondaryTask: c.after.secondaryTask,
        ref: c.after.ref,
      })),
    },
    indicators: {
      added: diff.indicators.added.map((i) => ({
        code: i.code,
        name: i.name,
        target: targetText(i.target),
        level2: i.level2,
        ref: i.ref,
      })),
      removed: diff.indicators.removed.map((i) => ({
        indicatorId: i.indicatorId,
        code: i.code,
        name: i.name,
        target: targetText(i.target),
      })),
      changed: diff.indicators.changed.map((c) => ({
        indicatorId: c.before.indicatorId,
        code: c.before.code,
        fields: c.fields,
        changedText: c.fields.map((f) => FIELD_NAMES[f]).join('、'),
        before: { name: c.before.name, target: targetText(c.before.target) },
        after: { name: c.after.name, target: targetText(c.after.target) },
        ref: c.after.ref,
      })),
    },
  };
}

function describeTaskChange(change: TaskChange): string {
  switch (change.kind) {
    case 'add':
      return `新增任务「${change.title}」（${change.year} 年度）`;
    case 'revise':
      return change.before.title !== change.after.title
        ? `修改任务「${change.before.title}」为「${change.after.title}」`
        : `任务「${change.after.title}」调整为 ${change.after.year} 年度`;
    case 'withdraw':
      return `撤销任务「${change.before.title}」`;
    default:
      return assertNever(change);
  }
}

function describeIndicatorChange(change: IndicatorChange): string {
  switch (change.kind) {
    case 'add':
      return `新增指标 ${change.definition.code}「${change.definition.name}」，目标值 ${targetText(change.definition.target)}`;
    case 'revise':
      return `指标 ${change.before.code}「${change.after.name}」目标值 ${targetText(change.before.target)} → ${targetText(change.after.target)}`;
    case 'withdraw':
      return `撤销指标 ${change.before.code}「${change.before.name}」`;
    default:
      return assertNever(change);
  }
}

const describeChanges = (changes: AmendmentChanges) => [
  ...changes.tasks.map(describeTaskChange),
  ...changes.indicators.map(describeIndicatorChange),
];

const STATUS = { proposed: '待审核', approved: '已通过', rejected: '已退回' } as const;

@ApiTags('任务调整')
@Controller('plans/:planId/amendments')
export class AmendmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly completion: CompletionQueries,
    private readonly amendments: AmendmentQueries,
    private readonly users: UserQueries,
    private readonly notifications: NotificationQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The uploaded file, read by the server into the 任务书's items and indicators. */
  private async readUpload(req: Request): Promise<{
    book: RevisedBook;
    file: { name: string; sha256: string };
    fields: Record<string, string>;
  }> {
    const upload = req.upload ?? (await readSingleUpload(req, DEFAULT_IMPORT_LIMITS.maxFileBytes));
    const document = await extractUpload(upload.bytes);
    let entries;
    try {
      entries = taskBookEntries(readTaskBook(document));
    } catch (error) {
      throw importProblem(error);
    }
    return {
      book: {
        tasks: entries.tasks,
        indicators: entries.indicators.map((i) => ({ ...i, target: planTarget(i.target) })),
      },
      file: { name: upload.name, sha256: createHash('sha256').update(upload.bytes).digest('hex') },
      fields: upload.fields ?? {},
    };
  }

  @PostRoute(
    'preview',
    'plan.manage',
    '任务调整预览：上传修订后的任务书（DOCX、XLS、XLSX），列出与当前方案相比新增、撤销与修改的任务和指标；不写入任何内容',
  )
  @HttpCode(200)
  @ApiFileUpload()
  async preview(@IdParam('planId') planId: string, @Req() req: Request) {
    const { book } = await this.readUpload(req);
    return presentDiff(await previewAmendment(this.store, this.completion, planId, book));
  }

  @PostRoute(
    undefined,
    'plan.manage',
    '提出任务调整：服务器重新读取上传的任务书并与当前方案比对，记录差异与原因，待建设办另一位同事审核',
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        reason: { type: 'string', description: '调整原因（必填）' },
        ownerId: { type: 'string', description: '新增任务的负责人（不填则为同一二级任务其他任务的负责人）' },
        effectiveDate: {
          type: 'string',
          format: 'date',
          description: '生效日期（须在建设周期内；不填则为审核当日，建设周期已结束时为周期最后一天）',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  async propose(
    @IdParam('planId') planId: string,
    @Req() req: Request,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { book, file, fields } = await this.readUpload(req);
    const reason = fields.reason?.trim() ?? '';
    const effectiveDate = fields.effectiveDate?.trim() ?? '';
    if (reason === '') {
      throw new DomainError('invalid', 'amendment-reason-required', '请填写调整原因（例如上级批复的文号）。');
    }
    return this.commands.execute(
      new ProposeAmendment(
        planId,
        {
          book,
          file,
          reason,
          ...(fields.ownerId ? { ownerId: fields.ownerId } : {}),
          ...(effectiveDate !== '' ? { effectiveDate } : {}),
        },
        { ...context, reason },
      ),
    );
  }

  @PostRoute(
    ':amendmentId/approve',
    'plan.manage',
    '审核通过任务调整（提出人以外的建设办人员）：自提出时选定的生效日期起生效（未选定则为审核当日，建设周期已结束时为周期最后一天），写入任务与指标的调整记录',
  )
  @HttpCode(200)
  approve(
    @IdParam('planId') planId: string,
    @IdParam('amendmentId') amendmentId: string,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new DecideAmendment(planId, amendmentId, { kind: 'approve' }, context));
  }

  @PostRoute(':amendmentId/reject', 'plan.manage', '退回任务调整（须写明原因），方案不变')
  @HttpCode(200)
  reject(
    @IdParam('planId') planId: string,
    @IdParam('amendmentId') amendmentId: string,
    @Body() body: RejectAmendmentDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new DecideAmendment(planId, amendmentId, { kind: 'reject', reason: body.reason }, context),
    );
  }

  @GetCurrentRoute(
    undefined,
    'plan.read',
    '任务调整记录：每次调整的差异、原因、提出人与审核人、时间（方案所在时区）与生效日期，最新的在前',
  )
  history(@IdParam('planId') planId: string, @NoQuery() _query: void) {
    const name = (userId: string | null) =>
      userId === null ? null : (this.users.byId(userId)?.displayName ?? '（已删除的用户）');
    const zone = this.notifications.settings(planId).settings.timezone;
    const time = (instant: string | null) => (instant === null ? null : localDateTime(instant, zone));
    return {
      items: this.amendments.ofPlan(planId).map((a) => ({
        amendmentId: a.amendmentId,
        status: a.status,
        statusText: STATUS[a.status],
        reason: a.reason,
        fileName: a.fileName,
        proposedBy: name(a.proposedBy),
        proposedAt: time(a.proposedAt),
        decidedBy: name(a.decidedBy),
        decidedAt: time(a.decidedAt),
        effectiveDate: a.effectiveDate,
        rejection: a.rejection,
        counts: {
          tasks: a.changes.tasks.length,
          indicators: a.changes.indicators.length,
        },
        changes: describeChanges(a.changes),
      })),
    };
  }
}
