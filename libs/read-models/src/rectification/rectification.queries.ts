import {
  FINDING_STATUSES,
  type ExpertReviewView,
  type ExpertScoreView,
  type FindingStatusName,
  type FindingView,
  type RectificationActionView,
  type RectificationProgress,
} from '@sg/contracts';
import Decimal from 'decimal.js';
import { CompletionQueries } from '../completion/completion.queries';
import { statement } from '../framework/statement-cache';
import { countWhere, tableViews } from '../framework/rows';
import { UserQueries } from '../users/users.queries';
import { DirectoryQueries } from '../directory/directory.queries';
import type { ApprovalRow, StageRow } from './rectification-review.projection';
import { ReadQueries } from '../framework/read-queries';

interface FindingRow {
  finding_id: string;
  plan_id: string;
  source: string;
  severity: string;
  subject_kind: 'indicator' | 'task';
  subject_id: string;
  title: string;
  description: string;
  status: FindingStatusName;
  assignee: string | null;
  department_id: string | null;
  review_stage: string | null;
  deadline: string | null;
  recorded_at: string;
  closed_at: string | null;
}

export interface FindingFilter {
  status?: FindingStatusName;
  source?: string;
  severity?: string;
  assignee?: string;
  overdue?: boolean;
}

/** 整改 findings of a plan, their actions, and the plan's progress; `today` is the plan's calendar day. */
export class FindingQueries extends ReadQueries {
  private readonly users = new UserQueries(this.db);
  private readonly completion = new CompletionQueries(this.db);
  private readonly directory = new DirectoryQueries(this.db);

  private view(row: FindingRow, today: string): FindingView {
    const subjectName =
      row.subject_kind === 'task'
        ? (this.completion.task(row.subject_id)?.title ?? row.subject_id)
        : (() => {
            const indicator = statement<[string], { code: string; name: string }>(
              this.db,
              'SELECT code, name FROM sc_indicators WHERE indicator_id = ?',
            ).get(row.subject_id);
            return indicator ? `${indicator.code} ${indicator.name}` : row.subject_id;
          })();
    return {
      findingId: row.finding_id,
      planId: row.plan_id,
      source: row.source,
      severity: row.severity,
      subject: { kind: row.subject_kind, id: row.subject_id, name: subjectName },
      title: row.title,
      description: row.description,
      status: row.status,
      assignee: row.assignee
        ? { userId: row.assignee, name: this.users.byId(row.assignee)?.displayName ?? row.assignee }
        : null,
      departmentId: row.department_id,
      departmentName:
        row.department_id === null
          ? null
          : (this.directory.department(row.department_id)?.name ?? row.department_id),
      reviewStage: row.status === 'in-review' ? row.review_stage : null,
      deadline: row.deadline,
      overdue: row.status !== 'closed' && row.deadline !== null && row.deadline < today,
      recordedAt: row.recorded_at,
      closedAt: row.closed_at,
    };
  }

  list(planId: string, today: string, filter: FindingFilter = {}): FindingView[] {
    const rows = statement<[string], FindingRow>(
      this.db,
      'SELECT * FROM rf_findings WHERE plan_id = ? ORDER BY position',
    ).all(planId);
    return rows
      .map((row) => this.view(row, today))
      .filter(
        (f) =>
          (!filter.status || f.status === filter.status) &&
          (!filter.source || f.source === filter.source) &&
          (!filter.severity || f.severity === filter.severity) &&
          (!filter.assignee || f.assignee?.userId === filter.assignee) &&
          (filter.overdue === undefined || f.overdue === filter.overdue),
      );
  }

  byId(findingId: string, today: string): FindingView | undefined {
    const row = statement<[string], FindingRow>(
      this.db,
      'SELECT * FROM rf_findings WHERE finding_id = ?',
    ).get(findingId);
    if (!row) return undefined;
    const actions = statement<
      [string],
      {
        version: number;
        submitted_by: string;
        narrative: string;
        evidence: string;
        submitted_at: string;
        decision: 'approved' | 'returned' | null;
        reviewer: string | null;
        note: string | null;
        decided_at: string | null;
        stages: string;
        approvals: string;
      }
    >(this.db, 'SELECT * FROM rf_actions WHERE finding_id = ? ORDER BY version').all(findingId);
    return {
      ...this.view(row, today),
      actions: actions.map((a): RectificationActionView => ({
        version: a.version,
        submittedBy: a.submitted_by,
        narrative: a.narrative,
        evidence: JSON.parse(a.evidence) as RectificationActionView['evidence'],
        submittedAt: a.submitted_at,
        decision: a.decision,
        stages: (JSON.parse(a.stages) as StageRow[]).map((s) => s.name),
        approvals: (JSON.parse(a.approvals) as ApprovalRow[]).map((p) => ({
          ...p,
          reviewerName: this.users.byId(p.reviewer)?.displayName ?? p.reviewer,
        })),
        reviewer: a.reviewer,
        note: a.note,
        decidedAt: a.decided_at,
      })),
    };
  }

  planOf(findingId: string): string | undefined {
    return statement<[string], { plan_id: string }>(
      this.db,
      'SELECT plan_id FROM rf_findings WHERE finding_id = ?',
    ).get(findingId)?.plan_id;
  }

