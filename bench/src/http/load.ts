import autocannon from 'autocannon';

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon against one route. `paths` are taken in turn by every request, so writes spread
 * over many streams as a real school's would.
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
  const result = await autocannon({
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
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
