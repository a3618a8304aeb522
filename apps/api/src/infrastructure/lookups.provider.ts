import type { Provider } from '@nestjs/common';
import {
  CompletionQueries,
  EvidenceQueries,
  NotificationQueries,
  SubmissionQueries,
  UserQueries,
} from '@sg/read-models';
import type { Lookups } from '../auth/policies';

/** The queries access policies look entities up with, from the views' own providers. */
export const LOOKUPS = Symbol('Lookups');

export const lookupsProvider: Provider = {
  provide: LOOKUPS,
  inject: [CompletionQueries, UserQueries, EvidenceQueries, SubmissionQueries, NotificationQueries],
  useFactory: (
    completion: CompletionQueries,
    users: UserQueries,
    evidence: EvidenceQueries,
    submissions: SubmissionQueries,
    notifications: NotificationQueries,
  ): Lookups => ({ completion, users, evidence, submissions, notifications }),
};