  /** Everyone the chain of the finding's latest action asks, at any stage. */
  reviewersOf(findingId: string): string[] {
    const row = statement<[string], { stages: string }>(
      this.db,
      'SELECT stages FROM rf_actions WHERE finding_id = ? ORDER BY version DESC LIMIT 1',
    ).get(findingId);
    return row ? (JSON.parse(row.stages) as StageRow[]).flatMap((s) => s.reviewers) : [];
  }

  assigneeOf(findingId: string): string | undefined {
    return (
      statement<[string], { assignee: string | null }>(
        this.db,
        'SELECT assignee FROM rf_findings WHERE finding_id = ?',
      ).get(findingId)?.assignee ?? undefined
    );
  }

  /** Whether the user is the assignee of any finding of the plan. */
  assignedInPlan(userId: string, planId: string): boolean {
    return countWhere(this.db, 'rf_findings', 'plan_id = ? AND assignee = ?', planId, userId) > 0;
  }

  /** Assigned and not closed: what the reminder rules look at. */
  open(planId: string): { findingId: string; title: string; assignee: string; deadline: string }[] {
    return statement<[string], { finding_id: string; title: string; assignee: string; deadline: string }>(
      this.db,
      `SELECT finding_id, title, assignee, deadline FROM rf_findings
       WHERE plan_id = ? AND status != 'closed' AND assignee IS NOT NULL AND deadline IS NOT NULL ORDER BY position`,
    )
      .all(planId)
      .map((r) => ({ findingId: r.finding_id, title: r.title, assignee: r.assignee, deadline: r.deadline }));
  }

  progress(planId: string, today: string): RectificationProgress {
    const rows = statement<[string], { status: FindingStatusName; deadline: string | null }>(
      this.db,
      'SELECT status, deadline FROM rf_findings WHERE plan_id = ?',
    ).all(planId);
    const byStatus = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Record<
      FindingStatusName,
      number
    >;
    for (const row of rows) byStatus[row.status] += 1;
    return {
      total: rows.length,
      byStatus,
      overdue: rows.filter((r) => r.status !== 'closed' && r.deadline !== null && r.deadline < today).length,
      closedRate:
        rows.length === 0 ? '0' : new Decimal(byStatus.closed).div(rows.length).toDecimalPlaces(4).toString(),
    };
  }
}

interface ReviewRow {
  review_id: string;
  plan_id: string;
  title: string;
  period_from: string;
  period_to: string;
  access_until: string;
  status: 'open' | 'closed';
}

/** Expert reviews, who is invited, and the scores experts recorded. */
export class ExpertReviewQueries extends ReadQueries {
  private readonly users = new UserQueries(this.db);

  /** The reviews table, each row as it reads at `now`. */
  private reviews(now: Date) {
    return tableViews('rf_reviews', (row: ReviewRow) => this.view(row, now));
  }

  private view(row: ReviewRow, now: Date): ExpertReviewView {
    const experts = statement<[string], { expert_id: string }>(
      this.db,
      'SELECT expert_id FROM rf_experts WHERE review_id = ? ORDER BY expert_id',
    ).all(row.review_id);
    return {
      reviewId: row.review_id,
      planId: row.plan_id,
      title: row.title,
      period: { from: row.period_from, to: row.period_to },
      accessUntil: row.access_until,
      status: row.status,
      active: row.status === 'open' && Date.parse(row.access_until) > now.getTime(),
      experts: experts.map((e) => ({
        userId: e.expert_id,
        name: this.users.byId(e.expert_id)?.displayName ?? e.expert_id,
      })),
    };
  }

  ofPlan(planId: string, now: Date): ExpertReviewView[] {
    return this.reviews(now).all(this.db, 'plan_id = ? ORDER BY opened_at', planId);
  }

  byId(reviewId: string, now: Date): ExpertReviewView | undefined {
    return this.reviews(now).one(this.db, 'review_id = ?', reviewId);
  }

  /** The reviews that invite this expert and still give access at `now`. */
  activeFor(expertId: string, now: Date): ExpertReviewView[] {
    return statement<[string], ReviewRow>(
      this.db,
      `SELECT r.* FROM rf_reviews r JOIN rf_experts e ON e.review_id = r.review_id
       WHERE e.expert_id = ? AND r.status = 'open' ORDER BY r.opened_at`,
    )
      .all(expertId)
      .map((row) => this.view(row, now))
      .filter((r) => r.active);
  }

  /** Scores of one review, by expert. */
  scores(reviewId: string, expertId?: string): (ExpertScoreView & { expertId: string })[] {
    return statement<
      [string],
      { expert_id: string; indicator_id: string; score: string; comment: string; recorded_at: string }
    >(this.db, 'SELECT * FROM rf_scores WHERE review_id = ? ORDER BY expert_id, indicator_id')
      .all(reviewId)
      .filter((r) => expertId === undefined || r.expert_id === expertId)
      .map((r) => ({
        expertId: r.expert_id,
        indicatorId: r.indicator_id,
        score: r.score,
        comment: r.comment,
        recordedAt: r.recorded_at,
      }));
  }
}
