import { Body, Controller, HttpCode, Query, Req, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AddLevel,
  AddProject,
  CreatePlan,
  DefineIndicator,
  DefineTask,
  RecordBudget,
  stepOf,
  type CommandContext,
} from '@sg/application';
import type { TaskBookConfirmResult, TaskBookPreviewView } from '@sg/contracts';
import { DomainError } from '@sg/domain';
import { DEFAULT_IMPORT_LIMITS, previewOf, readTaskBook, type TaskBook } from '@sg/imports';
import { UserQueries } from '@sg/read-models';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { attachment, XLSX } from '../exports/exports.controller';
import { Ctx } from '../http/request-context';
import { readSingleUpload } from '../evidence/multipart';
import { extractUpload, importProblem, importInvalid, requireXlsxBody } from './import-refusal';
import { TaskBookPreviewQueryDto } from './imports.dto';
import { readPlanWorkbook, type PlanImport } from './plan-import';
import { planTemplate } from './plan-template';
import { planFromTaskBook, type TaskBookPlan } from './task-book-plan';
import { ApiFileUpload } from '../http/api-file-upload';
import { GetRoute, PostRoute } from '../http/routes';

/** How many refused rows a refusal lists; the count says how many there are in all. */
const PROBLEMS_LISTED = 50;

