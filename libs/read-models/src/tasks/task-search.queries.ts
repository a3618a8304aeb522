import type { TaskSearchHit, TaskSearchSort, SortOrder, SubmissionStatus, TaskState } from '@sg/contracts';
import { TASK_STATES } from '@sg/contracts';
import { assertNever } from '@sg/domain';
import { statement } from '../framework/statement-cache';
import { Conditions } from '../framework/conditions';
import { ReadQueries } from '../framework/read-queries';

/** What the search narrows by; every field optional, all given ones must hold. */
export interface TaskSearchFilter {
  /** Part of the title, the 二级任务 or the owner's name. */
  text?: string;
  /** A task code (`1.3`) or the start of one (`1` finds project 1's tasks). */
  code?: string;
  ownerId?: string;
  year?: number;
  state?: TaskState;
  projectId?: string;
  // A department filter joins here (the owner's 牵头单位) once the people directory records departments.
}

/** Which tasks the reader may see: the whole plan, or their projects' tasks and their own. */
export type TaskVisibility = { all: true } | { all: false; projectIds: string[]; ownerId: string };

export interface TaskSearchOptions {
  /** Today in the plan's time zone: what 已逾期 compares due dates with. */
  today: string;
  visibility: TaskVisibility;
  sort: TaskSearchSort;
  order: SortOrder;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** One hit as the read model has it; the API adds the plan, the exact rolled-up completion and names. */
export type TaskSearchRow = Omit<TaskSearchHit, 'planId' | 'completion' | 'completionPercent'>;

interface HitRow {
  task_id: string;
  project_id: string;
  project_code: string;
  project_name: string;
  code: string;
  title: string;
  parent_task_id: string | null;
  owner_id: string;
  owner_name: string;
  due_date: string;
  year: number | null;
  state: TaskState;
  submission_id: string | null;
  submission_status: SubmissionStatus | null;
  last_reason: string | null;
}

/**
 * Each task of the plan with its code, owner's name, completion (子项目 rolled up, as a float: it
 * only orders and classifies; the exact figure comes from `CompletionQueries`), latest submission
 * and state. Codes number a project's tasks in the order they were defined, as the plan lists them.
 */
const HITS = `
  WITH numbered AS (
    SELECT t.rowid AS seq, t.*, ROW_NUMBER() OVER (
      PARTITION BY t.project_id, coalesce(t.parent_task_id, '') ORDER BY t.rowid) AS n
    FROM cp_tasks t WHERE t.plan_id = @planId
  ),
  kids AS (
    SELECT parent_task_id AS task_id, avg(min(CAST(standing_completion AS REAL), 1.0)) AS c
    FROM cp_tasks WHERE plan_id = @planId AND parent_task_id IS NOT NULL GROUP BY parent_task_id
  ),
  latest AS (
    SELECT task_id, submission_id, status, last_reason FROM (
      SELECT task_id, submission_id, status, last_reason,
        ROW_NUMBER() OVER (PARTITION BY task_id ORDER BY submitted_at DESC, rowid DESC) AS rn
      FROM sb_submissions WHERE plan_id = @planId
    ) WHERE rn = 1
  ),
  measured AS (
    SELECT n.*, p.code AS project_code, p.name AS project_name, p.seq AS project_seq,
      CASE WHEN n.parent_task_id IS NULL THEN p.code || '.' || n.n
           ELSE p.code || '.' || parent.n || '.' || n.n END AS code,
      coalesce(parent.seq, n.seq) AS top_seq,
      coalesce(u.display_name, '') AS owner_name,
      coalesce(k.c, CAST(n.standing_completion AS REAL)) AS c,
      l.submission_id, l.status AS submission_status, l.last_reason
    FROM numbered n JOIN cp_projects p ON p.project_id = n.project_id
    LEFT JOIN numbered parent ON parent.task_id = n.parent_task_id
    LEFT JOIN kids k ON k.task_id = n.task_id
    LEFT JOIN latest l ON l.task_id = n.task_id
    LEFT JOIN u_users u ON u.user_id = n.owner_id
  ),
  hits AS (
    SELECT *,
      CASE WHEN submission_status = 'rejected' THEN 'rejected'
           WHEN submission_status = 'under-review' THEN 'under-review'
           WHEN c >= 1 THEN 'completed'
           WHEN due_date < @today THEN 'overdue'
           WHEN c > 0 THEN 'in-progress'
           ELSE 'not-started' END AS state,
      (due_date < @today AND c < 1) AS late
    FROM measured
  )`;

function orderBy(sort: TaskSearchSort, order: SortOrder): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const byCode = `project_seq ${dir}, top_seq ${dir}, seq ${dir}`;
  switch (sort) {
    case 'code':
      return byCode;
    case 'due':
      return `due_date ${dir}, project_seq, top_seq, seq`;
    case 'title':
      return `title ${dir}, project_seq, top_seq, seq`;
    case 'completion':
      return `c ${dir}, project_seq, top_seq, seq`;
    default:
      return assertNever(sort);
  }
}

