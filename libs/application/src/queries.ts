import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  CompletionQueries,
  completionProjection,
  ProjectionViewCache,
  AchievementQueries,
  FundsQueries,
  earlyWarnings,
  type EarlyWarning,
  type WarningThresholds,
  ReconciliationQueries,
  type FundsView,
  ScoreQueries,
  type Reconciliation,
  type AsOf,
  type PlanCompletionView,
  type ProjectCompletionView,
  type ScoreReport,
  type TaskView,
} from '@sg/read-models';
import type Database from 'better-sqlite3';
import { READ_MODEL_DB } from './tokens';

export class GetTask extends Query<TaskView | undefined> {
  constructor(readonly taskId: string) {
    super();
  }
}

export class GetProjectCompletion extends Query<ProjectCompletionView | undefined> {
  constructor(readonly projectId: string) {
    super();
  }
}

export class GetPlan extends Query<ReturnType<CompletionQueries['plan']>> {
  constructor(readonly planId: string) {
    super();
  }
}

@QueryHandler(GetTask)
export class GetTaskHandler implements IQueryHandler<GetTask> {
  private readonly queries: CompletionQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new CompletionQueries(db);
  }
  execute({ taskId }: GetTask): Promise<TaskView | undefined> {
    return Promise.resolve(this.queries.task(taskId));
  }
}

@QueryHandler(GetProjectCompletion)
export class GetProjectCompletionHandler implements IQueryHandler<GetProjectCompletion> {
  private readonly queries: CompletionQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new CompletionQueries(db);
  }
  execute({ projectId }: GetProjectCompletion): Promise<ProjectCompletionView | undefined> {
    return Promise.resolve(this.queries.project(projectId));
  }
}

@QueryHandler(GetPlan)
export class GetPlanHandler implements IQueryHandler<GetPlan> {
  private readonly queries: CompletionQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new CompletionQueries(db);
  }
  execute({ planId }: GetPlan): Promise<ReturnType<CompletionQueries['plan']>> {
    return Promise.resolve(this.queries.plan(planId));
  }
}

export class GetScoreReport extends Query<ScoreReport> {
  constructor(
    readonly planId: string,
    readonly asOf: AsOf,
  ) {
    super();
  }
}

@QueryHandler(GetScoreReport)
export class GetScoreReportHandler implements IQueryHandler<GetScoreReport> {
  private readonly queries: ScoreQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new ScoreQueries(db);
  }
  execute({ planId, asOf }: GetScoreReport): Promise<ScoreReport> {
    return Promise.resolve(this.queries.report(planId, asOf));
  }
}

export class GetPlanCompletion extends Query<PlanCompletionView> {
  constructor(
    readonly planId: string,
    readonly asOf: AsOf,
  ) {
    super();
  }
}

@QueryHandler(GetPlanCompletion)
export class GetPlanCompletionHandler implements IQueryHandler<GetPlanCompletion> {
  private readonly queries: CompletionQueries;
  private readonly cache: ProjectionViewCache<PlanCompletionView>;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new CompletionQueries(db);
    this.cache = new ProjectionViewCache(db, completionProjection.name);
  }
  execute({ planId, asOf }: GetPlanCompletion): Promise<PlanCompletionView> {
    const key = JSON.stringify([planId, asOf.cutoff, asOf.knownAt, asOf.position]);
    return Promise.resolve(this.cache.get(key, () => this.queries.planCompletion(planId, asOf)));
  }
}

export class GetReconciliation extends Query<Reconciliation[]> {
  constructor(readonly planId: string) {
    super();
  }
}

@QueryHandler(GetReconciliation)
export class GetReconciliationHandler implements IQueryHandler<GetReconciliation> {
  private readonly queries: ReconciliationQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new ReconciliationQueries(db);
  }
  execute({ planId }: GetReconciliation): Promise<Reconciliation[]> {
    return Promise.resolve(this.queries.reconcile(planId));
  }
}

export class GetFunds extends Query<FundsView> {
  constructor(
    readonly planId: string,
    readonly asOf: AsOf,
  ) {
    super();
  }
}

@QueryHandler(GetFunds)
export class GetFundsHandler implements IQueryHandler<GetFunds> {
  private readonly queries: FundsQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new FundsQueries(db);
  }
  execute({ planId, asOf }: GetFunds): Promise<FundsView> {
    return Promise.resolve(this.queries.funds(planId, asOf));
  }
}

export class GetAchievements extends Query<ReturnType<AchievementQueries['byLevel']>> {
  constructor(
    readonly planId: string,
    readonly asOf: AsOf,
  ) {
    super();
  }
}

@QueryHandler(GetAchievements)
export class GetAchievementsHandler implements IQueryHandler<GetAchievements> {
  private readonly queries: AchievementQueries;
  constructor(@Inject(READ_MODEL_DB) db: Database.Database) {
    this.queries = new AchievementQueries(db);
  }
  execute({ planId, asOf }: GetAchievements): Promise<ReturnType<AchievementQueries['byLevel']>> {
    return Promise.resolve(this.queries.byLevel(planId, asOf));
  }
}

export class GetEarlyWarnings extends Query<EarlyWarning[]> {
  constructor(
    readonly planId: string,
    readonly asOf: AsOf,
    readonly today: string,
    readonly thresholds?: WarningThresholds,
  ) {
    super();
  }
}

@QueryHandler(GetEarlyWarnings)
export class GetEarlyWarningsHandler implements IQueryHandler<GetEarlyWarnings> {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database.Database) {}
  execute({ planId, asOf, today, thresholds }: GetEarlyWarnings): Promise<EarlyWarning[]> {
    return Promise.resolve(earlyWarnings(this.db, planId, asOf, today, thresholds));
  }
}
