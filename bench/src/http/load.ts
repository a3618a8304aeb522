import autocannon from 'autocannon';

export interface LoadFigures {
  requestsPerSecond: number;
  /** Latencies in milliseconds, from each 2xx answer's own hrtime duration (sub-millisecond). */
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/**
 * The q-quantile (0 < q ≤ 1) of ascending-sorted values, nearest rank: the value below which
 * q of the samples lie, as a histogram would report it, without its 1 ms buckets.
 */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/**
 * autocannon against one route. `paths` are taken in turn by every request, so writes spread
 * over many streams as a real school's would. autocannon's own percentiles come from a histogram
 * of whole milliseconds (a 0.4 ms answer reads 0 ms); the durations it measures per answer
 * (process.hrtime) are kept here instead and the percentiles taken from them.
 */
export async function load(options: {
  url: string;
  method: 'GET' | 'POST';
  paths: string[];
  token: string;
  body?: (i: number) => unknown;
  connections: number;
  seconds: number;
}): Promise<LoadFigures> {
  let i = 0;
  const durations: number[] = [];
  // Without a callback autocannon returns its tracker, an event emitter that is also the promise.
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: options.method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
        setupRequest: (request) => {
          const n = i++;
          return {
            ...request,
            path: options.paths[n % options.paths.length],
            ...(options.body ? { body: JSON.stringify(options.body(n)) } : {}),
          };
        },
      },
    ],
  }) as Promise<autocannon.Result> & autocannon.Instance;
  // `on` returns the tracker, which is the promise awaited below.
  void instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) durations.push(responseTime);
  });
  const result = await instance;
  const sorted = Float64Array.from(durations).sort();
  return {
    requestsPerSecond: result.requests.average,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
