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
export * from './indicator/indicator.commands';
export * from './indicator/declaration.commands';
export * from './indicator/funds.commands';
export * from './indicator/achievement.commands';
export * from './indicator/survey.commands';
export * from './indicator/evidence.commands';
export * from './submission/submission.commands';
export * from './submission/batch-approval';
export * from './views';
export * from './notification/reminders';
export * from './notification/digests';
export * from './notification/deliveries';
export * from './notification/briefings';
export * from './notification/notification.commands';

import {
  AddLevelHandler,
  AddProjectHandler,
  ConfigureFundSourcesHandler,
  CreatePlanHandler,
} from './plan/plan.commands';
import { NOTIFICATION_HANDLERS } from './notification/notification.commands';
import { DefineTaskHandler, RecordTaskProgressHandler } from './task/task.commands';
import { ChangeUserHandler, RegisterUserHandler } from './user/user.commands';
import { DefineIndicatorHandler, RecordIndicatorValueHandler } from './indicator/indicator.commands';
import { DeclareReportFiguresHandler } from './indicator/declaration.commands';
import { RecordFundsHandler } from './indicator/funds.commands';
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
  CreatePlanHandler,
  AddLevelHandler,
  AddProjectHandler,
  ConfigureFundSourcesHandler,
  DefineTaskHandler,
  RecordTaskProgressHandler,
  RegisterUserHandler,
  ChangeUserHandler,
  DefineIndicatorHandler,
  RecordIndicatorValueHandler,
  DeclareReportFiguresHandler,
  RecordFundsHandler,
  RecordAchievementHandler,
  RecordSurveyHandler,
  RecordEvidenceHandler,
  RecordEvidencePackageDownloadHandler,
  ConfigureApprovalChainHandler,
  SubmitProgressHandler,
  ActOnSubmissionHandler,
  ApproveInBatchHandler,
];
