import {
  campaignReminders,
  dueReminders,
  reminderStream,
  type DueReminder,
  type ReminderEvent,
  type ReminderSnapshot,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { digestOf } from '@sg/read-models';
import { appendOnce, type NotificationViews } from './notification-views';

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
export function dateIn(instant: Date | string, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

/** What the reminder rules need, read from the read models, with instants turned into local dates. */
export function reminderSnapshot(
  views: Pick<NotificationViews, 'completion' | 'users' | 'submissions' | 'findings'>,
  planId: string,
  now: Date,
  timeZone: string,
): ReminderSnapshot {
  const { completion, users } = views;
  const standing = completion.rolledUpCompletions(planId, {});
  const tasks = completion.tasksOfPlan(planId);
  const projectIds = [...new Set(tasks.map((t) => t.projectId))];
  const names: Record<string, string> = {};
  for (const user of users.list()) names[user.userId] = user.displayName;
  return {
    planId,
    today: dateIn(now, timeZone),
    tasks: tasks.map((t) => ({
      taskId: t.taskId,
      projectId: t.projectId,
      title: t.title,
      ownerId: t.ownerId,
      dueDate: t.dueDate,
      completion: standing.get(t.taskId) ?? '0',
    })),
    submissions: views.submissions.open(planId).map((s) => {
      const stage = s.stages[s.stage - 1];
      return {
        submissionId: s.submissionId,
        taskId: s.taskId,
        status: s.status === 'under-review' || s.status === 'rejected' ? s.status : 'other',
        version: s.version,
        submitter: s.submitter,
        stage: s.stage,
        stageName: s.stageName,
        pendingReviewers:
          s.status === 'under-review' ? (stage?.reviewers ?? []).filter((r) => !s.approvals.includes(r)) : [],
        since: dateIn(s.status === 'rejected' ? (s.rejectedAt ?? s.waitingSince) : s.waitingSince, timeZone),
        lastReason: s.lastReason,
      };
    }),
    findings: views.findings.open(planId),
    projectLeads: Object.fromEntries(
      projectIds.map((id) => [id, users.withRole('project-lead', [`project:${id}`])]),
    ),
    office: users.withRole('office', ['*', `plan:${planId}`]),
    names,
  };
}

const APPEND_CONCURRENCY = 256;

export interface ScanResult {
  due: number;
  /** Reminders this scan sent; the others had been sent before (by this or another worker). */
  sent: DueReminder[];
}

/**
 * Sends every reminder due today that has not been sent. Each goes to its own stream, appended
 * only if the stream does not exist: however often the scan runs, and however many workers run it
 * at once, a reminder is sent once.
 */
export async function sendDueReminders(
  store: EventStore,
  views: NotificationViews,
  planId: string,
  now: Date,
): Promise<ScanResult> {
  const { settings } = views.notifications.settings(planId);
  const due = dueReminders(reminderSnapshot(views, planId, now, settings.timezone), settings.thresholds);
  // Self-evaluation campaigns: before and after each layer's window closes.
  for (const { campaignId } of views.campaigns.ofPlan(planId)) {
    const state = await views.campaigns.state(campaignId);
    for (const reminder of campaignReminders(state, dateIn(now, settings.timezone), settings.thresholds))
      due.push({ ...reminder, planId });
  }
  const sent: DueReminder[] = [];
  const send = async (reminder: DueReminder) => {
    const event: ReminderEvent = { type: 'ReminderSent', data: reminder };
    const appended = await appendOnce(store, reminderStream(digestOf(reminder.key)), event, {
      actor: 'system:reminders',
      time: now.toISOString(),
      correlationId: `reminder-scan:${planId}`,
    });
    if (appended) sent.push(reminder);
  };
  // Appends issued together share one commit (and one fsync) in the embedded store.
  for (let i = 0; i < due.length; i += APPEND_CONCURRENCY) {
    await Promise.all(due.slice(i, i + APPEND_CONCURRENCY).map(send));
  }
  return { due: due.length, sent };
}
