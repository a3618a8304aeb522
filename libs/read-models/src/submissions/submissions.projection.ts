import type * as contracts from '@sg/contracts';
import { submissionDecider, type SubmissionEvent, type SubmissionState } from '@sg/domain';
import type { ProjectedEvent } from '@sg/event-store';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';
import { countWhere, tableViews } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

/**
 * Each submission's current state, folded with the domain's own `evolve`, plus when its current
 * stage started waiting and why it was last sent back: what inboxes and status pages read.
 */
export const submissionsProjection: Projection = {
  name: 'submissions',
  version: 4,
  tablePrefix: 'sb_',
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS sb_submissions (
      submission_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL,
      state TEXT NOT NULL, stage_since TEXT NOT NULL, submitted_at TEXT NOT NULL, last_reason TEXT,
      rejected_at TEXT, approved_at TEXT, revision INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS sb_by_task ON sb_submissions (task_id);
      CREATE INDEX IF NOT EXISTS sb_by_plan_approved ON sb_submissions (plan_id, approved_at);
      CREATE INDEX IF NOT EXISTS sb_by_status ON sb_submissions (status, stage_since);
      CREATE TABLE IF NOT EXISTS sb_versions (
        submission_id TEXT NOT NULL, version INTEGER NOT NULL, submitter TEXT NOT NULL, content TEXT NOT NULL,
        evidence TEXT NOT NULL, stages TEXT NOT NULL, submitted_at TEXT NOT NULL, PRIMARY KEY (submission_id, version));
      CREATE TABLE IF NOT EXISTS sb_waiting (
        reviewer TEXT NOT NULL, submission_id TEXT NOT NULL, PRIMARY KEY (reviewer, submission_id));
      CREATE INDEX IF NOT EXISTS sb_waiting_by_submission ON sb_waiting (submission_id);`);
  },
  apply(db, recorded) {
    if (!submissionDecider.eventTypes.has(recorded.type as SubmissionEvent['type'])) return;
    const event = recorded as ProjectedEvent & SubmissionEvent;
    const row = statement<
      [string],
      {
        state: string;
        plan_id: string;
        stage_since: string;
        submitted_at: string;
        last_reason: string | null;
        rejected_at: string | null;
        approved_at: string | null;
      }
    >(
      db,
      'SELECT state, plan_id, stage_since, submitted_at, last_reason, rejected_at, approved_at FROM sb_submissions WHERE submission_id = ?',
    ).get(event.data.submissionId);
    const before: SubmissionState = row
      ? (JSON.parse(row.state) as SubmissionState)
      : submissionDecider.initialState();
    const state = submissionDecider.evolve(before, event);
    const time = recorded.metadata.time;
    if (event.type === 'Submitted') {
      // Each version exactly as submitted, viewable whatever happens later.
      statement(
        db,
        `INSERT INTO sb_versions (submission_id, version, submitter, content, evidence, stages, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        event.data.submissionId,
        event.data.version,
        event.data.submitter,
        JSON.stringify(event.data.content),
        JSON.stringify(event.data.evidence),
        JSON.stringify(event.data.stages),
        time,
      );
    }
    const restarts =
      event.type === 'Submitted' || event.type === 'StageCompleted' || event.type === 'ApprovalsReset';
    statement(
      db,
      `INSERT INTO sb_submissions (submission_id, plan_id, task_id, status, state, stage_since, submitted_at, last_reason, rejected_at, approved_at, revision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (submission_id) DO UPDATE SET status = excluded.status, state = excluded.state,
         stage_since = excluded.stage_since, submitted_at = excluded.submitted_at, last_reason = excluded.last_reason,
         rejected_at = excluded.rejected_at, approved_at = excluded.approved_at, revision = excluded.revision`,
    ).run(
      event.data.submissionId,
      event.type === 'Submitted' ? event.data.planId : (row?.plan_id ?? ''),
      state.taskId,
      state.status,
      JSON.stringify(state),
      restarts || !row ? time : row.stage_since,
      event.type === 'Submitted' ? time : (row?.submitted_at ?? time),
      event.type === 'SubmissionRejected'
        ? event.data.reason
        : event.type === 'Submitted'
          ? null
          : (row?.last_reason ?? null),
      event.type === 'SubmissionRejected' ? time : (row?.rejected_at ?? null),
      event.type === 'SubmissionApproved'
        ? time
        : event.type === 'Submitted'
          ? null
          : (row?.approved_at ?? null),
      recorded.revision,
    );
    // Who it waits for now: what the 待办 count reads, by index.
    statement(db, 'DELETE FROM sb_waiting WHERE submission_id = ?').run(event.data.submissionId);
    if (state.status === 'under-review') {
      const waiting = statement(
        db,
        'INSERT OR IGNORE INTO sb_waiting (reviewer, submission_id) VALUES (?, ?)',
      );
      for (const reviewer of state.stages[state.stage]?.reviewers ?? []) {
        if (!state.approvals.includes(reviewer)) waiting.run(reviewer, event.data.submissionId);
      }
    }
  },
};

