import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from './access';

export interface RouteEntry {
  method: string;
  path: string;
  handler: string;
  access: AccessRule | undefined;
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
