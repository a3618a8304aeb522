import {
  dueReminders,
  reminderStream,
  type DueReminder,
  type ReminderEvent,
  type ReminderSnapshot,
} from '@sg/domain';
import { ConcurrencyError, type EventStore } from '@sg/event-store';
import {
  CompletionQueries,
  digestOf,
  FindingQueries,
  NotificationQueries,
  SubmissionQueries,
  UserQueries,
} from '@sg/read-models';
import type Database from 'better-sqlite3';

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
  db: Database.Database,
  planId: string,
  now: Date,
  timeZone: string,
): ReminderSnapshot {
  const completion = new CompletionQueries(db);
  const standing = completion.rolledUpCompletions(planId, {});
  const tasks = completion.tasksOfPlan(planId);
  const users = new UserQueries(db);
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
    submissions: new SubmissionQueries(db).open(planId).map((s) => {
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
    findings: new FindingQueries(db).open(planId),
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
  db: Database.Database,
  planId: string,
  now: Date,
): Promise<ScanResult> {
  const { settings } = new NotificationQueries(db).settings(planId);
  const due = dueReminders(reminderSnapshot(db, planId, now, settings.timezone), settings.thresholds);
  const sent: DueReminder[] = [];
  const send = async (reminder: DueReminder) => {
    const event: ReminderEvent = { type: 'ReminderSent', data: reminder };
    try {
      await store.append(
        reminderStream(digestOf(reminder.key)),
        [
          {
            type: event.type,
            data: event.data,
            metadata: {
              actor: 'system:reminders',
              time: now.toISOString(),
              correlationId: `reminder-scan:${planId}`,
            },
          },
        ],
        'no-stream',
      );
      sent.push(reminder);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  };
  // Appends issued together share one commit (and one fsync) in the embedded store.
  for (let i = 0; i < due.length; i += APPEND_CONCURRENCY) {
    await Promise.all(due.slice(i, i + APPEND_CONCURRENCY).map(send));
  }
  return { due: due.length, sent };
}
