import {
  evolveWorkflowSubmission,
  initialWorkflowSubmission,
  submissionDecider,
  workflowNotices,
  workflowNoticeStream,
  type SubmissionEvent,
  type TaskEvent,
  type UserEvent,
  type WorkflowNoticeEvent,
  type WorkflowSubmission,
} from '@sg/domain';
import type { RecordedEvent } from '@sg/event-store';
import type { Intent, ProcessManager } from '../framework/process-manager';
import { statement } from '../framework/statement-cache';
import { digestOf } from './notifications.projection';

type TaskDefined = Extract<TaskEvent, { type: 'TaskDefined' }>;
type UserRegistered = Extract<UserEvent, { type: 'UserRegistered' }>;

/**
 * Tells people when a submission moves (ADR 0019): reads submission events from the log, keeps
 * each submission as its own events made it (plus task titles and user names for the text), and
 * asks for one `WorkflowNoticeSent` per transition, on a stream named by the notice's key.
 */
export const workflowNoticesManager: ProcessManager = {
  name: 'workflow-notices',
  // 2: the outbox is keyed per intent and remembers its cause (ADR 0021).
  version: 2,
  tablePrefix: 'wn_',
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS wn_submissions (submission_id TEXT PRIMARY KEY, state TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS wn_tasks (task_id TEXT PRIMARY KEY, title TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS wn_users (user_id TEXT PRIMARY KEY, display_name TEXT NOT NULL);
    `);
  },
  react(db, recorded): Intent[] {
    if (recorded.type === 'TaskDefined') {
      const { taskId, title } = (recorded as RecordedEvent & TaskDefined).data;
      statement(db, 'INSERT OR REPLACE INTO wn_tasks (task_id, title) VALUES (?, ?)').run(taskId, title);
      return [];
    }
    if (recorded.type === 'UserRegistered') {
      const { userId, displayName } = (recorded as RecordedEvent & UserRegistered).data;
      statement(db, 'INSERT OR REPLACE INTO wn_users (user_id, display_name) VALUES (?, ?)').run(
        userId,
        displayName,
      );
      return [];
    }
    if (!submissionDecider.eventTypes.has(recorded.type as SubmissionEvent['type'])) return [];
    const event = recorded as RecordedEvent & SubmissionEvent;
    const row = statement<[string], { state: string }>(
      db,
      'SELECT state FROM wn_submissions WHERE submission_id = ?',
    ).get(event.data.submissionId);
    const before: WorkflowSubmission = row
      ? (JSON.parse(row.state) as WorkflowSubmission)
      : initialWorkflowSubmission();
    const notices = workflowNotices(before, event, recorded.revision, {
      taskTitle: (id) =>
        statement<[string], { title: string }>(db, 'SELECT title FROM wn_tasks WHERE task_id = ?').get(id)
          ?.title,
      displayName: (id) =>
        statement<[string], { display_name: string }>(
          db,
          'SELECT display_name FROM wn_users WHERE user_id = ?',
        ).get(id)?.display_name,
    });
    statement(db, 'INSERT OR REPLACE INTO wn_submissions (submission_id, state) VALUES (?, ?)').run(
      event.data.submissionId,
      JSON.stringify(evolveWorkflowSubmission(before, event)),
    );
    return notices.map((notice) => {
      const sent: WorkflowNoticeEvent = { type: 'WorkflowNoticeSent', data: notice };
      return {
        stream: workflowNoticeStream(digestOf(notice.key)),
        event: {
          ...sent,
          metadata: {
            actor: 'system:workflow-notices',
            time: recorded.metadata.time,
            correlationId: recorded.metadata.correlationId,
            causationId: recorded.id,
          },
        },
      };
    });
  },
};
