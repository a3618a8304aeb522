import {
  DomainError,
  evidenceNotFound,
  planNotFound,
  projectNotFound,
  taskNotFound,
  userNotFound,
} from '@sg/domain';
import {
  CompletionQueries,
  EvidenceQueries,
  NotificationQueries,
  SubmissionQueries,
  UserQueries,
} from '@sg/read-models';
import type Database from 'better-sqlite3';
import type { PolicyName } from './access';
import type { Principal } from './principal';

/** Route parameters a policy may look at. */
export type Params = Partial<
  Record<'planId' | 'projectId' | 'taskId' | 'userId' | 'evidenceId' | 'submissionId' | 'briefingId', string>
>;

export interface Lookups {
  completion: CompletionQueries;
  users: UserQueries;
  evidence: EvidenceQueries;
  submissions: SubmissionQueries;
  notifications: NotificationQueries;
}

/** The queries policies look entities up with, over one read-model connection. */
export function lookupsFor(db: Database.Database): Lookups {
  return {
    completion: new CompletionQueries(db),
    users: new UserQueries(db),
    evidence: new EvidenceQueries(db),
    submissions: new SubmissionQueries(db),
    notifications: new NotificationQueries(db),
  };
}

function officeOf(p: Principal, planId: string): boolean {
  return p.isAdministrator || p.has('office', `plan:${planId}`);
}

/** Reviews or leads within a project: the project lead, reviewers of it, of its plan or of all. */
function projectStaff(p: Principal, projectId: string, planId: string): boolean {
  return (
    officeOf(p, planId) ||
    p.has('project-lead', `project:${projectId}`) ||
    p.has('reviewer', '*') ||
    p.has('reviewer', `plan:${planId}`) ||
    p.has('reviewer', `project:${projectId}`)
  );
}

function memberOfPlan(p: Principal, planId: string, q: Lookups): boolean {
  if (officeOf(p, planId) || p.has('reviewer', '*') || p.has('reviewer', `plan:${planId}`)) return true;
  const projects = [...p.scopedIds('project-lead', 'project'), ...p.scopedIds('reviewer', 'project')];
  return (
    projects.some((id) => q.completion.planOfProject(id) === planId) ||
    q.completion.ownsTaskInPlan(p.userId, planId)
  );
}

type Check = (p: Principal, params: Params, q: Lookups) => boolean;

/** A write policy: whatever else it allows, never to a holder of the auditor role. */
const write =
  (check: Check): Check =>
  (p, params, q) =>
    !p.isAuditor && check(p, params, q);

function submissionOf(params: Params, q: Lookups) {
  const submissionId = requireParam(params, 'submissionId');
  const submission = q.submissions.byId(submissionId);
  if (!submission) {
    throw new DomainError('not-found', 'submission-not-found', `提交不存在：${submissionId}`, {
      submissionId,
    });
  }
  return submission;
}

/**
 * Who may reach a review action or a comment: the submitter (a self-approval is refused and
 * recorded by the decider) and whoever the chain asks. The decider then re-checks the actor's
 * current grants from their stream.
 */
const reviewOrComment = write((p, params, q) => {
  const submission = submissionOf(params, q);
  return (
    submission.submitter === p.userId || submission.stages.some((stage) => stage.reviewers.includes(p.userId))
  );
});

/** Whether a signed-in person may read a plan (the rule of `plan.read`, for lists of plans). */
export function mayReadPlan(p: Principal, planId: string, q: Lookups): boolean {
  return p.readsEverything || memberOfPlan(p, planId, q);
}

function canReadTask(p: Principal, taskId: string, q: Lookups): boolean {
  const task = q.completion.task(taskId);
  if (!task) throw taskNotFound(taskId);
  return p.readsEverything || task.ownerId === p.userId || projectStaff(p, task.projectId, task.planId);
}

const briefingNotFound = (briefingId: string) =>
  new DomainError('not-found', 'briefing-not-found', '简报不存在。', { briefingId });

/** The plan a briefing belongs to; an unknown briefing answers 404. */
function planOfBriefing(params: Params, q: Lookups): string {
  const briefingId = requireParam(params, 'briefingId');
  const briefing = q.notifications.briefing(briefingId);
  if (!briefing) throw briefingNotFound(briefingId);
  return briefing.planId;
}

/** Drafts and approved issues not yet published: the plan's office (and the administrator) only. */
export function seesUnpublishedBriefings(p: Principal, planId: string): boolean {
  return officeOf(p, planId);
}

