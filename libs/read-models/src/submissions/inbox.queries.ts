import type { InboxItem, InboxSort, SortOrder } from '@sg/contracts';
import { assertNever } from '@sg/domain';
import { statement } from '../framework/statement-cache';
import { TaskSearchQueries } from '../tasks/task-search.queries';
import { SubmissionQueries, type SubmissionView } from './submissions.projection';
import { ReadQueries } from '../framework/read-queries';

/** What the 待办 list narrows by. */
export interface InboxFilter {
  /** Part of the task's title or the submitter's name. */
  text?: string;
  projectId?: string;
  /** Only items at 或签 stages (what a batch may approve). */
  batchOnly?: boolean;
}

export interface InboxOptions {
  sort: InboxSort;
  order: SortOrder;
  page: number;
  pageSize: number;
}

/** A waiting submission with what its reviewer reads and sorts by; the API adds the times and the stage rule. */
export type InboxRow = SubmissionView &
  Pick<
    InboxItem,
    'submitterName' | 'taskTitle' | 'taskCode' | 'projectId' | 'projectCode' | 'projectName' | 'dueDate'
  > & {
    projectSeq: number;
  };

/**
 * 待办 as a list to work through: the submissions waiting for one reviewer (by the waiting index),
 * each with its submitter's name, its task, project and due date.
 */
export class ReviewInboxQueries extends ReadQueries {
  private readonly submissions = new SubmissionQueries(this.db);
  private readonly tasks = new TaskSearchQueries(this.db);

  page(userId: string, filter: InboxFilter, options: InboxOptions): { items: InboxRow[]; total: number } {
    const rows = statement<
      [string],
      {
        submission_id: string;
        plan_id: string;
        title: string | null;
        due_date: string | null;
        project_id: string | null;
        code: string | null;
        name: string | null;
        seq: number | null;
      }
    >(
      this.db,
      `SELECT s.submission_id, s.plan_id, t.title, t.due_date, p.project_id, p.code, p.name, p.seq
       FROM sb_waiting w JOIN sb_submissions s ON s.submission_id = w.submission_id
       LEFT JOIN cp_tasks t ON t.task_id = s.task_id LEFT JOIN cp_projects p ON p.project_id = t.project_id
       WHERE w.reviewer = ? AND s.status = 'under-review'`,
    ).all(userId);
    const codes = new Map<string, Map<string, string>>();
    const codeOf = (planId: string, taskId: string) => {
      if (!codes.has(planId)) codes.set(planId, this.tasks.codes(planId));
      return codes.get(planId)!.get(taskId) ?? '';
    };
    const names = new Map<string, string>();
    const nameOf = (userId: string) => {
      if (!names.has(userId)) {
        names.set(
          userId,
          statement<[string], { display_name: string }>(
            this.db,
            'SELECT display_name FROM u_users WHERE user_id = ?',
          ).get(userId)?.display_name ?? '',
        );
      }
      return names.get(userId)!;
    };
    const text = filter.text?.toLowerCase();
    const items = rows
      .map((row): InboxRow => {
        const view = this.submissions.byId(row.submission_id)!;
        return {
          ...view,
          submitterName: nameOf(view.submitter),
          taskTitle: row.title ?? '',
          taskCode: codeOf(row.plan_id, view.taskId),
          projectId: row.project_id ?? '',
          projectCode: row.code ?? '',
          projectName: row.name ?? '',
          dueDate: row.due_date ?? '',
          projectSeq: row.seq ?? 0,
        };
      })
      .filter(
        (item) =>
          (!text ||
            item.taskTitle.toLowerCase().includes(text) ||
            item.submitterName.toLowerCase().includes(text)) &&
          (!filter.projectId || item.projectId === filter.projectId) &&
          (!filter.batchOnly || item.stages[item.stage - 1]?.rule.kind === 'any'),
      )
      .sort(comparator(options.sort, options.order));
    const start = (options.page - 1) * options.pageSize;
    return { total: items.length, items: items.slice(start, start + options.pageSize) };
  }
}

function comparator(sort: InboxSort, order: SortOrder): (a: InboxRow, b: InboxRow) => number {
  const sign = order === 'desc' ? -1 : 1;
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const key = (a: InboxRow, b: InboxRow): number => {
    switch (sort) {
      case 'waiting':
        return text(a.waitingSince, b.waitingSince);
      case 'due':
        return text(a.dueDate, b.dueDate);
      case 'submitted':
        return text(a.submittedAt, b.submittedAt);
      case 'project':
        return a.projectSeq - b.projectSeq;
      default:
        return assertNever(sort);
    }
  };
  // Ties fall back to the oldest wait, then the id, so pages never overlap.
  return (a, b) =>
    sign * key(a, b) || text(a.waitingSince, b.waitingSince) || text(a.submissionId, b.submissionId);
}
