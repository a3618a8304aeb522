import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangeUser, type CommandContext } from '@sg/application';
import { DomainError } from '@sg/domain';
import type { Request } from 'express';
import { CredentialRoute } from '../http/credential-route';
import { Ctx } from '../http/request-context';
import { AllowBeforePasswordChange, Public } from './access';
import { AuthService, invalidCredentials } from './auth.service';
import { ChangeOwnPasswordDto, LoginDto } from './auth.dto';
import { GetRoute, PostRoute } from '../http/routes';

const samePassword = () => new DomainError('invalid', 'password-unchanged', '新密码不能与当前密码相同。');

@ApiTags('登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly commands: CommandBus,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @CredentialRoute()
  @ApiOperation({ summary: '登录，返回会话令牌（Authorization: Bearer <token>）' })
  async login(@Body() body: LoginDto, @Req() req: Request) {
    const { token, expiresAt, user, mustChangePassword } = await this.auth.login(
      body.username,
      body.password,
      req.ip ?? 'unknown',
    );
    return {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      user: {
        userId: user.userId,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
      },
      // Until it is changed, the session may only read /auth/me, change the password or sign out.
      mustChangePassword,
    };
  }

  @PostRoute('logout', 'signed-in', '退出登录：令牌立即失效')
  @HttpCode(204)
  @AllowBeforePasswordChange()
  logout(@Req() req: Request): void {
    this.auth.endSession(req.bearerToken!);
  }

  @GetRoute('me', 'signed-in', '当前用户及其角色')
  @AllowBeforePasswordChange()
  me(@Req() req: Request) {
    const p = req.principal!;
    return {
      userId: p.userId,
      username: p.username,
      displayName: p.displayName,
      roles: p.roles,
      mustChangePassword: p.mustChangePassword,
    };
  }

  @PostRoute('password', 'signed-in', '修改本人密码：所有会话（包括当前）随即失效；初始密码须先以此修改')
  @HttpCode(204)
  @CredentialRoute()
  @AllowBeforePasswordChange()
  async changePassword(
    @Body() body: ChangeOwnPasswordDto,
    @Req() req: Request,
    @Ctx() context: CommandContext,
  ): Promise<void> {
    const p = req.principal!;
    if (!(await this.auth.checkPassword(p.userId, body.currentPassword))) throw invalidCredentials();
    if (body.newPassword === body.currentPassword) throw samePassword();
    await this.auth.setPassword(p.userId, p.username, body.newPassword);
    await this.commands.execute(
      new ChangeUser(p.userId, { type: 'RecordPasswordChange', by: 'self' }, context),
    );
    // The generated first password no longer opens anything; its file goes with it.
    if (p.mustChangePassword) this.auth.forgetInitialPassword();
  }
}
