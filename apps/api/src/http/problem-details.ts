import { problemTitle } from '@sg/contracts';
import type { ErrorKind } from '@sg/domain';

/** RFC 7807 body. `code` is the stable, machine-readable part; `title` and `detail` are zh-CN. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 422,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  unauthorized: 401,
  forbidden: 403,
  'too-many-requests': 429,
  unavailable: 503,
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: `/problems/${code}`,
    title: problemTitle(status, code),
    status,
    detail,
    code,
    ...extensions,
  };
}
