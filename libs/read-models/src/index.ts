export * from './framework/projection';
export * from './framework/projection-runner';
export * from './framework/read-model-database';
export * from './framework/rebuild-into-new-file';
export * from './framework/view-cache';
export * from './framework/process-manager';
export * from './notifications/workflow-notices.process';
export * from './submissions/approval-effects.process';
export * from './amendments/amendment-effects.process';
export * from './amendments/amendments.projection';
export * from './amendments/amendments.queries';
export * from './completion/completion.projection';
export * from './completion/completion.queries';
export * from './completion/warnings';
export * from './users/users.projection';
export * from './users/users.queries';
export * from './directory/directory.projection';
export * from './directory/directory.queries';
export * from './audit/audit.projection';
export * from './audit/audit.queries';
export * from './audit/summaries';
export * from './framework/as-of';
export * from './scores/scores.projection';
export * from './scores/scores.queries';
export * from './reconciliation/reconciliation.projection';
export * from './reconciliation/reconciliation.queries';
export * from './funds/funds.projection';
export * from './funds/funds.queries';
export * from './achievements/achievements.projection';
export * from './achievements/achievements.queries';
export * from './evidence/evidence.projection';
export * from './submissions/submissions.projection';
export * from './submissions/inbox.queries';
export * from './tasks/task-search.queries';
export * from './notifications/notifications.projection';
export * from './notifications/notifications.queries';
export * from './campaigns/campaigns.projection';
export * from './campaigns/campaigns.queries';
export * from './briefing/briefing-composer';
export * from './briefing/replay';
export * from './rectification/rectification.projection';
export * from './rectification/rectification.queries';
export { statement } from './framework/statement-cache';

import { completionProjection } from './completion/completion.projection';
import { auditProjection } from './audit/audit.projection';
import { usersProjection } from './users/users.projection';
import { scoresProjection } from './scores/scores.projection';
import { reconciliationProjection } from './reconciliation/reconciliation.projection';
import { fundsProjection } from './funds/funds.projection';
import { achievementsProjection } from './achievements/achievements.projection';
import { evidenceProjection } from './evidence/evidence.projection';
import { submissionsProjection } from './submissions/submissions.projection';
import { notificationsProjection } from './notifications/notifications.projection';
import { amendmentsProjection } from './amendments/amendments.projection';
import { campaignsProjection } from './campaigns/campaigns.projection';
import { rectificationProjection } from './rectification/rectification.projection';
import { directoryProjection } from './directory/directory.projection';
import type { Projection } from './framework/projection';

/** Every projection the application runs, in one place. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  completionProjection,
  usersProjection,
  auditProjection,
  scoresProjection,
  reconciliationProjection,
  fundsProjection,
  achievementsProjection,
  evidenceProjection,
  submissionsProjection,
  notificationsProjection,
  amendmentsProjection,
  campaignsProjection,
  rectificationProjection,
  directoryProjection,
];
