import { applyDecorators, Get, Post, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Allow, SignedIn, type PolicyName } from '../auth/access';
import { CurrentOnly } from './as-of';

/** Who may call a route: holders of a policy over its target, or anyone signed in. */
export type RouteAccess = PolicyName | 'signed-in';

const accessOf = (access: RouteAccess): MethodDecorator =>
  access === 'signed-in' ? SignedIn() : Allow(access);

type Verb = (path?: string) => MethodDecorator;

/** One route's verb, path, access rule and OpenAPI summary: the stack every controller method opens with. */
const route =
  (verb: Verb, describe: (summary: string) => MethodDecorator) =>
  (path: string | undefined, access: RouteAccess, summary: string): MethodDecorator =>
    applyDecorators(verb(path), accessOf(access), describe(summary));

const summarized = (summary: string): MethodDecorator => ApiOperation({ summary });

/** POST: a route that sends a command (or runs an action). */
export const PostRoute = route(Post, summarized);

/** PUT: a route that replaces a resource's content. */
export const PutRoute = route(Put, summarized);

/** GET with its own query (`@AsOfQuery()`, a filter DTO, or none documented). */
export const GetRoute = route(Get, summarized);

/** GET of what stands now: refuses every query parameter (with `@NoQuery()`), and says so. */
export const GetCurrentRoute = route(Get, CurrentOnly);
