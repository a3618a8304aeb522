import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthService } from './auth.service';
import type { Principal } from './principal';

declare module 'express' {
  interface Request {
    principal?: Principal;
    /** A bearer token was sent but is unknown, expired, or its account is disabled. */
    invalidToken?: boolean;
    bearerToken?: string;
  }
}

/**
 * Resolves `Authorization: Bearer <token>` to the signed-in user before anything else runs, so
 * the idempotency scope and every command's actor come from the session. Authorization (who may
 * call what) is the guard's job.
 */
export function authenticationMiddleware(auth: AuthService): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.header('authorization');
    const match = header ? /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header) : null;
    if (header !== undefined) {
      const principal = match ? auth.principalOf(match[1]) : undefined;
      if (principal) {
        req.principal = principal;
        req.bearerToken = match![1];
      } else {
        req.invalidToken = true;
      }
    }
    next();
  };
}
