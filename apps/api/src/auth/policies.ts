import {
  DomainError,
  evidenceNotFound,
  expertReviewNotFound,
  findingNotFound,
  planNotFound,
  projectNotFound,
  taskNotFound,
  taskUnassigned,
  userNotFound,
} from '@sg/domain';
import {
  type CampaignIndex,
  type CompletionQueries,
  type EvidenceQueries,
  type ExpertReviewQueries,
  type FindingQueries,
  type NotificationQueries,
  type SubmissionQueries,
  type UserQueries,
} from '@sg/read-models';
import type { PolicyName } from './access';
import type { Principal } from './principal';

/** Route parameters a policy may look at. */
export type Params = Partial<
  Record<
    | 'planId'
    | 'projectId'
    | 'taskId'
    | 'userId'
    | 'evidenceId'
    | 'submissionId'
    | 'briefingId'
    | 'campaignId'
    | 'findingId'
    | 'reviewId',
    string
  >
>;

export interface Lookups {
  completion: CompletionQueries;
  users: UserQueries;
  evidence: EvidenceQueries;
  submissions: SubmissionQueries;
  notifications: NotificationQueries;
  campaigns: CampaignIndex;
  findings: FindingQueries;
  expertReviews: ExpertReviewQueries;
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

/** The plan a campaign belongs to; an unknown campaign answers 404. */
function planOfCampaign(params: Params, q: Lookups): string {
  const campaignId = requireParam(params, 'campaignId');
  const campaign = q.campaigns.summary(campaignId);
  if (!campaign) throw new DomainError('not-found', 'campaign-not-found', '自评工作不存在。', { campaignId });
  return campaign.planId;
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

/** The plan a finding belongs to; an unknown finding answers 404. */
function planOfFinding(params: Params, q: Lookups): string {
  const findingId = requireParam(params, 'findingId');
  const planId = q.findings.planOf(findingId);
  if (!planId) throw findingNotFound(findingId);
  return planId;
}

/** The plan an expert review belongs to; an unknown review answers 404. */
function planOfReview(params: Params, q: Lookups): string {
  const reviewId = requireParam(params, 'reviewId');
  const review = q.expertReviews.byId(reviewId, new Date());
  if (!review) throw expertReviewNotFound(reviewId);
  return review.planId;
}

/** An outside expert of the plan whose access has not ended (lapsed grants never reach the principal). */
const expertOf = (p: Principal, planId: string) => p.has('expert', `plan:${planId}`);

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
  /** 批量通过: anyone who may review somewhere; each item is decided on its own from the actor's grants. */
  'submission.batch-review': write(
    (p) =>
      p.isAdministrator ||
      ['office', 'project-lead', 'reviewer', 'leadership'].some((r) => p.roles.some((g) => g.role === r)),
  ),
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
    const task = q.completion.taskOwner(taskId);
    if (!task) throw taskNotFound(taskId);
    // Those who may see the task learn why nobody may report on it; others are simply refused.
    if (task.ownerId === null && canReadTask(p, taskId, q)) throw taskUnassigned(taskId);
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
  /** A campaign is read by whoever reads its plan; each report then by its writers, signers and those above. */
  'campaign.read': (p, params, q) => mayReadPlan(p, planOfCampaign(params, q), q),
  /** Writing, signing, returning: members of the plan; the decider checks the report's roster and grants. */
  'campaign.write': write((p, params, q) => memberOfPlan(p, planOfCampaign(params, q), q)),
  'campaign.manage': write((p, params, q) => officeOf(p, planOfCampaign(params, q))),
  /** The school's report and the scores: the plan's readers, and its invited experts. */
  'plan.review-material': (p, params, q) => {
    const planId = requireParam(params, 'planId');
    if (!q.completion.planExists(planId)) throw planNotFound(planId);
    return mayReadPlan(p, planId, q) || expertOf(p, planId);
  },
  /** The evidence package: the plan's office and readers of everything, and its invited experts. */
  'plan.review-package': (p, params, q) => {
    const planId = requireParam(params, 'planId');
    if (!q.completion.planExists(planId)) throw planNotFound(planId);
    return p.readsEverything || officeOf(p, planId) || expertOf(p, planId);
  },
  /** A finding: whoever reads its plan, and its assignee. */
  'finding.read': (p, params, q) => {
    const planId = planOfFinding(params, q);
    return mayReadPlan(p, planId, q) || q.findings.assigneeOf(requireParam(params, 'findingId')) === p.userId;
  },
  /** Submitting the rectification: the assignee (the decider re-checks their grants). */
  'finding.rectify': write((p, params, q) => {
    planOfFinding(params, q);
    return q.findings.assigneeOf(requireParam(params, 'findingId')) === p.userId;
  }),
  /** Assigning, approving (销号) and returning: the office of the finding's plan. */
  'finding.manage': write((p, params, q) => officeOf(p, planOfFinding(params, q))),
  /** Approving and returning an action: the plan's office, or anyone its chain asks (the decider re-checks). */
  'finding.review': write(
    (p, params, q) =>
      officeOf(p, planOfFinding(params, q)) ||
      q.findings.reviewersOf(requireParam(params, 'findingId')).includes(p.userId),
  ),
  /** A review as such: the office, readers of everything, and its experts while their access lasts. */
  'expert-review.read': (p, params, q) => {
    const planId = planOfReview(params, q);
    return p.readsEverything || officeOf(p, planId) || expertOf(p, planId);
  },
  /** Every expert's scores beside the self-scores: the office and readers of everything. */
  'expert-review.audit': (p, params, q) => {
    const planId = planOfReview(params, q);
    return p.readsEverything || officeOf(p, planId);
  },
  'expert-review.manage': write((p, params, q) => officeOf(p, planOfReview(params, q))),
  /** Scoring: the plan's experts (the decider checks the invitation and the access end). */
  'expert-review.score': write((p, params, q) => expertOf(p, planOfReview(params, q))),
  /** The school's departments: any office (ADR 0026); the decider re-checks the grant. */
  'departments.manage': write((p) => p.isAdministrator || p.scopedIds('office', 'plan').length > 0),
  /** A task's units (and other settings of the office): the office of the task's plan. */
  'task.manage': write((p, params, q) => {
    const taskId = requireParam(params, 'taskId');
    const task = q.completion.task(taskId);
    if (!task) throw taskNotFound(taskId);
    return officeOf(p, task.planId);
  }),
};
