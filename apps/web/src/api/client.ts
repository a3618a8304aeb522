/**
 * The one way the page talks to the API: the session token, JSON, Problem Details turned into an
 * `ApiError` whose message is always Chinese, uploads and downloads with progress.
 */

import { problemTitle } from '@sg/contracts';

const TOKEN_KEY = 'sg.token';

export function sessionToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setSessionToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** One field's problem, as the API lists it for validation errors. */
export interface FieldProblem {
  field?: string;
  path?: string;
  sheet?: string;
  cell?: string;
  row?: number;
  column?: string;
  message?: string;
  [key: string]: unknown;
}

/** RFC 7807 Problem Details as the API sends them (`title` and `detail` in Chinese). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldProblem[];
  details?: Record<string, unknown>;
}

/** What to do next, per HTTP status, when the API's own detail does not say. */
const NEXT_STEP: Record<number, string> = {
  400: '请检查填写的内容后重试。',
  401: '请重新登录。',
  403: '如需此权限，请联系项目办（双高办）。',
  404: '该内容可能已被删除或地址有误，请返回列表后重试。',
  409: '数据已被他人修改，请刷新页面后重试。',
  412: '数据已被他人修改，请刷新页面后重试。',
  413: '文件或内容过大，请压缩或拆分后重试。',
  415: '不支持该文件类型，请改用 PDF、图片或 Office 文件。',
  422: '请按提示修改后重试。',
  429: '操作过于频繁，请稍候再试。',
  500: '服务器出错，请稍后重试；如问题持续，请联系系统管理员。',
  503: '服务暂时不可用，请稍后重试。',
};

/** Where the code says more than the status. */
const NEXT_STEP_OF_CODE: Record<string, string> = {
  'route-not-found': '服务器尚未提供此功能，请联系系统管理员更新系统。',
  'session-invalid': '请重新登录。',
  'not-signed-in': '请重新登录。',
};

const hasChinese = (text: string | undefined): text is string => !!text && /[\u4e00-\u9fff]/.test(text);

/** An API failure, network failure included; `message` is Chinese and says what happened. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly problem?: ProblemDetails,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** What the user can do about it. */
  get nextStep(): string {
    if (this.status === 0) return '请检查网络连接后重试。';
    if (this.code in NEXT_STEP_OF_CODE) return NEXT_STEP_OF_CODE[this.code];
    return NEXT_STEP[this.status] ?? (this.status >= 500 ? NEXT_STEP[500] : NEXT_STEP[400]);
  }

  static fromProblem(status: number, body: unknown): ApiError {
    const problem = (body && typeof body === 'object' ? body : {}) as Partial<ProblemDetails>;
    const title = hasChinese(problem.title)
      ? problem.title
      : problemTitle(status, typeof problem.code === 'string' ? problem.code : '');
    // The API's details are Chinese; anything else (a proxy's page, an unexpected body) is not shown.
    const detail = hasChinese(problem.detail) ? problem.detail : `${title}（错误码 ${status}）。`;
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    return new ApiError(
      status,
      typeof problem.code === 'string' ? problem.code : `http-${status}`,
      title,
      detail,
      errors,
      { ...problem, status, code: problem.code ?? `http-${status}` },
    );
  }

  static network(): ApiError {
    return new ApiError(0, 'network', '网络连接失败', '无法连接到服务器。');
  }
}

/** Any thrown value as an ApiError (a programming error becomes a generic Chinese message). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return ApiError.network();
  return new ApiError(-1, 'client-error', '页面出错', '页面出现意外错误，请刷新后重试。');
}

type Listener = (error: ApiError) => void;
/** The 401 codes that mean the session itself is gone. */
const SESSION_ENDED = new Set(['session-invalid', 'not-signed-in']);
const unauthorizedListeners = new Set<Listener>();

/** Called when the API says the session is gone (401): the app returns to the login page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Tells the app a response said the session is gone (a stream's answer, read outside `api`). */
export function reportUnauthorized(error: ApiError): void {
  if (error.status === 401 && SESSION_ENDED.has(error.code)) unauthorizedListeners.forEach((l) => l(error));
}

function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** A JSON request to the API; resolves with the parsed body or throws an ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...authHeaders(),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch {
    throw ApiError.network();
  }
  const body = await parseBody(res);
  if (!res.ok) {
    const error = ApiError.fromProblem(res.status, body);
    // A wrong password (sign-in, or the current one at a change) is not the session ending.
    if (res.status === 401 && SESSION_ENDED.has(error.code)) unauthorizedListeners.forEach((l) => l(error));
    throw error;
  }
  return body as T;
}

/** Uploads one file as multipart (`file`), reporting progress 0–100. */
export function upload<T>(
  path: string,
  file: File,
  onProgress: (percent: number) => void,
  fields: Record<string, string> = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(ApiError.network());
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const error = ApiError.fromProblem(xhr.status, body);
        if (xhr.status === 401 && SESSION_ENDED.has(error.code))
          unauthorizedListeners.forEach((l) => l(error));
        reject(error);
      }
    };
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file);
    xhr.send(form);
  });
}

/** Fetches a file with the session (evidence, XLSX exports), reporting progress when the size is known. */
export async function fetchBlob(path: string, onProgress?: (percent: number) => void): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(path, { headers: authHeaders() });
  } catch {
    throw ApiError.network();
  }
  if (!res.ok) throw ApiError.fromProblem(res.status, await parseBody(res));
  const total = Number(res.headers.get('Content-Length') ?? 0);
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  if (!res.body || !total || !onProgress) return new Blob([await res.arrayBuffer()], { type });
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(Math.min(100, Math.round((received / total) * 100)));
  }
  return new Blob(chunks, { type });
}

/** Saves a fetched file under the given name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
