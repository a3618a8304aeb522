import type { Provider } from '@nestjs/common';
import * as readModels from '@sg/read-models';
import type { Lookups } from '../auth/policies';

/** The queries access policies look entities up with, from the views' own providers. */
export const LOOKUPS = Symbol('Lookups');

export const lookupsProvider: Provider = {
  provide: LOOKUPS,
  inject: [
    readModels.CompletionQueries,
    readModels.UserQueries,
    readModels.EvidenceQueries,
    readModels.SubmissionQueries,
    readModels.NotificationQueries,
    readModels.CampaignQueries,
    readModels.FindingQueries,
    readModels.ExpertReviewQueries,
  ],
  useFactory: (
    completion: readModels.CompletionQueries,
    users: readModels.UserQueries,
    evidence: readModels.EvidenceQueries,
    submissions: readModels.SubmissionQueries,
    notifications: readModels.NotificationQueries,
    campaigns: readModels.CampaignQueries,
    findings: readModels.FindingQueries,
    expertReviews: readModels.ExpertReviewQueries,
  ): Lookups => ({
    completion,
    users,
    evidence,
    submissions,
    notifications,
    campaigns,
    findings,
    expertReviews,
  }),
};
