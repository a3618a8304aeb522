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

const TITLES: Record<number, string> = {
  400: '请求有误',
  401: '需要登录',
  403: '没有权限',
  404: '未找到',
  405: '不支持的操作',
  409: '操作冲突',
  412: '数据已变更',
  413: '内容过大',
  415: '不支持的内容类型',
  422: '无法处理的请求',
  428: '缺少前置条件',
  429: '请求过于频繁',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  return {
    type: `/problems/${code}`,
    title: TITLES[status] ?? (status >= 500 ? TITLES[500] : TITLES[400]),
    status,
    detail,
    code,
    ...extensions,
  };
}
