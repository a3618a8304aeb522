import { ApiError, reportUnauthorized, sessionToken } from './client';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

export interface StreamHandlers<T> {
  onSnapshot(snapshot: T): void;
  onState(state: StreamState): void;
  /** The stream refused or ended for good (no grant, session gone): it is not retried. */
  onFailure(error: ApiError): void;
}

/** Answers that retrying cannot change. */
const FINAL = new Set([401, 403, 404]);

/**
 * Reads a server-sent event stream with the session's bearer token (EventSource cannot send one,
 * and a token in the URL would end up in logs), and reconnects as EventSource does: after the
 * server's `retry`, with `Last-Event-ID`, so the server resends only what the page lacks.
 * Returns the function that closes it.
 */
export function openSnapshotStream<T>(path: string, handlers: StreamHandlers<T>): () => void {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let retryMs = 2000;
  let closed = false;

  const readOnce = async (): Promise<'again' | 'stop'> => {
    const token = sessionToken();
    const res = await fetch(path, {
      headers: {
        Accept: 'text/event-stream',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
      },
      cache: 'no-store',
      signal: abort.signal,
    });
    if (!res.ok || !res.body) {
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const error = ApiError.fromProblem(res.status, body);
      if (FINAL.has(res.status)) {
        reportUnauthorized(error);
        handlers.onFailure(error);
        return 'stop';
      }
      return 'again';
    }
    handlers.onState('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'again';
      buffer += value.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        let data = '';
        let id: string | undefined;
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = text;
          else if (field === 'data') data += (data ? '\n' : '') + text;
          else if (field === 'id') id = text;
          else if (field === 'retry' && /^\d+$/.test(text)) retryMs = Number(text);
        }
        if (id !== undefined) lastEventId = id;
        if (event === 'snapshot' && data) handlers.onSnapshot(JSON.parse(data) as T);
        if (event === 'revoked') {
          const problem = JSON.parse(data) as { code: string; detail: string };
          handlers.onFailure(new ApiError(403, problem.code, '无法继续查看', problem.detail));
          return 'stop';
        }
      }
    }
  };

  void (async () => {
    handlers.onState('connecting');
    while (!closed) {
      let next: 'again' | 'stop' = 'again';
      try {
        next = await readOnce();
      } catch {
        if (closed) return;
      }
      if (next === 'stop' || closed) return;
      handlers.onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();

  return () => {
    closed = true;
    abort.abort();
  };
}
