import type { Test } from 'supertest';

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