/** `%` and `_` typed by a person are literal. */
const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class TaskSearchQueries extends ReadQueries {
  /** One page of the plan's tasks that match, and how many match in all. */
  search(
    planId: string,
    filter: TaskSearchFilter,
    options: TaskSearchOptions,
  ): { items: TaskSearchRow[]; total: number } {
    const conditions = new Conditions({ planId, today: options.today });
    const { params, where } = conditions;
    if (filter.text) {
      params.text = like(filter.text);
      where.push(
        `(title LIKE @text ESCAPE '\\' OR coalesce(secondary_task, '') LIKE @text ESCAPE '\\' OR owner_name LIKE @text ESCAPE '\\')`,
      );
    }
    if (filter.code) {
      params.code = filter.code;
      params.codePrefix = `${filter.code}.%`;
      where.push('(code = @code OR code LIKE @codePrefix)');
    }
    conditions
      .when('ownerId', filter.ownerId, 'owner_id = @ownerId')
      .when('year', filter.year, 'year = @year')
      .when('state', filter.state, 'state = @state')
      .when('projectId', filter.projectId, 'project_id = @projectId');
    if (!options.visibility.all) {
      params.reader = options.visibility.ownerId;
      const projects = options.visibility.projectIds.map((id, i) => {
        params[`project${i}`] = id;
        return `@project${i}`;
      });
      where.push(
        projects.length > 0
          ? `(owner_id = @reader OR project_id IN (${projects.join(', ')}))`
          : 'owner_id = @reader',
      );
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = statement<[Record<string, string | number>], { n: number }>(
      this.db,
      `${HITS} SELECT count(*) AS n FROM hits ${clause}`,
    ).get(params)!.n;
    const rows = statement<[Record<string, string | number>], HitRow>(
      this.db,
      `${HITS} SELECT * FROM hits ${clause} ORDER BY ${orderBy(options.sort, options.order)}
       LIMIT @limit OFFSET @offset`,
    ).all({ ...params, limit: options.pageSize, offset: (options.page - 1) * options.pageSize });
    return { total, items: rows.map(toRow) };
  }

  /** How many of the plan's tasks stand in each state. */
  stateCounts(planId: string, today: string): Record<TaskState, number> {
    const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
    const rows = statement<[Record<string, string>], { state: TaskState; n: number }>(
      this.db,
      `${HITS} SELECT state, count(*) AS n FROM hits GROUP BY state`,
    ).all({ planId, today });
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** Owners with tasks past due and not done (whatever their submissions), most such tasks first. */
  lateOwners(
    planId: string,
    today: string,
  ): { ownerId: string; ownerName: string; overdue: number; oldestDue: string }[] {
    return statement<
      [Record<string, string>],
      { owner_id: string; owner_name: string; overdue: number; oldest_due: string }
    >(
      this.db,
      `${HITS} SELECT owner_id, owner_name, count(*) AS overdue, min(due_date) AS oldest_due FROM hits
       WHERE late GROUP BY owner_id, owner_name ORDER BY overdue DESC, oldest_due, owner_name`,
    )
      .all({ planId, today })
      .map((r) => ({
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        overdue: r.overdue,
        oldestDue: r.oldest_due,
      }));
  }

  /** Every task's code (`1.3`) in a plan, as the search numbers them. */
  codes(planId: string): Map<string, string> {
    const rows = statement<[Record<string, string>], { task_id: string; code: string }>(
      this.db,
      `${HITS} SELECT task_id, code FROM hits`,
    ).all({ planId, today: '' });
    return new Map(rows.map((r) => [r.task_id, r.code]));
  }
}

function toRow(row: HitRow): TaskSearchRow {
  return {
    taskId: row.task_id,
    projectId: row.project_id,
    projectCode: row.project_code,
    projectName: row.project_name,
    code: row.code,
    title: row.title,
    parentTaskId: row.parent_task_id,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    dueDate: row.due_date,
    year: row.year,
    state: row.state,
    latestSubmission:
      row.submission_id && row.submission_status
        ? { submissionId: row.submission_id, status: row.submission_status, lastReason: row.last_reason }
        : null,
  };
}
