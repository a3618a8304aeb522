import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@sg/domain';
import { EventStoreUnavailableError } from '@sg/event-store';
import { EvidenceRefused } from '@sg/evidence';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problem, STATUS_OF_KIND, type ProblemDetails } from './problem-details';

const HTTP_CODES: Record<number, [string, string]> = {
  400: ['bad-request', '请求格式有误，请检查后重试。'],
  404: ['route-not-found', '请求的地址不存在。'],
  405: ['method-not-allowed', '该地址不支持此操作。'],
  413: ['payload-too-large', '提交的内容过大。'],
  415: ['unsupported-media-type', '请以 JSON 格式提交（Content-Type: application/json）。'],
};

/** Turns every error into RFC 7807 Problem Details; the one place errors become HTTP. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) {
    const { errors, ...details } = error.details;
    const status = error.code === 'validation-failed' ? 400 : STATUS_OF_KIND[error.kind];
    return problem(status, error.code, error.userMessage, {
      ...(errors ? { errors } : {}),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
  }
  if (error instanceof EvidenceRefused) {
    return problem(
      error.status,
      error.code,
      error.userMessage,
      error.retryAfter === undefined ? {} : { details: { retryAfter: error.retryAfter } },
    );
  }
  if (error instanceof EventStoreUnavailableError) {
    return problem(503, 'event-store-unavailable', '数据存储暂时无法访问，请稍后重试。');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const [code, detail] = HTTP_CODES[status] ?? [`http-${status}`, '请求未能完成。'];
    return problem(status, code, detail);
  }
  return problem(500, 'internal-error', '服务器内部错误，请稍后重试；如果问题持续出现，请联系系统管理员。');
}

export function sendProblem(res: Response, req: Request, body: ProblemDetails): void {
  const retryAfter = (body.details as { retryAfter?: unknown } | undefined)?.retryAfter;
  if ((body.status === 429 || body.status === 503) && typeof retryAfter === 'number')
    res.setHeader('Retry-After', String(retryAfter));
  if (body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, instance: req.originalUrl }));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const body = toProblem(error);
    // A refusal the API chose (a DomainError or an EvidenceRefused: imports or inspections
    // saturated, the scanner down) is an answer, not a server fault: a warning with its message,
    // `code: …` (a scanner's names the cause).
    if (body.status >= 500) {
      if (error instanceof DomainError || error instanceof EvidenceRefused) this.logger.warn(error.message);
      else this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    sendProblem(http.getResponse<Response>(), http.getRequest<Request>(), body);
  }
}