@ApiTags('方案导入')
@Controller('plan-imports')
export class ImportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: UserQueries,
  ) {}

  @GetRoute('template.xlsx', 'plan.create', '下载任务书导入模板（XLSX）')
  @ApiProduces(XLSX)
  async template(): Promise<StreamableFile> {
    const buffer = await planTemplate();
    return new StreamableFile(buffer, {
      type: XLSX,
      disposition: attachment('任务书导入模板.xlsx'),
      length: buffer.length,
    });
  }

  @PostRoute(
    undefined,
    'plan.create',
    '导入任务书：先逐一检查所有单元格，任何一处有误则整份不导入，并列出每个有误的单元格（工作表与单元格位置）',
  )
  @ApiConsumes(XLSX)
  @ApiBody({ description: '按模板填写的任务书（XLSX 文件本身作为请求体）' })
  async import(@Body() body: unknown, @Ctx() context: CommandContext) {
    requireXlsxBody(body);
    // A file that is not a workbook at all is one more cell error of the template import.
    const document = await extractUpload(body, { unreadable: 'undefined' });
    const read = readPlanWorkbook(document, (username) => {
      const user = this.users.byUsername(username);
      return user && !user.disabled ? user.userId : undefined;
    });
    if (!read.ok) throw importInvalid(read.errors);
    // Ids derive from the file's hash: uploading the same file again completes or repeats nothing.
    const hash = createHash('sha256').update(body).digest('hex');
    return this.write(read.value, { ...context, idempotencyKey: `import:${hash}` });
  }

  @PostRoute(
    'task-book/preview',
    'plan.create',
    '预览教育部模板的建设任务书（DOCX、XLS、XLSX）：识别出的部分、表格与数量，未识别的内容按类汇总并可分页查看；不写入任何内容',
  )
  @HttpCode(200)
  @ApiFileUpload()
  async previewTaskBook(
    @Req() req: Request,
    @Query() query: TaskBookPreviewQueryDto,
  ): Promise<TaskBookPreviewView> {
    const upload = await readSingleUpload(req, DEFAULT_IMPORT_LIMITS.maxFileBytes);
    const document = await extractUpload(upload.bytes);
    try {
      return previewOf(
        document.format,
        readTaskBook(document),
        query.findings
          ? { kind: query.findings, offset: Number(query.offset ?? 0), limit: Number(query.limit ?? 50) }
          : undefined,
      );
    } catch (error) {
      throw importProblem(error);
    }
  }

  @PostRoute(
    'task-book/confirm',
    'plan.create',
    '确认导入教育部模板的建设任务书：服务器重新读取并检查上传的文件，据此新建建设方案（层面、项目、年度任务、全部绩效指标、预算）；任务负责人为“未分配”，分值为 0，之后批量指定；任何一处不能导入则不写入任何内容',
  )
  @ApiFileUpload()
  // Typed as the web reads them (@sg/contracts): the compiler keeps the two in step.
  async confirmTaskBook(@Req() req: Request, @Ctx() context: CommandContext): Promise<TaskBookConfirmResult> {
    const upload = await readSingleUpload(req, DEFAULT_IMPORT_LIMITS.maxFileBytes);
    const document = await extractUpload(upload.bytes);
    let book: TaskBook;
    try {
      book = readTaskBook(document);
    } catch (error) {
      throw importProblem(error);
    }
    const read = planFromTaskBook(book);
    if (!read.ok) {
      throw new DomainError(
        'invalid',
        'import-invalid',
        `任务书有 ${read.problems.length} 处不能导入，未导入任何内容。`,
        { total: read.problems.length, problems: read.problems.slice(0, PROBLEMS_LISTED) },
      );
    }
    // Ids derive from the file's hash: the same file confirmed again completes or repeats nothing.
    const hash = createHash('sha256').update(upload.bytes).digest('hex');
    const written = await this.writeTaskBook(read.value, {
      ...context,
      idempotencyKey: `task-book:${hash}`,
    });
    const preview = previewOf(document.format, book);
    return { ...written, findings: preview.notRecognised };
  }

  private async writeTaskBook(value: TaskBookPlan, context: CommandContext) {
    const run = this.commands;
    const planId = (await run.execute(new CreatePlan(value.plan, stepOf(context, 'plan')))).id;
    const levelIds = new Map<string, string>();
    for (const { key, ...level } of value.levels) {
      levelIds.set(key, (await run.execute(new AddLevel(planId, level, stepOf(context, `level:${key}`)))).id);
    }
    const projectIds = new Map<string, string>();
    for (const project of value.projects) {
      const result = await run.execute(
        new AddProject(
          planId,
          { levelId: levelIds.get(project.level)!, code: project.code, name: project.name },
          stepOf(context, `project:${project.key}`),
        ),
      );
      projectIds.set(project.key, result.id);
    }
    for (const { level, ref: _ref, ...indicator } of value.indicators) {
      await run.execute(
        new DefineIndicator(
          planId,
          { ...indicator, levelId: levelIds.get(level)! },
          stepOf(context, `indicator:${indicator.sourceKey}`),
        ),
      );
    }
    for (const budget of value.budgets) {
      await run.execute(
        new RecordBudget(
          {
            planId,
            levelId: levelIds.get(budget.level)!,
            kind: budget.kind,
            ...(budget.year !== undefined ? { year: budget.year } : {}),
            lines: budget.lines.map(({ project, ...line }) => ({
              ...line,
              ...(project ? { projectId: projectIds.get(project)! } : {}),
            })),
          },
          stepOf(context, `budget:${budget.level}:${budget.kind}:${budget.year ?? ''}`),
        ),
      );
    }
    let position = 0;
    for (const task of value.tasks) {
      const result = await run.execute(
        new DefineTask(
          planId,
          {
            projectId: projectIds.get(task.project)!,
            title: task.title,
            year: task.year,
            primaryTask: task.primaryTask,
            secondaryTask: task.secondaryTask,
            sourceKey: task.sourceKey,
          },
          stepOf(context, `task:${task.sourceKey}`),
        ),
      );
      position = result.position;
    }
    return {
      id: planId,
      position,
      levels: value.levels.length,
      projects: value.projects.length,
      tasks: value.tasks.length,
      indicators: value.indicators.length,
      budgets: value.budgets.length,
    };
  }

  private async write(value: PlanImport, context: CommandContext) {
    const run = this.commands;
    const planId = (await run.execute(new CreatePlan(value.plan, stepOf(context, 'plan')))).id;
    const levelIds = new Map<string, string>();
    for (const { row, ...level } of value.levels) {
      levelIds.set(
        level.name,
        (await run.execute(new AddLevel(planId, level, stepOf(context, `level:${row}`)))).id,
      );
    }
    const projectIds = new Map<string, string>();
    for (const project of value.projects) {
      const levelId = levelIds.get(project.level)!;
      const result = await run.execute(
        new AddProject(
          planId,
          { levelId, code: project.code, name: project.name },
          stepOf(context, `project:${project.row}`),
        ),
      );
      projectIds.set(`${project.level}\u0000${project.code}`, result.id);
    }
    for (const { level, row, ...indicator } of value.indicators) {
      await run.execute(
        new DefineIndicator(
          planId,
          { ...indicator, levelId: levelIds.get(level)! },
          stepOf(context, `indicator:${row}`),
        ),
      );
    }
    for (const task of value.tasks) {
      await run.execute(
        new DefineTask(
          planId,
          {
            projectId: projectIds.get(`${task.level}\u0000${task.project}`)!,
            title: task.title,
            ownerId: task.ownerId,
            dueDate: task.dueDate,
          },
          stepOf(context, `task:${task.row}`),
        ),
      );
    }
    return {
      id: planId,
      levels: value.levels.length,
      projects: value.projects.length,
      tasks: value.tasks.length,
      indicators: value.indicators.length,
    };
  }
}
