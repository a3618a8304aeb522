export * from './event-store-factory';
export * from './tokens';
export * from './pipeline/command-context';
export * from './pipeline/handle-command';
export * from './pipeline/errors';
export * from './pipeline/deterministic-id';
export { loadPlan, loadStanding } from './pipeline/load-state';
export * from './pipeline/new-entity-id';
export * from './plan/plan.commands';
export * from './task/task.commands';
export * from './user/user.commands';
export * from './department/department.commands';
export * from './indicator/indicator.commands';
export * from './indicator/declaration.commands';
export * from './indicator/funds.commands';
export * from './indicator/task-funds.commands';
export * from './indicator/achievement.commands';
export * from './indicator/survey.commands';
export * from './indicator/evidence.commands';
export * from './submission/submission.commands';
export * from './submission/batch-approval';
export * from './views';
export * from './notification/notification-views';
export * from './amendment/amendment.commands';
export * from './rectification/rectification.commands';
export * from './notification/reminders';
export * from './notification/digests';
export * from './notification/deliveries';
export * from './notification/briefings';
export * from './notification/notification.commands';
export * from './campaign/campaign.commands';
export * from './campaign/rich-text';

import {
  AddLevelHandler,
  AddProjectHandler,
  ConfigureFundSourcesHandler,
  CreatePlanHandler,
  RecordBudgetHandler,
  ApplyPointsSchemeHandler,
} from './plan/plan.commands';
import { RECTIFICATION_HANDLERS } from './rectification/rectification.commands';
import { NOTIFICATION_HANDLERS } from './notification/notification.commands';
import {
  AssignTaskOwnerHandler,
  AssignTaskOwnersHandler,
  DefineTaskHandler,
  RecordTaskProgressHandler,
} from './task/task.commands';
import { DecideAmendmentHandler, ProposeAmendmentHandler } from './amendment/amendment.commands';
import { CAMPAIGN_HANDLERS } from './campaign/campaign.commands';
import { DEPARTMENT_HANDLERS } from './department/department.commands';
import { ChangeUserHandler, RegisterUserHandler } from './user/user.commands';
import { DefineIndicatorHandler, RecordIndicatorValueHandler } from './indicator/indicator.commands';
import { DeclareReportFiguresHandler } from './indicator/declaration.commands';
import { RecordFundsHandler } from './indicator/funds.commands';
import { RecordTaskFundsHandler } from './indicator/task-funds.commands';
import { RecordAchievementHandler } from './indicator/achievement.commands';
import { RecordSurveyHandler } from './indicator/survey.commands';
import { RecordEvidenceHandler, RecordEvidencePackageDownloadHandler } from './indicator/evidence.commands';
import {
  ActOnSubmissionHandler,
  ConfigureApprovalChainHandler,
  SubmitProgressHandler,
} from './submission/submission.commands';
import { ApproveInBatchHandler } from './submission/batch-approval';

/** Every command handler, registered by the application module (reads: VIEW_PROVIDERS). */
export const APPLICATION_HANDLERS = [
  ...NOTIFICATION_HANDLERS,
  ...CAMPAIGN_HANDLERS,
  ...RECTIFICATION_HANDLERS,
  ...DEPARTMENT_HANDLERS,
  CreatePlanHandler,
  AddLevelHandler,
  AddProjectHandler,
  ConfigureFundSourcesHandler,
  RecordBudgetHandler,
  ApplyPointsSchemeHandler,
  DefineTaskHandler,
  AssignTaskOwnerHandler,
  AssignTaskOwnersHandler,
  RecordTaskProgressHandler,
  RegisterUserHandler,
  ChangeUserHandler,
  DefineIndicatorHandler,
  RecordIndicatorValueHandler,
  DeclareReportFiguresHandler,
  RecordFundsHandler,
  RecordTaskFundsHandler,
  RecordAchievementHandler,
  RecordSurveyHandler,
  RecordEvidenceHandler,
  RecordEvidencePackageDownloadHandler,
  ConfigureApprovalChainHandler,
  SubmitProgressHandler,
  ActOnSubmissionHandler,
  ProposeAmendmentHandler,
  DecideAmendmentHandler,
  ApproveInBatchHandler,
];
