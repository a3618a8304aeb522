import { Allow } from '../auth/access';
import { Body, Controller, Get, Header, HttpCode, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignTaskOwners,
  DefineTask,
  RecordTaskProgress,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import { percentForDisplay, taskNotFound } from '@sg/domain';
import type { Request, Response } from 'express';
import {
  CompletionQueries,
  DirectoryQueries,
  NotificationQueries,
  SubmissionQueries,
  TaskSearchQueries,
  type TaskVisibility,
} from '@sg/read-models';
import type { Paged, TaskSearchHit } from '@sg/contracts';
import type { Principal } from '../auth/principal';
import { ListQuery } from '../http/list-query';
import { localDate } from '../http/local-time';
import { withNames } from '../directory/department-scope';
import { ownerSelection } from './owner-selection';
import { NoQuery } from '../http/as-of';
import { CommandResultDto } from '../http/command-result.dto';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { percent } from '../http/figures';
import { AssignOwnersDto, DefineTaskDto, RecordProgressDto, TaskSearchQueryDto } from './tasks.dto';
import { GetCurrentRoute, PostRoute } from '../http/routes';

/** Whose tasks a reader may find in a plan: as `task.read` lets them open each one. */
export function taskVisibility(p: Principal, planId: string): TaskVisibility {
  if (
    p.readsEverything ||
    p.has('office', `plan:${planId}`) ||
    p.has('reviewer', '*') ||
    p.has('reviewer', `plan:${planId}`)
  ) {
    return { all: true };
  }
  return {
    all: false,
    ownerId: p.userId,
    projectIds: [...p.scopedIds('project-lead', 'project'), ...p.scopedIds('reviewer', 'project')],
  };
}

@ApiTags('建设任务')
@Controller()
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly completion: CompletionQueries,
    private readonly submissions: SubmissionQueries,
    private readonly directory: DirectoryQueries,
    private readonly search: TaskSearchQueries,
    private readonly notifications: NotificationQueries,
  ) {}

  @Get('plans/:planId/tasks/search')
  @Allow('plan.read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      '任务查询：按名称、编号、负责人、年度、状态、项目查找方案中的任务（分页，含总数）；只列出本人可查看的任务',
    description: '只答当前状态；不接受未列出的查询参数（给出则 400）。',
  })
  searchTasks(
    @IdParam('planId') planId: string,
    @ListQuery(TaskSearchQueryDto) query: TaskSearchQueryDto,
    @Req() req: Request,
  ): Paged<TaskSearchHit> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const today = localDate(new Date(), this.notifications.settings(planId).settings.timezone);
    const { items, total } = this.search.search(
      planId,
      {
        text: query.q?.trim() || undefined,
        code: query.code,
        ownerId: query.owner,
        year: query.year,
        state: query.state,
        projectId: query.projectId,
      },
      {
        today,
        visibility: taskVisibility(req.principal!, planId),
        sort: query.sort ?? 'code',
        order: query.order ?? 'asc',
        page,
        pageSize,
      },
    );
    return {
      total,
      page,
      pageSize,
      items: items.map((hit) => {
        // The exact figure (子项目 rolled up as the report counts them), not the search's float.
        const completion = this.completion.task(hit.taskId)?.completion ?? '0';
        return { ...hit, planId, completion, completionPercent: percent(completion) };
      }),
    };
  }

  @GetCurrentRoute(
    'me/tasks',
    'signed-in',
    '我负责的建设任务：被退回待修改的在最前，其余截止日期最近的在前；各附最近一次提交的状态与退回原因',
  )
  @Header('Cache-Control', 'no-store')
  myTasks(@Req() req: Request, @NoQuery() _query: void) {
    const items = this.completion.tasksOwnedBy(req.principal!.userId).map((task) => {
      const latest = this.submissions.ofTask(task.taskId).at(-1);
      return {
        ...withNames(this.directory, task),
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
    });
    // Sent back first (the owner's next step), each group soonest due first (the order read).
    const sentBack = (t: (typeof items)[number]) => (t.latestSubmission?.status === 'rejected' ? 0 : 1);
    return { items: [...items].sort((a, b) => sentBack(a) - sentBack(b)) };
  }

  @PostRoute('plans/:planId/tasks', 'plan.manage', '新建建设任务并指定负责人')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: CommandResultDto })
  async defineTask(
    @IdParam('planId') planId: string,
    @Body() body: DefineTaskDto,
    @Ctx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    const result = await this.commands.execute(new DefineTask(planId, body, context));
    res.location(`/api/tasks/${result.id}`);
    return result;
  }

  @PostRoute(
    'plans/:planId/task-owners',
    'plan.manage',
    '批量指定任务负责人：一组任务、一个二级任务下的全部任务，或一个部门牵头的全部任务；先逐一检查，任何一项不通过则不写入任何内容',
  )
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async assignOwners(
    @IdParam('planId') planId: string,
    @Body() body: AssignOwnersDto,
    @Ctx() context: CommandContext,
  ): Promise<{ ownerId: string; taskIds: string[]; assigned: number; unchanged: number; position: number }> {
    const taskIds = ownerSelection(this.completion, this.directory, planId, body);
    const result = await this.commands.execute(new AssignTaskOwners(planId, body.ownerId, taskIds, context));
    return { ownerId: body.ownerId, taskIds, ...result };
  }

  @GetCurrentRoute('tasks/:taskId', 'task.read', '查看建设任务及其完成度（响应头 ETag 为版本号）')
  task(@IdParam('taskId') taskId: string, @NoQuery() _query: void) {
    const task = this.completion.task(taskId);
    if (!task) throw taskNotFound(taskId);
    return { ...withNames(this.directory, task), completionPercent: percentForDisplay(task.completion) };
  }

  @PostRoute('tasks/:taskId/progress', 'task.report', '记录任务进展（完成度）')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: '上次读取时的 ETag；数据已被他人修改时返回 412',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: CommandResultDto })
  recordProgress(
    @IdParam('taskId') taskId: string,
    @Body() body: RecordProgressDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new RecordTaskProgress(taskId, body, context));
  }
}
