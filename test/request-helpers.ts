import type { Test } from 'supertest';
import type { Client } from './api-harness';

/** An indicator definition as the API takes it: its 二级指标 and row, code, name, points, target and rule kind. */
export const indicatorBody = (
  subcategory: string,
  row: { code: string; name: string },
  code: string,
  name: string,
  points: string,
  target: object,
  rule: string,
) => ({ subcategory, group: row, code, name, points, target, rule: { kind: rule } });

/** The request is refused with this status and Problem Details code. */
export async function expectRefused(request: Test, status: number, code: string) {
  const res = await request.expect(status);
  expect(res.body.code).toBe(code);
  return res;
}

/** The body of `path` read by `client` with `query` (an as-of read: cutoff, basis…), answered 200. */
export async function readAt(client: Client, path: string, query: Record<string, string>) {
  return (await client.get(path).query(query).expect(200)).body;
}

/** `client` records progress on the task (a completion as of `effectiveDate`), and the API takes it. */
export function recordProgress(client: Client, taskId: string, completion: string, effectiveDate: string) {
  return client.post(`/api/tasks/${taskId}/progress`).send({ completion, effectiveDate }).expect(201);
}
