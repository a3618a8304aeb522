import { useEffect, useRef, useState } from 'react';
import { api, asApiError, withQuery, type ApiError, type RequestOptions } from './client';

/**
 * A search as one types: the answer to exactly the current query, or nothing while it is on its
 * way. A newer query aborts the request of the one before, and an answer to a superseded query
 * (by sequence number: an abort can lose the race with the answer) is dropped, so an older,
 * slower answer never replaces or stands in for the newer one.
 */
export function useSearch<T>(
  path: string | null,
  query: RequestOptions['query'],
): { data: T | undefined; error: ApiError | undefined; loading: boolean } {
  const key = path === null ? null : withQuery(path, query);
  const [answer, setAnswer] = useState<{ key: string; data?: T; error?: ApiError }>();
  const sequence = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const mine = ++sequence.current;
    const controller = new AbortController();
    api<T>(key, { signal: controller.signal }).then(
      (data) => mine === sequence.current && setAnswer({ key, data }),
      (error: unknown) =>
        mine === sequence.current &&
        !controller.signal.aborted &&
        setAnswer({ key, error: asApiError(error) }),
    );
    return () => controller.abort();
  }, [key]);
  const current = answer?.key === key ? answer : undefined;
  return { data: current?.data, error: current?.error, loading: key !== null && current === undefined };
}

/** `value` once it has stayed the same for `ms` (what one typed, once one pauses). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
