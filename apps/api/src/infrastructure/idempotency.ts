import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { preparePrivateSqliteFile } from '@sg/event-store';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { problem } from '../http/problem-details';
import type { RouteMatcher } from '../auth/route-table';
import { readSingleUpload } from '../evidence/multipart';
import { sendProblem, toProblem } from '../http/problem-details.filter';
import { actorOf } from '../http/request-context';

interface Row {
  fingerprint: string;
  state: 'pending' | 'done';
  boot_id: string;
  status: number | null;
  headers: string | null;
  body: string | null;
}

const KEY = /^[\x21-\x7e]{1,200}$/;
const REPLAYED_HEADERS = ['etag', 'location', 'content-type'];

/**
 * Idempotency-Key for POST, PUT, PATCH and DELETE, scoped to the caller. The first successful
 * answer under a key is stored and every retry gets it back without running the command again;
 * the key with another method, address or content answers 422. A key still marked pending from
 * an earlier process run (a crash between the append and this record) runs the command again;
 * the event ids derived from the key make the store recognise the retry. Credential routes
 * refuse the header: their passwords and session tokens are never written here.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly bootId = randomUUID();
  private readonly find: Database.Statement<[string], Row>;
  private readonly claim: Database.Statement<[string, string, string, number]>;
  private readonly complete: Database.Statement<[number, string, string, string]>;
  private readonly release: Database.Statement<[string, string]>;

  constructor(file: string) {
    this.db = new Database(preparePrivateSqliteFile(file));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      scope TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, boot_id TEXT NOT NULL,
      created_at INTEGER NOT NULL, status INTEGER, headers TEXT, body TEXT)`);
    this.find = this.db.prepare(
      'SELECT fingerprint, state, boot_id, status, headers, body FROM idempotency WHERE scope = ?',
    );
    this.claim = this.db.prepare(
      `INSERT INTO idempotency (scope, fingerprint, state, boot_id, created_at) VALUES (?, ?, 'pending', ?, ?)
       ON CONFLICT (scope) DO UPDATE SET fingerprint = excluded.fingerprint, boot_id = excluded.boot_id,
         created_at = excluded.created_at WHERE state = 'pending'`,
    );
    this.complete = this.db.prepare(
      `UPDATE idempotency SET state = 'done', status = ?, headers = ?, body = ? WHERE scope = ? AND state = 'pending'`,
    );
    this.release = this.db.prepare(
      `DELETE FROM idempotency WHERE scope = ? AND boot_id = ? AND state = 'pending'`,
    );
  }

  close(): void {
    this.db.close();
  }

  middleware(options: IdempotencyOptions): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const key = req.header('idempotency-key');
      if (key === undefined || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return next();
      if (!KEY.test(key)) {
        sendProblem(
          res,
          req,
          problem(400, 'invalid-idempotency-key', 'Idempotency-Key 应为 1–200 个可见 ASCII 字符。'),
        );
        return;
      }
      // Their bodies hold passwords and their answers session tokens: nothing of them is stored.
      if (options.credentialRoutes.some((r) => r.method === req.method && r.pattern.test(req.path))) {
        sendProblem(
          res,
          req,
          problem(
            400,
            'idempotency-key-not-accepted',
            '登录、修改密码等涉及账号凭据的操作不接受 Idempotency-Key（其内容不会被保存）：请去掉该请求头后重试。',
          ),
        );
        return;
      }
      const scope = `${actorOf(req)}\u0000${key}`;
      const uploadRoute =
        req.is('multipart/form-data') && options.uploads.routes.some((route) => route.test(req.path));
      if (!uploadRoute) {
        this.admit(req, res, next, scope, fingerprintOf(req, req.body));
        return;
      }
      // Without a session the access guard refuses the upload unread.
      if (!req.principal) return next();
      // The upload's content decides whether a retry is the same request, so it is read first.
      readSingleUpload(req, options.uploads.maxBytes).then(
        (upload) => {
          req.upload = upload;
          this.admit(req, res, next, scope, fingerprintOf(req, upload));
        },
        (error: unknown) => sendProblem(res, req, toProblem(error)),
      );
    };
  }

  private admit(req: Request, res: Response, next: NextFunction, scope: string, fingerprint: string): void {
    const existing = this.find.get(scope);
    if (existing && existing.fingerprint !== fingerprint) {
      sendProblem(
        res,
        req,
        problem(
          422,
          'idempotency-key-reused',
          '同一个 Idempotency-Key 已用于内容不同的请求，请为新请求使用新的键。',
        ),
      );
      return;
    }
    if (existing?.state === 'done') {
      const headers = JSON.parse(existing.headers ?? '{}') as Record<string, string>;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(existing.status ?? 200).send(existing.body ?? '');
      return;
    }
    if (existing?.state === 'pending' && existing.boot_id === this.bootId) {
      sendProblem(res, req, problem(409, 'request-in-progress', '相同的请求正在处理中，请稍候再查看结果。'));
      return;
    }
    this.claim.run(scope, fingerprint, this.bootId, Date.now());
    req.idempotencyScope = scope;

    let body: unknown;
    const send = res.send.bind(res);
    res.send = (chunk?: unknown) => {
      body = chunk;
      return send(chunk);
    };
    res.once('close', () => {
      if (res.writableFinished && res.statusCode >= 200 && res.statusCode < 300) {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = res.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
        this.complete.run(res.statusCode, JSON.stringify(headers), text, scope);
      } else {
        this.release.run(scope, this.bootId);
      }
    });
    next();
  }
}

export interface IdempotencyOptions {
  /** Routes that carry or answer secrets: the header is refused there. */
  credentialRoutes: RouteMatcher[];
  /** Routes whose multipart upload is read here, to fingerprint the file, within maxBytes. */
  uploads: { routes: RegExp[]; maxBytes: number };
}

/**
 * What makes two requests under one key the same request: method, address and content — a
 * multipart upload by its file's name and bytes (never by its boundary, which a retry may change).
 */
function fingerprintOf(req: Request, body: unknown): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\u0000`);
  if (Buffer.isBuffer(body)) hash.update('raw\u0000').update(body);
  else if (isUpload(body)) {
    hash.update('multipart\u0000').update(body.name).update('\u0000').update(body.bytes);
    // The fields sent with the file (an amendment's reason) are part of what was asked.
    for (const [name, value] of Object.entries(body.fields ?? {}).sort(([a], [b]) => a.localeCompare(b)))
      hash.update('\u0000').update(name).update('\u0000').update(value);
  } else hash.update('json\u0000').update(JSON.stringify(body ?? null));
  return hash.digest('hex');
}

const isUpload = (body: unknown): body is { name: string; bytes: Buffer; fields?: Record<string, string> } =>
  typeof body === 'object' &&
  body !== null &&
  Buffer.isBuffer((body as { bytes?: unknown }).bytes) &&
  typeof (body as { name?: unknown }).name === 'string';
