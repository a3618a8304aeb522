import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { ServerResponse, type IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';

/**
 * Where `npm run build` put the web UI (`dist/web`): beside the compiled API when running from
 * `dist/`, under the repository's `dist/` when running from source (the tests).
 */
export function webRoot(): string | undefined {
  return [resolve(__dirname, '../../../../web'), resolve(__dirname, '../../../../dist/web')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/** The page's own rules: scripts only from here; evidence previews are blob: URLs. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Every HTML answer carries the policy, whoever writes it: the page's fallback, the static
 * `/index.html`, the API docs, an error page. Decided when the headers go out, because only then
 * is the content type known; Node writes implicit headers through `res.writeHead` too.
 */
export function contentSecurityPolicyForHtml(app: NestExpressApplication): void {
  // One shared wrapper (no closure per request): this runs on every API call too.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.writeHead = writeHeadWithPolicy as Response['writeHead'];
    next();
  });
}

function writeHeadWithPolicy(this: ServerResponse, ...args: unknown[]): ServerResponse<IncomingMessage> {
  const given = args.find(
    (arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null && !Array.isArray(arg),
  );
  const typeOf = (headers: Record<string, unknown>) =>
    Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const type = (given && typeOf(given)) ?? this.getHeader('content-type');
  // A policy already set (express's error page sends `default-src 'none'`) is stricter: kept.
  if (
    typeof type === 'string' &&
    /^\s*text\/html\b/i.test(type) &&
    !this.hasHeader('content-security-policy')
  ) {
    this.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    this.setHeader('X-Content-Type-Options', 'nosniff');
  }
  return ServerResponse.prototype.writeHead.apply(
    this,
    args as Parameters<ServerResponse['writeHead']>,
  ) as ServerResponse<IncomingMessage>;
}

/**
 * Serves the web UI at `/`: hashed assets cached for a year, every other GET outside `/api` answered
 * with `index.html` (the page routes itself). `/api/*` is left alone, so an unknown API route still
 * answers Problem Details 404.
 */
export function serveWebApp(app: NestExpressApplication, root: string): void {
  const assets = express.static(root, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const index = join(root, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    assets(req, res, () => {
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.sendFile(index, (error?: Error) => {
        if (error) next(error);
      });
    });
  });
}
