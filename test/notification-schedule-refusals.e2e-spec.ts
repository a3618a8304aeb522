import { apiSuite } from './api-harness';

/** Latin words in what a person reads (the expression they typed is quoted back, digits and stars only). */
const latinWords = (text: string) => text.match(/[A-Za-z]{2,}/g) ?? [];

describe('提醒与简报设置: a refused schedule reads as plain Chinese and changes nothing', () => {
  const api = apiSuite();
  let planId: string;

  beforeAll(async () => {
    ({ planId } = await api.createPlan());
  });

  const settingsPath = () => `/api/plans/${planId}/notification-settings`;

  it.each([
    ['reminderCron', '0 25 * * *', 'invalid-cron', '提醒时间格式不正确'],
    ['briefingCron', '0 9 32 * *', 'invalid-cron', '简报时间格式不正确'],
    ['reminderCron', '* * * * * *', 'cron-too-frequent', '提醒时间过于频繁'],
  ])('refuses %s = %s without jargon', async (field, value, code, phrase) => {
    const before = (await api.admin.get(settingsPath()).expect(200)).body;
    const res = await api.admin
      .put(settingsPath())
      .send({ ...before, [field]: value })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toContain(phrase);
    expect(res.body.detail).toContain(value);
    expect(res.body.detail).toContain('每天 08:00');
    expect(latinWords(`${res.body.title} ${res.body.detail}`)).toEqual([]);
    expect((await api.admin.get(settingsPath()).expect(200)).body).toEqual(before);
  });
});
