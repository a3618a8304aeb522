import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@sg/application';
import { DomainError } from '@sg/domain';
import { uuidv7 } from '@sg/event-store';
import type { NextFunction, Request, Response } from 'express';

declare module 'express' {
  interface Request {
    correlationId?: string;
    /** Idempotency-Key scoped to the caller and route, set by the idempotency middleware. */
    idempotencyScope?: string;
    /** A multipart upload the idempotency middleware already read (to fingerprint its content). */
    upload?: { name: string; bytes: Buffer; fields?: Record<string, string> };
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Correlates everything one request causes; echoes (or mints) X-Request-Id. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  req.correlationId = given && REQUEST_ID.test(given) ? given : uuidv7();
  res.setHeader('X-Request-Id', req.correlationId);
  next();
}

/** The acting user: always the session's, never anything from the request body. */
export function actorOf(req: Request): string {
  return req.principal?.userId ?? 'anonymous';
}

/** If-Match → the stream revision the change expects. Accepts "5", W/"5" and 5. */
export function expectedRevisionOf(req: Request): number | undefined {
  const header = req.header('if-match');
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new DomainError('invalid', 'invalid-if-match', 'If-Match 应为数据的版本号（ETag），例如 "3"。');
  }
  return Number(match[1]);
}

function commandContextOf(req: Request): CommandContext {
  const reason = (req.body as { reason?: unknown } | undefined)?.reason;
  return {
    ...(typeof reason === 'string' && reason.trim() !== '' ? { reason: reason.trim() } : {}),
    actor: actorOf(req),
    correlationId: req.correlationId ?? uuidv7(),
    now: new Date(),
    idempotencyKey: req.idempotencyScope,
    expectedRevision: expectedRevisionOf(req),
  };
}

/** `@Ctx() context: CommandContext` in a controller method. */
export const Ctx = createParamDecorator((_: unknown, host: ExecutionContext) =>
  commandContextOf(host.switchToHttp().getRequest<Request>()),
);
