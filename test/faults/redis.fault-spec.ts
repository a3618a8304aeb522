import { Queue } from 'bullmq';
import { rmSync } from 'node:fs';
import { startLocalRedis } from '../../libs/config/src';
import { allDelivered, receipts, rig, until } from '../fixtures/reminder-rig';
import { LONG, reportFigures, TEST_TIMEOUT_MS } from './support';

/**
 * Redis during reminder delivery: frozen (SIGSTOP, then SIGCONT) and killed (SIGKILL, its data
 * removed, started again empty on the same port), round after round while a worker delivers
 * reminders by email and to both group robots. Afterwards every due reminder has reached every
 * channel exactly once, the plan's schedules are back, and while Redis was away the API said so
 * at once.
 */
describe('faults: Redis during reminder delivery', () => {
  jest.setTimeout(TEST_TIMEOUT_MS);

  it('delivers every due reminder exactly once through freezes and kills of redis-server', async () => {
    const rounds = LONG ? 4 : 1;
    const r = await rig(LONG ? 48 : 16, { acceptDelayMs: 40 });
    const healthMs: number[] = [];
    const healthDown: string[] = [];
    const probeHealth = async () => {
      const started = Date.now();
      const health = await r.api.anonymous.get('/api/health');
      healthMs.push(Date.now() - started);
      healthDown.push((health.body as { redis: { status: string } }).redis.status);
    };
    try {
      await r.startWorker();
      const step = Math.floor(r.tasks.length / (2 * rounds + 1));
      for (let round = 0; round < rounds; round++) {
        await until(
          'deliveries before the freeze',
          () => r.mail.accepted.length >= step * (2 * round + 1),
          60_000,
        );
        r.redis.process.kill('SIGSTOP');
        await probeHealth();
        await new Promise((resolve) => setTimeout(resolve, 2000));
        r.redis.process.kill('SIGCONT');

        await until(
          'deliveries before the kill',
          () => r.mail.accepted.length >= step * (2 * round + 2),
          60_000,
        );
        await r.redis.stop('SIGKILL');
        rmSync(r.redisDir, { recursive: true, force: true });
        await probeHealth();
        r.redis = await startLocalRedis({
          binary: process.env.TEST_REDIS_BINARY!,
          dir: r.redisDir,
          port: r.redis.port,
        });
      }
      await until('every delivery after the last kill', allDelivered(r), 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));

      const seen = receipts(r);
      const all = [...seen.email, ...seen.wecom, ...seen.dingtalk];
      const queue = new Queue('notifications', { connection: { url: r.redis.url } });
      const schedules = (await queue.getJobSchedulers()).map((s) => s.key).sort();
      await queue.close();
      const figures = {
        rounds,
        freezes: rounds,
        kills: rounds,
        dueReminders: r.tasks.length,
        deliveries: all.length,
        lost: all.filter((n) => n === 0).length,
        duplicates: all.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
        reminderEvents: (await r.events('ReminderSent')).length,
        apiHealthWhileRedisAwayMaxMs: Math.max(...healthMs),
      };
      reportFigures('redis', figures);

      expect(figures.lost).toBe(0);
      expect(figures.duplicates).toBe(0);
      expect(figures.reminderEvents).toBe(r.tasks.length);
      expect(healthDown.every((s) => s === 'down')).toBe(true);
      expect(figures.apiHealthWhileRedisAwayMaxMs).toBeLessThan(3000);
      expect(schedules).toEqual([`briefing-draft-${r.planId}`, `reminder-scan-${r.planId}`]);
    } finally {
      await r.close();
    }
  });
});
