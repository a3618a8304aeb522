import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { AppConfig } from '@sg/config';
import { ProjectionRunner } from '@sg/read-models';
import type { Request, Response } from 'express';
import { from, map, mergeMap, type Observable } from 'rxjs';
import { APP_CONFIG } from '../infrastructure/config.provider';

/**
 * Read-your-writes and concurrency headers. A command's answer carries its log `position`; the
 * answer waits (bounded) until the projections it must wait for have applied it (the others are
 * brought up to date by the next read of their tables, ADR 0049), so the next read shows the
 * change. An answer with a stream `revision` carries it as ETag, for If-Match on the next change.
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  constructor(
    private readonly projections: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const withRevision = (body: unknown): unknown => {
      const revision =
        body && typeof body === 'object' ? (body as { revision?: unknown }).revision : undefined;
      if (typeof revision === 'number' && revision >= 0) res.setHeader('ETag', `"${revision}"`);
      return body;
    };
    // A read waits for nothing: no promise, no inner observable on the busiest path.
    if (req.method === 'GET') return next.handle().pipe(map(withRevision));
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            withRevision(body);
            if (body && typeof body === 'object') {
              const { position } = body as { position?: unknown };
              if (typeof position === 'number') {
                const visible = await this.projections.waitForAnswer(
                  position,
                  this.config.readYourWritesTimeoutMs,
                );
                res.setHeader('X-Read-Models', visible ? 'current' : 'lagging');
              }
            }
            return body;
          })(),
        ),
      ),
    );
  }
}