/** A submission as the read model holds it: the contract's shape, with the domain's own content. */
export interface SubmissionView extends Omit<
  contracts.SubmissionView,
  'status' | 'content' | 'stages' | 'waitingHours'
> {
  status: SubmissionState['status'];
  content: NonNullable<SubmissionState['content']>;
  stages: SubmissionState['stages'];
}

interface Row {
  submission_id: string;
  plan_id: string;
  task_id: string;
  status: SubmissionState['status'];
  state: string;
  stage_since: string;
  submitted_at: string;
  last_reason: string | null;
  rejected_at: string | null;
  revision: number;
}

function toView(row: Row): SubmissionView {
  const state = JSON.parse(row.state) as SubmissionState;
  const stage = Math.min(state.stage, Math.max(0, state.stages.length - 1));
  return {
    submissionId: row.submission_id,
    planId: row.plan_id,
    taskId: row.task_id,
    status: row.status,
    version: state.version,
    submitter: state.submitter,
    // A row is written from the first Submitted event on, and that event carries the content.
    content: state.content!,
    stages: state.stages,
    stage: stage + 1,
    stageName: state.stages[stage]?.name ?? '',
    approvals: state.approvals,
    waitingSince: row.stage_since,
    submittedAt: row.submitted_at,
    lastReason: row.last_reason,
    rejectedAt: row.rejected_at,
    revision: row.revision,
  };
}

const submissionsTable = tableViews('sb_submissions', toView);

export class SubmissionQueries extends ReadQueries {
  byId(submissionId: string): SubmissionView | undefined {
    return submissionsTable.one(this.db, 'submission_id = ?', submissionId);
  }

  ofTask(taskId: string): SubmissionView[] {
    return submissionsTable.all(this.db, 'task_id = ? ORDER BY submitted_at', taskId);
  }

  /** How many submissions wait for this reviewer: the 待办 badge. */
  waitingCount(userId: string): number {
    return countWhere(this.db, 'sb_waiting', 'reviewer = ?', userId);
  }

  /** 待办: what waits for this reviewer, oldest first. */
  inbox(userId: string): SubmissionView[] {
    return statement<[], Row>(
      this.db,
      "SELECT * FROM sb_submissions WHERE status = 'under-review' ORDER BY stage_since",
    )
      .all()
      .map(toView)
      .filter((s) => s.stages[s.stage - 1]?.reviewers.includes(userId) && !s.approvals.includes(userId));
  }

  /** Every submission of a plan that waits for someone: under review, or rejected and not resubmitted. */
  open(planId: string): SubmissionView[] {
    return submissionsTable.all(
      this.db,
      "plan_id = ? AND status IN ('under-review', 'rejected') ORDER BY stage_since",
      planId,
    );
  }

  /** Submissions of a plan finally approved at or after `since` (ISO instant), newest first. */
  approvedSince(
    planId: string,
    since: string,
  ): { submissionId: string; taskId: string; approvedAt: string }[] {
    return statement<[string, string], { submission_id: string; task_id: string; approved_at: string }>(
      this.db,
      `SELECT submission_id, task_id, approved_at FROM sb_submissions
       WHERE plan_id = ? AND approved_at >= ? AND status = 'approved' ORDER BY approved_at DESC`,
    )
      .all(planId, since)
      .map((r) => ({ submissionId: r.submission_id, taskId: r.task_id, approvedAt: r.approved_at }));
  }

  /** Every version of a submission, each as it was submitted. */
  versions(submissionId: string) {
    return statement<
      [string],
      {
        version: number;
        submitter: string;
        content: string;
        evidence: string;
        stages: string;
        submitted_at: string;
      }
    >(this.db, 'SELECT * FROM sb_versions WHERE submission_id = ? ORDER BY version')
      .all(submissionId)
      .map((v) => ({
        version: v.version,
        submitter: v.submitter,
        submittedAt: v.submitted_at,
        content: JSON.parse(v.content) as SubmissionState['content'],
        evidence: JSON.parse(v.evidence) as { evidenceId: string; sha256: string; name: string }[],
        stages: JSON.parse(v.stages) as SubmissionState['stages'],
      }));
  }
}
