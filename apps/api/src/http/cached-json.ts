import type { Response } from 'express';

interface Serialized {
  body: Buffer;
  etag: string | undefined;
}

const serialized = new WeakMap<object, Serialized>();

/**
 * Answers `answer` as `res.json` would — the same bytes, Content-Type, ETag, 304 on a matching
 * If-None-Match, no body on HEAD — but serialises and hashes it once per answer object, not per
 * request. The answer must not change after it was first sent: cached views are shared as is.
 */
export function sendJson(res: Response, answer: object): void {
  const app = res.app;
  // `json escape` changes the bytes res.json sends: not worth a second cache.
  if (app.get('json escape')) {
    res.json(answer);
    return;
  }
  let entry = serialized.get(answer);
  if (!entry) {
    const text = JSON.stringify(
      answer,
      app.get('json replacer') as Parameters<typeof JSON.stringify>[1],
      app.get('json spaces') as number | undefined,
    );
    const body = Buffer.from(text, 'utf8');
    const etagOf = app.get('etag fn') as ((body: Buffer) => string) | undefined;
    entry = { body, etag: typeof etagOf === 'function' ? etagOf(body) : undefined };
    serialized.set(answer, entry);
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (entry.etag !== undefined && !res.hasHeader('ETag')) res.setHeader('ETag', entry.etag);
  res.send(entry.body);
}
