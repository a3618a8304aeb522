import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { mayWrite, type Standing } from '../user/standing';
import { mayReviewStage, type ReviewScope } from '../submission/eligibility';
import type { Stage } from '../submission/messages';
import { approvalsNeeded } from '../submission/stages';

/** Where a finding's action is reviewed: its plan, and the project of the task it concerns. */
export type FindingReviewScope = ReviewScope;

/**
 * The one stage of an action submitted before actions went through a configured chain: the
 * plan's office, any one of them, checked at each decision against their grants at that moment.
 */
export const OFFICE_STAGE_NAME = '项目办审核';
export const legacyOfficeStage = (): Stage => ({
  name: OFFICE_STAGE_NAME,
  rule: { kind: 'any' },
  reviewers: [],
  eligible: { roles: ['office'], users: [] },
});

export interface FindingReview {
  scope: FindingReviewScope;
  stages: Stage[];
  /** The stage under review now. */
  stage: number;
  /** Approvals of the current stage. */
  approvals: string[];
  /** Who submitted the version under review: they may not review it. */
  submitter: string;
}

const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);

/**
 * The actor may decide the current stage now: named by it when the action was submitted (a legacy
 * action names nobody, any office of the plan decides), and still holding a role the stage names.
 */
export function requireStageReviewer(review: FindingReview, standing: Standing): Stage {
  if (standing.userId === review.submitter)
    throw forbidden('own-rectification', '不能审核自己提交的整改材料。');
  const stage = review.stages[review.stage];
  const legacy = stage.reviewers.length === 0;
  if (!legacy && !stage.reviewers.includes(standing.userId))
    throw forbidden('not-a-reviewer', `您不是当前审核环节「${stage.name}」的审核人。`);
  if (!mayWrite(standing) || !mayReviewStage(stage, review.scope, standing)) {
    throw legacy
      ? forbidden('not-office', '只有该方案的项目办可以审核整改材料（账号停用或角色已撤销的不能）。')
      : forbidden(
          'reviewer-no-longer-entitled',
          `您已不再具有审核环节「${stage.name}」所需的角色（角色已被撤销或账号已停用），不能再审核该整改材料。`,
        );
  }
  if (review.approvals.includes(standing.userId))
    throw new DomainError('conflict', 'already-approved', '您已在本环节审核通过，无需重复操作。');
  return stage;
}

/** Whether one more approval completes the current stage (或签 one, 会签 all, or the share). */
export const completesStage = (review: FindingReview, stage: Stage): boolean =>
  review.approvals.length + 1 >= approvalsNeeded(stage);

export const requireReturnReason = (reason: string): string => requireText(reason, '退回原因', 2000);
