import type { Message } from '../shared/decider';
import type { IndicatorSpec, ScoringRule } from '../scoring/scoring';
import type { IndicatorSubcategory } from './indicators';
import type { Respondents } from './surveys';
import type { StageSpec } from './approval-chain';
import type { AmendmentRef } from '../task/task';

/* The plan's commands, events and state: what its decider reads and writes. */

/** What an amendment changes in an indicator; what it does not name stays as it was. */
export interface IndicatorRevision {
  planId: string;
  indicatorId: string;
  name: string;
  target: IndicatorSpec['target'];
  rule: IndicatorSpec['rule'];
  sourceKey?: string;
  amendment: AmendmentRef;
}

export interface IndicatorDefinition extends IndicatorSpec {
  planId: string;
  indicatorId: string;
  levelId: string;
  subcategory: IndicatorSubcategory;
  /** 三级: the row of the report's table (e.g. 1.1.1 打造技术技能人才培养高地, or 标志性成果). */
  group: { code: string; name: string };
  /** 四级: the concrete indicator (e.g. 1.1.1.1 思政课程建设项目). */
  code: string;
  name: string;
  /**
   * An achievement row (标志性成果) is scored with its tier but, as the national tables print it,
   * not counted in 指标数 or 完成数.
   */
  kind?: 'indicator' | 'achievement';
  /** Where the actual value comes from when it is another recorded fact: a satisfaction survey. */
  feed?: { survey: Respondents };
  /** The 任务书 row the indicator was made from (ADR 0024, 0025): amendments match on it. */
  sourceKey?: string;
  /** Set for an indicator an approved amendment added: it counts from the effective date. */
  amendment?: AmendmentRef;
}

/** One 建设任务 line of a 任务书 budget (1-4 总预算 or 1-5 年度预算), 万元 per 资金来源 name. */
export interface BudgetLine {
  /** Stable across revisions of the 任务书 (ADR 0024), e.g. `1:2.1`. */
  sourceKey: string;
  primaryTask: string;
  secondaryTask: string;
  /** The project the 一级任务 became, when it is one. */
  projectId?: string;
  amounts: Record<string, string>;
}

export interface BudgetDefinition {
  planId: string;
  levelId: string;
  kind: 'total' | 'annual';
  /** The 年度预算's year; absent for the 总预算. */
  year?: number;
  lines: BudgetLine[];
}

export const budgetKey = (b: { levelId: string; kind: string; year?: number }): string =>
  `${b.levelId}|${b.kind}|${b.year ?? ''}`;

export type LevelKind = 'school' | 'group';

interface PlanFields {
  planId: string;
  name: string;
  school: string;
  startYear: number;
  endYear: number;
}
interface LevelFields {
  planId: string;
  levelId: string;
  name: string;
  kind: LevelKind;
  weight: string;
}
interface ProjectFields {
  planId: string;
  projectId: string;
  levelId: string;
  code: string;
  name: string;
}
interface ChainFields {
  planId: string;
  scope: string;
  stages: StageSpec[];
}
interface PointsSchemeFields {
  planId: string;
  levelId: string;
  subcategory: IndicatorSubcategory;
  points: string;
}

export type PlanCommand =
  | Message<'CreatePlan', PlanFields>
  | Message<'AddLevel', LevelFields>
  | Message<'AddProject', ProjectFields>
  | Message<'DefineIndicator', IndicatorDefinition>
  | Message<'ConfigureFundSources', { planId: string; sources: string[] }>
  | Message<'ConfigureApprovalChain', ChainFields>
  | Message<'RecordBudget', BudgetDefinition>
  /** 分值 for a whole 二级指标 of a level: split evenly, each indicator with the default rule of its target. */
  | Message<'ApplyPointsScheme', PointsSchemeFields>;

export type PlanEvent =
  | Message<'PlanCreated', PlanFields>
  | Message<'LevelAdded', LevelFields>
  | Message<'ProjectAdded', ProjectFields>
  | Message<'IndicatorDefined', IndicatorDefinition>
  | Message<'FundSourcesConfigured', { planId: string; sources: string[] }>
  | Message<'ApprovalChainConfigured', ChainFields>
  /** A later budget of the same level, kind and year supersedes the earlier one. */
  | Message<'BudgetRecorded', BudgetDefinition>
  | Message<
      'PointsSchemeApplied',
      PointsSchemeFields & { indicators: { indicatorId: string; points: string; rule: ScoringRule }[] }
    >
  | Message<'IndicatorRevised', IndicatorRevision>
  | Message<'IndicatorWithdrawn', { planId: string; indicatorId: string; amendment: AmendmentRef }>;

export interface PlanState {
  exists: boolean;
  planId: string;
  startYear: number;
  endYear: number;
  levels: Map<string, { kind: LevelKind; weight: string }>;
  projects: Map<string, { levelId: string; code: string }>;
  indicators: Map<string, IndicatorDefinition>;
  /** 资金来源: the national template's five unless the plan configured its own. */
  fundSources: readonly string[];
  /** Approval chains by scope: `plan`, `level:<id>` or `project:<id>` (the narrowest applies). */
  approvalChains: Map<string, StageSpec[]>;
  /** Budgets by `budgetKey`: the standing one of each level, kind and year. */
  budgets: Map<string, BudgetDefinition>;
}

export const planStream = (planId: string): string => `plan-${planId}`;
