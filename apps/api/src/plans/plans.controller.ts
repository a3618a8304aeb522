import { Allow, SignedIn } from '../auth/access';
import { lookupsFor, mayReadPlan, type Lookups } from '../auth/policies';
import { Body, Controller, Get, Header, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddLevel,
  AddProject,
  CreatePlan,
  GetPlan,
  GetPlanCompletion,
  GetProjectCompletion,
  READ_MODEL_DB,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import type { PlanCompletionView } from '@sg/read-models';
import { percentForDisplay, planNotFound, projectNotFound } from '@sg/domain';
import type { Request, Response } from 'express';
import type Database from 'better-sqlite3';
import { CommandResultDto } from '../http/command-result.dto';
import { EntityIdPipe } from '../http/ids';
import { Ctx } from '../http/request-context';
import { AddLevelDto, AddProjectDto, CreatePlanDto } from './plans.dto';
import { AsOfQueryDto } from '../indicators/indicators.dto';
import { figure, percent } from '../http/figures';
import { asOfOf } from '../http/as-of';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: '重试同一请求时使用同一个键，只会执行一次',
};

@ApiTags('建设方案')
@Controller()
export class PlansController {
  private readonly lookups: Lookups;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(READ_MODEL_DB) db: Database.Database,
  ) {
    this.lookups = lookupsFor(db);
  }

  @Get('plans')
  @SignedIn()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '我可查看的建设方案（网页端据此选择方案）' })
  plans(@Req() req: Request) {
    return {
      items: this.lookups.completion
        .plans()
        .filter((plan) => mayReadPlan(req.principal!, plan.planId, this.lookups)),
    };
  }

  @Get('projects/:projectId/tasks')
  @Allow('project.read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '项目的建设任务（负责人、截止日期、完成度）' })
  projectTasks(@Param('projectId', EntityIdPipe) projectId: string) {
    if (!this.lookups.completion.planOfProject(projectId)) throw projectNotFound(projectId);
    return {
      items: this.lookups.completion.tasksOfProject(projectId).map((row) => {
        const task = this.lookups.completion.task(row.taskId)!;
        return { ...task, completionPercent: percent(task.completion) };
      }),
    };
  }

  @Post('plans')
  @Allow('plan.create')
  @ApiOperation({ summary: '新建建设方案' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: CommandResultDto })
  async createPlan(
    @Body() body: CreatePlanDto,
    @Ctx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResult> {
    const result = await this.commands.execute(new CreatePlan(body, context));
    res.location(`/api/plans/${result.id}`);
    return result;
  }

  @Get('plans/:planId')
  @Allow('plan.read')
  @ApiOperation({ summary: '查看建设方案' })
  async plan(@Param('planId', EntityIdPipe) planId: string) {
    const plan = await this.queries.execute(new GetPlan(planId));
    if (!plan) throw planNotFound(planId);
    return plan;
  }

  @Post('plans/:planId/levels')
  @Allow('plan.manage')
  @ApiOperation({ summary: '添加层面（学校层面 / 专业群层面）' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: CommandResultDto })
  addLevel(
    @Param('planId', EntityIdPipe) planId: string,
    @Body() body: AddLevelDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new AddLevel(planId, body, context));
  }

  @Post('plans/:planId/projects')
  @Allow('plan.manage')
  @ApiOperation({ summary: '添加项目' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: CommandResultDto })
  addProject(
    @Param('planId', EntityIdPipe) planId: string,
    @Body() body: AddProjectDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new AddProject(planId, body, context));
  }

  @Get('projects/:projectId/completion')
  @Allow('project.read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '项目任务完成情况（完成数、完成率）' })
  async projectCompletion(@Param('projectId', EntityIdPipe) projectId: string) {
    const view = await this.queries.execute(new GetProjectCompletion(projectId));
    if (!view) throw projectNotFound(projectId);
    return { ...view, ratePercent: percentForDisplay(view.rate) };
  }

  @Get('plans/:planId/completion')
  @Allow('plan.read')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      '建设任务完成情况：方案、各层面、各项目的任务数、完成数、完成率、超额完成数；可按截至日期与知情时间计算',
  })
  async planCompletion(@Param('planId', EntityIdPipe) planId: string, @Query() query: AsOfQueryDto) {
    const view = await this.queries.execute(new GetPlanCompletion(planId, asOfOf(query)));
    // The query answers the same view object until the projection commits again; so does this.
    const presented = presentedCompletions.get(view);
    if (presented) return presented;
    const display = (s: { total: number; completed: string; rate: string; overCompleted: number }) => ({
      total: String(s.total),
      completed: figure(s.completed),
      rate: percent(s.rate),
      remark: s.overCompleted > 0 ? `超额完成 ${s.overCompleted} 项` : '',
    });
    const answer = {
      ...view,
      display: display(view),
      levels: view.levels.map((level) => ({
        ...level,
        display: display(level),
        projects: level.projects.map((project) => ({ ...project, display: display(project) })),
      })),
    };
    presentedCompletions.set(view, answer);
    return answer;
  }
}

const presentedCompletions = new WeakMap<PlanCompletionView, object>();
