import { mayReadPlan, type Lookups } from '../auth/policies';
import { LOOKUPS } from '../infrastructure/lookups.provider';
import { Body, Controller, Header, Inject, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { AddLevel, AddProject, CreatePlan, type CommandContext, type CommandResult } from '@sg/application';
import {
  CompletionQueries,
  completionReading,
  DirectoryQueries,
  readingOf,
  type PlanCompletionView,
} from '@sg/read-models';
import { departmentSelection, withNames } from '../directory/department-scope';
import { percentForDisplay, planNotFound, projectNotFound } from '@sg/domain';
import type { Request, Response } from 'express';
import { CommandResultDto } from '../http/command-result.dto';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { sendJson } from '../http/cached-json';
import { AddLevelDto, AddProjectDto, CreatePlanDto } from './plans.dto';
import { figure, percent } from '../http/figures';
import { CompletionQuery, NoQuery, type CompletionQueryValue } from '../http/as-of';
import { GetCurrentRoute, GetRoute, PostRoute } from '../http/routes';

const today = (): string => new Date().toISOString().slice(0, 10);

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
    private readonly completion: CompletionQueries,
    private readonly directory: DirectoryQueries,
    @Inject(LOOKUPS) private readonly lookups: Lookups,
  ) {}

  @GetCurrentRoute('plans', 'signed-in', '我可查看的建设方案（网页端据此选择方案）')
  @Header('Cache-Control', 'no-store')
  plans(@Req() req: Request, @NoQuery() _query: void) {
    return {
      items: this.completion.plans().filter((plan) => mayReadPlan(req.principal!, plan.planId, this.lookups)),
    };
  }

  @GetRoute(
    'projects/:projectId/tasks',
    'project.read',
    '项目的建设任务（负责人姓名、牵头与参与单位、截止日期、完成度）；可按截至日期与知情时间计算，可选统计口径（全部任务 / 截至当期应完成任务），可只列某部门牵头或参与的任务',
  )
  @Header('Cache-Control', 'no-store')
  projectTasks(
    @IdParam('projectId') projectId: string,
    @CompletionQuery({ department: true }) { asOf, basis, department }: CompletionQueryValue,
  ) {
    if (!this.completion.planOfProject(projectId)) throw projectNotFound(projectId);
    const reading = completionReading(basis, asOf, today());
    const only = departmentSelection(this.directory, department);
    return {
      asOf,
      ...readingOf(reading),
      ...(only ? { department: { departmentId: department, name: only.name } } : {}),
      items: this.completion
        .projectTasks(projectId, asOf, reading)
        .filter((task) => !only || only.tasks.has(task.taskId))
        .map((task) => withNames(this.directory, { ...task, completionPercent: percent(task.completion) })),
    };
  }

  @PostRoute('plans', 'plan.create', '新建建设方案')
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

  @GetCurrentRoute('plans/:planId', 'plan.read', '查看建设方案')
  plan(@IdParam('planId') planId: string, @NoQuery() _query: void) {
    const plan = this.completion.plan(planId);
    if (!plan) throw planNotFound(planId);
    return plan;
  }

  @PostRoute('plans/:planId/levels', 'plan.manage', '添加层面（学校层面 / 专业群层面）')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: CommandResultDto })
  addLevel(
    @IdParam('planId') planId: string,
    @Body() body: AddLevelDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new AddLevel(planId, body, context));
  }

  @PostRoute('plans/:planId/projects', 'plan.manage', '添加项目')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: CommandResultDto })
  addProject(
    @IdParam('planId') planId: string,
    @Body() body: AddProjectDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new AddProject(planId, body, context));
  }

  @GetRoute(
    'projects/:projectId/completion',
    'project.read',
    '项目任务完成情况（完成数、完成率）；可按截至日期与知情时间计算，可选统计口径（全部任务 / 截至当期应完成任务）',
  )
  @Header('Cache-Control', 'no-store')
  projectCompletion(
    @IdParam('projectId') projectId: string,
    @CompletionQuery() { asOf, basis }: CompletionQueryValue,
  ) {
    const view = this.completion.project(projectId, asOf, completionReading(basis, asOf, today()));
    if (!view) throw projectNotFound(projectId);
    return { ...view, asOf, ratePercent: percentForDisplay(view.rate) };
  }

  @GetRoute(
    'plans/:planId/completion',
    'plan.read',
    '建设任务完成情况：方案、各层面、各项目的任务数、完成数、完成率、超额完成数；可按截至日期与知情时间计算，可选统计口径（全部任务 / 截至当期应完成任务），可只计某部门牵头或参与的任务',
  )
  @Header('Cache-Control', 'no-store')
  planCompletion(
    @IdParam('planId') planId: string,
    @CompletionQuery({ department: true }) { asOf, basis, department }: CompletionQueryValue,
    @Res() res: Response,
  ): void {
    const only = departmentSelection(this.directory, department);
    const view = this.completion.planCompletionView(
      planId,
      asOf,
      completionReading(basis, asOf, today()),
      only,
    );
    // The query answers the same view object until the projection commits again; so does this.
    const presented = presentedCompletions.get(view);
    if (presented) return sendJson(res, presented);
    const display = (s: { total: number; completed: string; rate: string; overCompleted: number }) => ({
      total: String(s.total),
      completed: figure(s.completed),
      rate: percent(s.rate),
      remark: s.overCompleted > 0 ? `超额完成 ${s.overCompleted} 项` : '',
    });
    const answer = {
      ...view,
      ...(only ? { department: { departmentId: department, name: only.name } } : {}),
      display: display(view),
      levels: view.levels.map((level) => ({
        ...level,
        display: display(level),
        projects: level.projects.map((project) => ({ ...project, display: display(project) })),
      })),
    };
    presentedCompletions.set(view, answer);
    sendJson(res, answer);
  }
}

const presentedCompletions = new WeakMap<PlanCompletionView, object>();
