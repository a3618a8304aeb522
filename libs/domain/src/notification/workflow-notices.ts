import Decimal from 'decimal.js';
import { assertNever, type Message } from '../shared/decider';
import type { DueReminder } from './reminder-rules';
import { submissionDecider, type SubmissionEvent, type SubmissionState } from '../submission/submission';

/**
 * Who is told when a submission moves. Each rule names the transition; the people it concerns
 * are read from the submission's own events (the stages and reviewers it was submitted with, as
 * transfers changed them), never from a read model.
 */
export type WorkflowRule =
  /** A stage starts waiting (submitted, the previous stage completed, approvals reset): its reviewers. */
  | 'review-requested'
  /** A reviewer handed the review to someone else: the new reviewer. */
  | 'review-transferred'
  /** The submitter withdrew it: the reviewers it was waiting for. */
  | 'review-withdrawn'
  /** Sent back: the submitter, with the reason. */
  | 'submission-returned'
  /** Every stage approved: the submitter. */
  | 'submission-approved'
  /** The submitter's reviewer changed by a transfer. */
  | 'submission-transferred';

/** A notice about one transition, sent once: its key names the rule, the submission and the transition. */
export interface WorkflowNotice extends Omit<DueReminder, 'rule'> {
  rule: WorkflowRule;
}

export type WorkflowNoticeEvent = Message<'WorkflowNoticeSent', WorkflowNotice>;

/** Stream names stay short whatever the key holds; `digest` is a hash of the key. */
export const workflowNoticeStream = (digest: string) => `notice-${digest}`;

/** What the process manager keeps per submission: the submission folded from its own events. */
export interface WorkflowSubmission {
  planId: string;
  submission: SubmissionState;
}

export const initialWorkflowSubmission = (): WorkflowSubmission => ({
  planId: '',
  submission: submissionDecider.initialState(),
});

export function evolveWorkflowSubmission(
  state: WorkflowSubmission,
  event: SubmissionEvent,
): WorkflowSubmission {
  return {
    planId: event.type === 'Submitted' ? event.data.planId : state.planId,
    submission: submissionDecider.evolve(state.submission, event),
  };
}

/** Names the notices need, as known at the same point of the log. */
export interface WorkflowLookups {
  taskTitle(taskId: string): string | undefined;
  displayName(userId: string): string | undefined;
}

const percent = (completion: string | undefined) =>
  completion === undefined ? '' : `${new Decimal(completion).times(100).toDecimalPlaces(2).toString()}%`;

/**
 * The notices one submission event calls for, given the submission as it stood before the event.
 * `revision` is the event's position in the submission's stream: it makes each transition's key
 * its own, so a stage that waits again (after its approvals were reset) is announced again, while
 * the same event read twice (a replay, a restart, a second process) gives the same keys.
 */
export function workflowNotices(
  before: WorkflowSubmission,
  event: SubmissionEvent,
  revision: number,
  lookups: WorkflowLookups,
): WorkflowNotice[] {
  const after = evolveWorkflowSubmission(before, event);
  const s = after.submission;
  const title = lookups.taskTitle(s.taskId) ?? '建设任务';
  const name = (id: string) => lookups.displayName(id) ?? id;
  const version = `第 ${s.version} 版`;
  const reviewLink = `/reviews?submission=${s.submissionId}`;
  const taskLink = `/tasks?task=${s.taskId}`;
  const notices: WorkflowNotice[] = [];
  const add = (
    rule: WorkflowRule,
    stage: number,
    recipients: string[],
    text: { title: string; body: string; link: string },
  ) => {
    const unique = [...new Set(recipients)].sort();
    if (unique.length === 0) return;
    notices.push({
      key: `${rule}:${s.submissionId}:v${s.version}:s${stage + 1}:r${revision}`,
      rule,
      planId: after.planId,
      subjectId: s.submissionId,
      recipients: unique,
      ...text,
    });
  };
  const requestReview = (stage: number, why: string) => {
    const waiting = s.stages[stage];
    if (!waiting) return;
    add('review-requested', stage, waiting.reviewers, {
      title: `待审核：${title}`,
      body: `${why}请在「${waiting.name}」环节审核（提交人：${name(s.submitter)}）。`,
      link: reviewLink,
    });
  };

  switch (event.type) {
    case 'Submitted':
      requestReview(
        0,
        `${name(s.submitter)} 提交了「${title}」的${version}进展（完成度 ${percent(s.content?.completion)}），`,
      );
      break;
    case 'StageCompleted': {
      const done = s.stages[event.data.stage];
      requestReview(event.data.stage + 1, `「${title}」的${version}提交已通过「${done?.name ?? ''}」环节，`);
      break;
    }
    case 'ApprovalsReset':
      requestReview(0, `「${title}」的${version}提交更换了佐证材料，已有的审核意见作废，`);
      break;
    case 'SubmissionRejected': {
      const stage = s.stages[event.data.stage];
      add('submission-returned', event.data.stage, [s.submitter], {
        title: `提交被退回：${title}`,
        body:
          `您就「${title}」提交的${version}在「${stage?.name ?? ''}」环节被 ${name(event.data.reviewer)} 退回，` +
          `原因：${event.data.reason}。请修改后重新提交。`,
        link: taskLink,
      });
      break;
    }
    case 'SubmissionApproved':
      add('submission-approved', s.stages.length - 1, [s.submitter], {
        title: `审核通过：${title}`,
        body: `您就「${title}」提交的${version}已通过全部审核，完成度 ${percent(event.data.content.completion)} 已记入任务进展。`,
        link: taskLink,
      });
      break;
    case 'ReviewTransferred': {
      const stage = s.stages[event.data.stage];
      const { from, to, reason } = event.data;
      add('review-transferred', event.data.stage, [to], {
        title: `转办待审核：${title}`,
        body:
          `${name(from)} 将「${title}」${version}提交在「${stage?.name ?? ''}」环节的审核转给您，原因：${reason}。` +
          `请尽快审核（提交人：${name(s.submitter)}）。`,
        link: reviewLink,
      });
      add('submission-transferred', event.data.stage, [s.submitter], {
        title: `审核人变更：${title}`,
        body: `您就「${title}」提交的${version}在「${stage?.name ?? ''}」环节改由 ${name(to)} 审核（${name(from)} 转办，原因：${reason}）。`,
        link: taskLink,
      });
      break;
    }
    case 'SubmissionWithdrawn': {
      const stage = before.submission.stages[before.submission.stage];
      add(
        'review-withdrawn',
        before.submission.stage,
        (stage?.reviewers ?? []).filter((r) => !before.submission.approvals.includes(r)),
        {
          title: `提交已撤回：${title}`,
          body: `${name(s.submitter)} 撤回了「${title}」的${version}提交，无需再审核。`,
          link: taskLink,
        },
      );
      break;
    }
    case 'StageApproved':
    case 'EvidenceChanged':
    case 'CommentAdded':
    case 'ApprovalRefused':
      break;
    default:
      return assertNever(event);
  }
  return notices;
}
