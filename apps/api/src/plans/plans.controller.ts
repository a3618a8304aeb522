import { Allow } from '../auth/access';
import { Body, Controller, Get, Header, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddLevel,
  AddProject,
  CreatePlan,
  GetPlan,
  GetProjectCompletion,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import { percentForDisplay, planNotFound, projectNotFound } from '@sg/domain';
import type { Response } from 'express';
import { CommandResultDto } from '../http/command-result.dto';
import { EntityIdPipe } from '../http/ids';
import { Ctx } from '../http/request-context';
import { AddLevelDto, AddProjectDto, CreatePlanDto } from './plans.dto';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: '重试同一请求时使用同一个键，只会执行一次',
};

@ApiTags('建设方案')
@Controller()
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

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
}
