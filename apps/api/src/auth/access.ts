import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route. Every route declares one; the application refuses to start otherwise
 * (see route-table.ts), and the guard refuses a call to an undeclared route.
 */
export type AccessRule = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'policy'; policy: PolicyName };

export type PolicyName =
  | 'users.manage'
  | 'users.list'
  | 'user.read'
  | 'audit.read'
  | 'plan.create'
  | 'plan.read'
  | 'plan.manage'
  | 'project.read'
  | 'task.read'
  | 'task.report'
  | 'evidence.read'
  | 'plan.audit'
  | 'submission.read'
  | 'submission.review'
  | 'submission.batch-review'
  | 'submission.comment'
  | 'submission.revise'
  | 'briefing.read'
  | 'briefing.manage'
  | 'briefing.audit'
  | 'deliveries.manage'
  | 'campaign.read'
  | 'campaign.write'
  | 'campaign.manage'
  | 'plan.review-material'
  | 'plan.review-package'
  | 'finding.read'
  | 'finding.rectify'
  | 'finding.manage'
  | 'finding.review'
  | 'expert-review.read'
  | 'expert-review.audit'
  | 'expert-review.manage'
  | 'expert-review.score'
  | 'departments.manage'
  | 'task.manage';

export const ACCESS_METADATA = 'sg:access';

export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies AccessRule);
export const SignedIn = () => SetMetadata(ACCESS_METADATA, { kind: 'signed-in' } satisfies AccessRule);
export const Allow = (policy: PolicyName) =>
  SetMetadata(ACCESS_METADATA, { kind: 'policy', policy } satisfies AccessRule);

export const BEFORE_PASSWORD_CHANGE_METADATA = 'sg:before-password-change';

/**
 * A signed-in route that a session whose password must first be changed may still call (who am
 * I, change the password, sign out). Every other route refuses such a session.
 */
export const AllowBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_METADATA, true);
