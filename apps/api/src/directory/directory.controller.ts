import { Body, Controller, Header, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import {
  AssignTaskUnits,
  AssignUserDepartment,
  DefineDepartment,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import type { DepartmentView, PeoplePage } from '@sg/contracts';
import { departmentNotFound, userNotFound } from '@sg/domain';
import { DirectoryQueries, UserQueries } from '@sg/read-models';
import type { Request } from 'express';
import { NoQuery } from '../http/as-of';
import { CommandResultDto } from '../http/command-result.dto';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { DefineDepartmentDto, PeopleQueryDto, TaskUnitsDto, UserDepartmentDto } from './directory.dto';
import { GetCurrentRoute, GetRoute, PostRoute } from '../http/routes';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false };

/** Departments, whom they hold, task units and the people directory of a plan (ADR 0026). */
@ApiTags('部门与人员')
@Controller()
export class DirectoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: DirectoryQueries,
    private readonly users: UserQueries,
  ) {}

  @GetCurrentRoute('departments', 'signed-in', '全校的部门（建设单位），各附人数')
  @Header('Cache-Control', 'no-store')
  departments(@NoQuery() _query: void): { items: DepartmentView[] } {
    return { items: this.directory.departments() };
  }

  @PostRoute('departments', 'departments.manage', '新建部门（建设单位）：名称全校唯一')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: CommandResultDto })
  defineDepartment(
    @Body() body: DefineDepartmentDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new DefineDepartment({ name: body.name }, context));
  }

  @PostRoute('users/:userId/department', 'users.manage', '设置用户所属部门（null 为不属于任何部门）')
  @ApiCreatedResponse({ type: CommandResultDto })
  userDepartment(
    @IdParam('userId') userId: string,
    @Body() body: UserDepartmentDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    if (!this.users.byId(userId)) throw userNotFound(userId);
    return this.commands.execute(new AssignUserDepartment(userId, body.departmentId, context));
  }

  @PostRoute('tasks/:taskId/units', 'task.manage', '指定建设任务的牵头单位与参与单位')
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: '上次读取时的 ETag；任务已被他人修改时返回 412',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  taskUnits(
    @IdParam('taskId') taskId: string,
    @Body() body: TaskUnitsDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new AssignTaskUnits(
        taskId,
        { leadDepartmentId: body.leadDepartmentId, participantDepartmentIds: body.participantDepartmentIds },
        context,
      ),
    );
  }

  @GetRoute(
    'plans/:planId/people',
    'plan.read',
    '方案人员名录：在本方案中有角色或负责任务的人员（姓名、部门、在本方案中的角色）；可按姓名、部门、角色查找，分页。本方案的项目办另见尚未加入任何方案的账号；用户名只给可管理用户者',
  )
  @Header('Cache-Control', 'no-store')
  people(@IdParam('planId') planId: string, @Query() query: PeopleQueryDto, @Req() req: Request): PeoplePage {
    if (query.department && !this.directory.department(query.department)) {
      throw departmentNotFound(query.department);
    }
    const principal = req.principal!;
    const office = principal.isAdministrator || principal.has('office', `plan:${planId}`);
    return this.directory.people(planId, {
      q: query.q,
      departmentId: query.department,
      role: query.role,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 20,
      // Candidates are whom the office brings into the plan (a new teacher as a task owner).
      withCandidates: office && !principal.isAuditor,
      withUsernames: principal.isAdministrator,
    });
  }
}
