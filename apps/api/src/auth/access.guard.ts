import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@sg/domain';
import type { Request } from 'express';
import { ACCESS_METADATA, BEFORE_PASSWORD_CHANGE_METADATA, type AccessRule } from './access';
import { LOOKUPS } from '../infrastructure/lookups.provider';
import { POLICIES, type Lookups } from './policies';

export const notSignedIn = (expired: boolean) =>
  new DomainError(
    'unauthorized',
    expired ? 'session-invalid' : 'not-signed-in',
    expired ? '登录已失效（已退出、已改密码或账号已停用），请重新登录。' : '请先登录。',
  );

export const passwordChangeRequired = () =>
  new DomainError(
    'forbidden',
    'password-change-required',
    '当前使用的是系统生成的初始密码，请先修改密码，之后才能使用其他功能。',
  );

export const forbidden = () =>
  new DomainError('forbidden', 'forbidden', '您没有权限执行此操作或查看这些数据。');

/** Every route's access rule, checked on every call: reads included, fail closed. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LOOKUPS) private readonly lookups: Lookups,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_METADATA, context.getHandler());
    if (!rule)
      throw new Error(`Route ${context.getClass().name}.${context.getHandler().name} has no access rule`);
    if (rule.kind === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.principal) throw notSignedIn(req.invalidToken === true);
    if (
      req.principal.mustChangePassword &&
      this.reflector.get<boolean | undefined>(BEFORE_PASSWORD_CHANGE_METADATA, context.getHandler()) !== true
    )
      throw passwordChangeRequired();
    if (rule.kind === 'signed-in') return true;
    if (!POLICIES[rule.policy](req.principal, req.params, this.lookups)) throw forbidden();
    return true;
  }
}
