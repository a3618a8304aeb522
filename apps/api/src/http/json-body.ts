import {
  json,
  raw,
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { problem } from './problem-details';
import { sendProblem } from './problem-details.filter';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(`forbidden key ${key}`);
  }
}

/**
 * JSON bodies only, strict, size-limited; keys that could reach an object's prototype are refused
 * while parsing, before any code sees the object.
 */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Routes that take a file as the whole request body, with their own size limit. */
export const FILE_ROUTES: { path: string | RegExp; type: string; limit: string }[] = [
  { path: '/api/plan-imports', type: XLSX_TYPE, limit: '10mb' },
  { path: /^\/api\/plans\/[^/]+\/findings\/import$/, type: XLSX_TYPE, limit: '10mb' },
];

/** Routes whose controllers read a multipart upload themselves, with their own limits. */
export const MULTIPART_ROUTES = [
  /^\/api\/tasks\/[^/]+\/evidence$/,
  /^\/api\/plan-imports\/task-book\/(preview|confirm)$/,
  /^\/api\/plans\/[^/]+\/amendments(\/preview)?$/,
  /^\/api\/briefings\/[^/]+\/photos$/,
];

export function jsonBody(limit: string): RequestHandler[] {
  const files: RequestHandler[] = FILE_ROUTES.map(({ path, type, limit: fileLimit }) => {
    const parse = raw({ type, limit: fileLimit });
    const matches = (p: string) => (typeof path === 'string' ? p === path : path.test(p));
    return (req, res, next) => (matches(req.path) && req.method === 'POST' ? parse(req, res, next) : next());
  });
  const parse = json({
    limit,
    strict: true,
    reviver(key, value: unknown) {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
      return value;
    },
  });
  const onError = (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (!error) return next();
    const failure = error as { type?: string; status?: number; message?: string };
    if (failure.message?.startsWith('forbidden key')) {
      sendProblem(
        res,
        req,
        problem(400, 'forbidden-key', '请求中含有不允许的字段名（如 __proto__、constructor）。'),
      );
    } else if (failure.type === 'entity.too.large') {
      sendProblem(res, req, problem(413, 'payload-too-large', `提交的内容过大（上限 ${limit}）。`));
    } else if (failure.type === 'entity.parse.failed') {
      sendProblem(res, req, problem(400, 'malformed-json', '请求内容不是有效的 JSON，请检查格式后重试。'));
    } else if (failure.type === 'encoding.unsupported' || failure.type === 'charset.unsupported') {
      sendProblem(res, req, problem(415, 'unsupported-encoding', '不支持的字符编码，请使用 UTF-8。'));
    } else {
      sendProblem(res, req, problem(failure.status ?? 400, 'bad-request', '请求格式有误，请检查后重试。'));
    }
  };
  const requireJson: RequestHandler = (req, res, next) => {
    // A file route's parser already took the body, or the controller will read the upload.
    if (Buffer.isBuffer(req.body)) return next();
    if (req.is('multipart/form-data') && MULTIPART_ROUTES.some((route) => route.test(req.path)))
      return next();
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !req.is('application/json') && !req.is('application/*+json')) {
      sendProblem(
        res,
        req,
        problem(415, 'unsupported-media-type', '请以 JSON 格式提交（Content-Type: application/json）。'),
      );
      return;
    }
    next();
  };
  const withBody = Router();
  withBody.use(...files, requireJson, parse, onError as unknown as RequestHandler);
  // A request without a body (every read) has nothing for any of them: one hop, not five.
  return [(req, res, next) => (hasBody(req) ? withBody(req, res, next) : next())];
}

/** Whether a request has a body, as `type-is` (and so every body parser) decides it. */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
