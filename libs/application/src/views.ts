import { Inject, Injectable, type Provider } from '@nestjs/common';
import type { StageSpec } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import * as readModels from '@sg/read-models';
import type Database from 'better-sqlite3';
import { loadPlan } from './pipeline/load-state';
import { EVENT_STORE, READ_MODEL_DB } from './tokens';

/**
 * The read side, one injectable per view: a controller or handler asks for `CompletionQueries`
 * (etc.) by its class and never holds the read-model database itself. Each is built once per
 * container from READ_MODEL_DB, so the API and the worker each read their own file.
 */
export const VIEW_QUERIES = [
  readModels.AchievementQueries,
  readModels.AmendmentQueries,
  readModels.CompletionQueries,
  readModels.DirectoryQueries,
  readModels.EvidenceQueries,
  readModels.ExpertReviewQueries,
  readModels.FindingQueries,
  readModels.FundsQueries,
  readModels.NotificationQueries,
  readModels.ReconciliationQueries,
  readModels.ReviewInboxQueries,
  readModels.ScoreQueries,
  readModels.SubmissionQueries,
  readModels.TaskSearchQueries,
  readModels.UserQueries,
  readModels.WarningQueries,
] as const;

/** An approval chain as configured: its scope (`plan`, `level:…`, `project:…`) and its stages. */
export interface ApprovalChainView {
  scope: string;
  stages: StageSpec[];
}

/**
 * Approval chains as the plan's stream holds them. The plan stream is small and is the one place
 * they live; a projection would copy it without a reader that needs more than this.
 */
@Injectable()
export class ApprovalChainQueries {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The plan-wide chain first, then the level and project overrides by scope. */
  async ofPlan(planId: string): Promise<ApprovalChainView[]> {
    const plan = await loadPlan(this.store, planId);
    return [...plan.approvalChains.entries()]
      .map(([scope, stages]) => ({ scope, stages }))
      .sort((a, b) => (a.scope === 'plan' ? -1 : b.scope === 'plan' ? 1 : a.scope.localeCompare(b.scope)));
  }
}

/** Providers for every view's queries; registered once where READ_MODEL_DB is. */
export const VIEW_PROVIDERS: Provider[] = [
  ...VIEW_QUERIES.map((View): Provider => ({
    provide: View,
    inject: [READ_MODEL_DB],
    useFactory: (db: Database.Database) => new View(db),
  })),
  // The audit view indexes log positions; the entries themselves are read back from the store.
  {
    provide: readModels.AuditQueries,
    inject: [READ_MODEL_DB, EVENT_STORE],
    useFactory: (db: Database.Database, store: EventStore) => new readModels.AuditQueries(db, store),
  },
  {
    provide: readModels.CampaignQueries,
    inject: [READ_MODEL_DB, EVENT_STORE],
    useFactory: (db: Database.Database, store: EventStore) => new readModels.CampaignQueries(db, store),
  },
  ApprovalChainQueries,
];

/** The tokens VIEW_PROVIDERS provide, for a module's `exports`. */
export const VIEW_TOKENS = [
  ...VIEW_QUERIES,
  readModels.AuditQueries,
  readModels.CampaignQueries,
  ApprovalChainQueries,
];
