import { enterFinding } from './api-harness';
import { rig, shift, today, until } from './fixtures/reminder-rig';

describe('整改 escalation by the worker', () => {
  jest.setTimeout(180_000);

  it('escalates an overdue finding to the office once, however often the worker’s scan runs', async () => {
    const r = await rig(1);
    try {
      const task = (await r.api.admin.get(`/api/tasks/${r.tasks[0].taskId}`).expect(200)).body as {
        ownerId: string;
      };
      const findingId = await enterFinding(r.api.admin, r.planId, r.tasks[0].taskId, {
        source: 'expert',
        severity: 'high',
        title: '实训基地建设滞后',
        description: '实训基地建设进度滞后于任务书。',
      });
      await r.api.admin
        .post(`/api/findings/${findingId}/assign`)
        .send({ assignee: task.ownerId, deadline: shift(today(), -10) })
        .expect(201);
      await r.api.settled();

      const escalations = async () =>
        (await r.events('ReminderSent')).filter(
          (e) => (e.data as { rule: string; subjectId: string }).rule === 'finding-escalated',
        );
      await r.startWorker();
      await until('the escalation', async () => (await escalations()).length > 0);

      // The scan run again finds it already sent.
      const { Queue } = await import('bullmq');
      const queue = new Queue('notifications', { connection: { url: r.redis.url } });
      const job = await queue.add('reminder-scan', { planId: r.planId }, { jobId: 'scan-again' });
      await until('the repeated scan', async () => (await job.getState()) === 'completed');
      await queue.close();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const sent = await escalations();
      expect(sent).toHaveLength(1);
      expect(sent[0].data).toMatchObject({
        key: `finding-escalated:${findingId}:${shift(today(), -10)}`,
        title: '整改逾期升级至项目办：实训基地建设滞后',
      });
    } finally {
      await r.close();
    }
  });
});
