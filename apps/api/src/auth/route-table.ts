import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { CREDENTIAL_ROUTE } from '../http/credential-route';
import { ACCESS_METADATA, type AccessRule } from './access';

export interface RouteEntry {
  method: string;
  path: string;
  handler: string;
  access: AccessRule | undefined;
  /** Marked @CredentialRoute(): carries or answers a secret. */
  credential: boolean;
  /** Classes among the handler's parameter types (its DTOs, among others). */
  bodyTypes: (new (...args: never[]) => unknown)[];
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every HTTP route of the application, read from the controllers' own metadata. */
export function routeTable(app: INestApplication, globalPrefix = 'api'): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        routes.push({
          method: RequestMethod[method],
          path: join(globalPrefix, base, path),
          handler: `${type.name}.${name}`,
          access: Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined,
          credential: Reflect.getMetadata(CREDENTIAL_ROUTE, handler) === true,
          bodyTypes: (
            (Reflect.getMetadata('design:paramtypes', prototype, name) as unknown[] | undefined) ?? []
          ).filter((type): type is new (...args: never[]) => unknown => typeof type === 'function'),
        });
      }
    }
  }
  return routes;
}

/** Refuses to start an application with a route that declares no access rule. */
export function assertEveryRouteHasAccessRule(app: INestApplication): void {
  const missing = routeTable(app).filter((route) => !route.access);
  if (missing.length > 0) {
    throw new Error(
      `Routes without an access rule (add @Public(), @SignedIn() or @Allow(policy)): ${missing
        .map((r) => `${r.method} ${r.path} (${r.handler})`)
        .join(', ')}`,
    );
  }
}

const SECRET_FIELD = /password|secret|token/i;

/** `METHOD /api/users/:userId/password` → a matcher for request paths. */
export interface RouteMatcher {
  method: string;
  pattern: RegExp;
}

export function credentialRoutes(app: INestApplication): RouteMatcher[] {
  return routeTable(app)
    .filter((route) => route.credential)
    .map((route) => ({
      method: route.method,
      pattern: new RegExp(
        `^${route.path
          .split('/')
          .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}/?$`,
        // Express matches routes case-insensitively: so must this.
        'i',
      ),
    }));
}

/**
 * Refuses to start with a route whose request body has a secret field (password, token, …) but
 * that is not marked @CredentialRoute(): its body would reach the idempotency store.
 */
export function assertSecretBodiesOnCredentialRoutes(app: INestApplication): void {
  const storage = getMetadataStorage();
  const unmarked = routeTable(app).filter((route) => {
    if (route.credential) return false;
    return route.bodyTypes.some((type) =>
      storage
        .getTargetValidationMetadatas(type, '', true, false)
        .some((metadata) => SECRET_FIELD.test(metadata.propertyName)),
    );
  });
  if (unmarked.length > 0) {
    throw new Error(
      `Routes whose body carries a secret must be marked @CredentialRoute(): ${unmarked
        .map((r) => `${r.method} ${r.path} (${r.handler})`)
        .join(', ')}`,
    );
  }
}
