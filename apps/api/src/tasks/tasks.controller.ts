import { Allow, SignedIn } from '../auth/access';
import { Body, Controller, Get, Header, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DefineTask,
  GetTask,
  READ_MODEL_DB,
  RecordTaskProgress,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import { percentForDisplay, taskNotFound } from '@sg/domain';
import type { Request, Response } from 'express';
import type Database from 'better-sqlite3';
import { CompletionQueries, SubmissionQueries } from '@sg/read-models';
import { CommandResultDto } from '../http/command-result.dto';
import { EntityIdPipe } from '../http/ids';
import { Ctx } from '../http/request-context';
import { percent } from '../http/figures';
import { DefineTaskDto, RecordProgressDto } from './tasks.dto';

@ApiTags('建设任务')
@Controller()
export class TasksController {
  private readonly completion: CompletionQueries;
  private readonly submissions: SubmissionQueries;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(READ_MODEL_DB) db: Database.Database,
  ) {
    this.completion = new CompletionQueries(db);
    this.submissions = new SubmissionQueries(db);
  }

  @Get('me/tasks')
  @SignedIn()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '我负责的建设任务（截止日期最近的在前），各附最近一次提交的状态与退回原因' })
  myTasks(@Req() req: Request) {
    return {
      items: this.completion.tasksOwnedBy(req.principal!.userId).map((task) => {
        const latest = this.submissions.ofTask(task.taskId).at(-1);
        return {
          ...task,
          completionPercent: percent(task.completion),
          latestSubmission: latest
            ? {
                submissionId: latest.submissionId,
                status: latest.status,
                stageName: latest.stageName,
                lastReason: latest.lastReason,
              }
            : null,
        };
      }),
    };
  }

  @Post('plans/:planId/tasks')
  @Allow('plan.manage')
  @ApiOperation({ summary: '新建建设任务并指定负责人' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: CommandResultDto })
  async defineTask(
    @Param('planId', EntityIdPipe) planId: string,
    @Body() body: DefineTaskDto,
    @Ctx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    const result = await this.commands.execute(new DefineTask(planId, body, context));
    res.location(`/api/tasks/${result.id}`);
    return result;
  }

  @Get('tasks/:taskId')
  @Allow('task.read')
  @ApiOperation({ summary: '查看建设任务及其完成度（响应头 ETag 为版本号）' })
  async task(@Param('taskId', EntityIdPipe) taskId: string) {
    const task = await this.queries.execute(new GetTask(taskId));
    if (!task) throw taskNotFound(taskId);
    return { ...task, completionPercent: percentForDisplay(task.completion) };
  }

  @Post('tasks/:taskId/progress')
  @Allow('task.report')
  @ApiOperation({ summary: '记录任务进展（完成度）' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: '上次读取时的 ETag；数据已被他人修改时返回 412',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: CommandResultDto })
  recordProgress(
    @Param('taskId', EntityIdPipe) taskId: string,
    @Body() body: RecordProgressDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new RecordTaskProgress(taskId, body, context));
  }
}
