import { Body, Controller, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ChangeUser, RegisterUser, stepOf, type CommandContext, type CommandResult } from '@sg/application';
import { DomainError, requireGrantSet, requireUsername, userNotFound } from '@sg/domain';
import { UserQueries, type UserView } from '@sg/read-models';
import type { Request } from 'express';
import { CredentialRoute } from '../http/credential-route';
import { IdParam } from '../http/ids';
import { Ctx } from '../http/request-context';
import { AuthService } from './auth.service';
import { CreateUserDto, ReasonDto, ResetPasswordDto, RoleGrantDto } from './auth.dto';
import { requireAcceptablePassword } from './passwords';
import { GetRoute, PostRoute } from '../http/routes';

@ApiTags('用户与角色')
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly auth: AuthService,
    private readonly users: UserQueries,
  ) {}

  @PostRoute(undefined, 'users.manage', '新建用户（可同时授予角色）')
  @CredentialRoute()
  async create(@Body() body: CreateUserDto, @Ctx() context: CommandContext): Promise<CommandResult> {
    const username = requireUsername(body.username);
    requireAcceptablePassword(body.password, username);
    // Checked whole before anything is written: a refused grant must not leave half an account.
    requireGrantSet(body.roles ?? []);
    const created = await this.commands.execute(
      new RegisterUser({ username, displayName: body.displayName }, stepOf(context, 'register')),
    );
    await this.auth.setPassword(created.id, username, body.password);
    let result = created;
    for (const grant of body.roles ?? []) {
      result = await this.commands.execute(
        new ChangeUser(
          created.id,
          { type: 'GrantRole', role: grant.role, scope: grant.scope },
          stepOf(context, `grant:${grant.role}@${grant.scope}`),
        ),
      );
    }
    return { ...result, id: created.id };
  }

  @GetRoute(undefined, 'users.list', '用户列表')
  list(): UserView[] {
    return this.users.list();
  }

  @GetRoute(':userId', 'user.read', '查看用户（本人，或可查看全部的角色）')
  get(@IdParam('userId') userId: string): UserView {
    const user = this.users.byId(userId);
    if (!user) throw userNotFound(userId);
    return user;
  }

  @PostRoute(':userId/roles', 'users.manage', '授予角色')
  grant(
    @IdParam('userId') userId: string,
    @Body() body: RoleGrantDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ChangeUser(userId, { type: 'GrantRole', role: body.role, scope: body.scope }, context),
    );
  }

  @PostRoute(':userId/roles/revoke', 'users.manage', '撤销角色')
  revoke(
    @IdParam('userId') userId: string,
    @Body() body: RoleGrantDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ChangeUser(userId, { type: 'RevokeRole', role: body.role, scope: body.scope }, context),
    );
  }

  @PostRoute(':userId/disable', 'users.manage', '停用账号：其所有会话立即失效')
  async disable(
    @IdParam('userId') userId: string,
    @Body() _body: ReasonDto,
    @Req() req: Request,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    if (userId === req.principal!.userId) {
      throw new DomainError('conflict', 'cannot-disable-self', '不能停用自己的账号。');
    }
    const result = await this.commands.execute(new ChangeUser(userId, { type: 'DisableUser' }, context));
    this.auth.endSessionsOf(userId);
    return result;
  }

  @PostRoute(':userId/enable', 'users.manage', '启用账号')
  enable(
    @IdParam('userId') userId: string,
    @Body() _body: ReasonDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new ChangeUser(userId, { type: 'EnableUser' }, context));
  }

  @PostRoute(':userId/password', 'users.manage', '管理员重置密码：该用户所有会话随即失效')
  @HttpCode(204)
  @CredentialRoute()
  async resetPassword(
    @IdParam('userId') userId: string,
    @Body() body: ResetPasswordDto,
    @Ctx() context: CommandContext,
  ): Promise<void> {
    const user = this.users.byId(userId);
    if (!user) throw userNotFound(userId);
    await this.auth.setPassword(userId, user.username, body.newPassword);
    await this.commands.execute(
      new ChangeUser(userId, { type: 'RecordPasswordChange', by: 'administrator' }, context),
    );
  }
}