function requireParam(params: Params, name: keyof Params): string {
  const value = params[name];
  if (!value) throw new Error(`policy needs route parameter ${name}`);
  return value;
}

/** Each policy: who may, given the entity the route names. An unknown entity answers 404. */
export const POLICIES: Record<PolicyName, Check> = {
  'users.manage': write((p) => p.isAdministrator),
  'users.list': (p) => p.readsEverything,
  'user.read': (p, params, q) => {
    const userId = requireParam(params, 'userId');
    if (!q.users.byId(userId)) throw userNotFound(userId);
    return p.readsEverything || p.userId === userId;
  },
  'audit.read': (p) => p.readsEverything,
  'plan.create': write((p) => p.isAdministrator),
  'plan.read': (p, params, q) => {
    const planId = requireParam(params, 'planId');
    if (!q.completion.planExists(planId)) throw planNotFound(planId);
    return mayReadPlan(p, planId, q);
  },
  /** Plan-wide lists of what was submitted (the evidence catalogue): the office and readers of everything. */
  'plan.audit': (p, params, q) => {
    const planId = requireParam(params, 'planId');
    if (!q.completion.planExists(planId)) throw planNotFound(planId);
    return p.readsEverything || officeOf(p, planId);
  },
  'plan.manage': write((p, params, q) => {
    const planId = requireParam(params, 'planId');
    if (!q.completion.planExists(planId)) throw planNotFound(planId);
    return officeOf(p, planId);
  }),
  'project.read': (p, params, q) => {
    const projectId = requireParam(params, 'projectId');
    const planId = q.completion.planOfProject(projectId);
    if (!planId) throw projectNotFound(projectId);
    return p.readsEverything || projectStaff(p, projectId, planId);
  },
  'task.read': (p, params, q) => canReadTask(p, requireParam(params, 'taskId'), q),
  /** Evidence is as visible as the task it proves, and to the reviewers of the submissions citing it. */
  /** A submission: its submitter, anyone in its approval chain, and whoever may read its task. */
  'submission.read': (p, params, q) => {
    const submission = submissionOf(params, q);
    return (
      submission.submitter === p.userId ||
      submission.stages.some((stage) => stage.reviewers.includes(p.userId)) ||
      canReadTask(p, submission.taskId, q)
    );
  },
  /** Approve, reject, transfer. */
  'submission.review': reviewOrComment,
  'submission.comment': reviewOrComment,
  /** Withdraw, change evidence, resubmit: the submitter's own. */
  'submission.revise': write((p, params, q) => submissionOf(params, q).submitter === p.userId),
  'evidence.read': (p, params, q) => {
    const evidenceId = requireParam(params, 'evidenceId');
    const evidence = q.evidence.byId(evidenceId);
    if (!evidence) throw evidenceNotFound(evidenceId);
    // A reviewer named on a submission that cites the file must see it, task role or not.
    const reviews = q.submissions
      .ofTask(evidence.taskId)
      .some(
        (s) =>
          s.stages.some((stage) => stage.reviewers.includes(p.userId)) &&
          q.submissions
            .versions(s.submissionId)
            .some((v) => v.evidence.some((e) => e.evidenceId === evidenceId)),
      );
    return reviews || canReadTask(p, evidence.taskId, q);
  },
  'task.report': write((p, params, q) => {
    const taskId = requireParam(params, 'taskId');
    const task = q.completion.task(taskId);
    if (!task) throw taskNotFound(taskId);
    return task.ownerId === p.userId;
  }),
  'briefing.read': (p, params, q) => {
    const planId = planOfBriefing(params, q);
    const briefingId = requireParam(params, 'briefingId');
    // Until it is published an issue is the office's: to anyone else it does not exist.
    if (
      q.notifications.briefing(briefingId)?.status !== 'published' &&
      !seesUnpublishedBriefings(p, planId)
    ) {
      throw briefingNotFound(briefingId);
    }
    return p.readsEverything || memberOfPlan(p, planId, q);
  },
  'briefing.manage': write((p, params, q) => officeOf(p, planOfBriefing(params, q))),
  /** Regenerating an issue replays the log: the office and readers of everything. */
  'briefing.audit': (p, params, q) => {
    const planId = planOfBriefing(params, q);
    return p.readsEverything || officeOf(p, planId);
  },
  /** Failed deliveries span every plan: administrators and the college-wide office. */
  'deliveries.manage': write((p) => p.isAdministrator || p.has('office', '*')),
};
