import Decimal from 'decimal.js';
import { assertNever, eventTypesOf, evolvers, type InPlaceDecider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { requireValidSpec, type IndicatorSpec, type ScoringRule } from '../scoring/scoring';
import { defaultRuleFor, splitPoints } from './points-scheme';
import { INDICATOR_SUBCATEGORIES, type IndicatorSubcategory } from './indicators';
import { FUND_SOURCES, requireAmount } from './funds';
import { RESPONDENTS, type Respondents } from './surveys';
import type { StageSpec } from './approval-chain';
import type { AmendmentRef } from '../task/task';

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

export type PlanCommand =
  | Message<
      'CreatePlan',
      { planId: string; name: string; school: string; startYear: number; endYear: number }
    >
  | Message<'AddLevel', { planId: string; levelId: string; name: string; kind: LevelKind; weight: string }>
  | Message<'AddProject', { planId: string; projectId: string; levelId: string; code: string; name: string }>
  | Message<'DefineIndicator', IndicatorDefinition>
  | Message<'ConfigureFundSources', { planId: string; sources: string[] }>
  | Message<'ConfigureApprovalChain', { planId: string; scope: string; stages: StageSpec[] }>
  | Message<'RecordBudget', BudgetDefinition>
  /** 分值 for a whole 二级指标 of a level: split evenly, each indicator with the default rule of its target. */
  | Message<
      'ApplyPointsScheme',
      { planId: string; levelId: string; subcategory: IndicatorSubcategory; points: string }
    >;

export type PlanEvent =
  | Message<
      'PlanCreated',
      { planId: string; name: string; school: string; startYear: number; endYear: number }
    >
  | Message<'LevelAdded', { planId: string; levelId: string; name: string; kind: LevelKind; weight: string }>
  | Message<
      'ProjectAdded',
      { planId: string; projectId: string; levelId: string; code: string; name: string }
    >
  | Message<'IndicatorDefined', IndicatorDefinition>
  | Message<'FundSourcesConfigured', { planId: string; sources: string[] }>
  | Message<'ApprovalChainConfigured', { planId: string; scope: string; stages: StageSpec[] }>
  /** A later budget of the same level, kind and year supersedes the earlier one. */
  | Message<'BudgetRecorded', BudgetDefinition>
  | Message<
      'PointsSchemeApplied',
      {
        planId: string;
        levelId: string;
        subcategory: IndicatorSubcategory;
        points: string;
        indicators: { indicatorId: string; points: string; rule: ScoringRule }[];
      }
    >
  | Message<'IndicatorRevised', IndicatorRevision>
  | Message<'IndicatorWithdrawn', { planId: string; indicatorId: string; amendment: AmendmentRef }>;

export { STAGE_ROLES, type StageRole, type StageSpec } from './approval-chain';

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

export const planNotFound = (planId: string) =>
  new DomainError('not-found', 'plan-not-found', `建设方案不存在：${planId}`, { planId });

export const projectNotFound = (projectId: string) =>
  new DomainError('not-found', 'project-not-found', `项目不存在：${projectId}`, { projectId });

/** The project a task is being added to, as the plan knows it. */
export function requireProject(
  state: PlanState,
  planId: string,
  projectId: string,
): { levelId: string; code: string } {
  if (!state.exists) throw planNotFound(planId);
  const project = state.projects.get(projectId);
  if (!project) throw projectNotFound(projectId);
  return project;
}

function decide(command: PlanCommand, state: PlanState): PlanEvent[] {
  switch (command.type) {
    case 'CreatePlan': {
      const { planId, startYear, endYear } = command.data;
      if (state.exists) {
        throw new DomainError('conflict', 'plan-exists', `建设方案已存在：${planId}`, { planId });
      }
      if (!Number.isInteger(startYear) || !Number.isInteger(endYear) || startYear > endYear) {
        throw new DomainError('invalid', 'invalid-period', `建设周期不正确：${startYear}–${endYear}`);
      }
      return [
        {
          type: 'PlanCreated',
          data: {
            planId,
            name: requireText(command.data.name, '方案名称'),
            school: requireText(command.data.school, '学校名称'),
            startYear,
            endYear,
          },
        },
      ];
    }
    case 'AddLevel': {
      const { planId, levelId, kind } = command.data;
      if (!state.exists) throw planNotFound(planId);
      if (state.levels.has(levelId)) {
        throw new DomainError('conflict', 'level-exists', `层面已存在：${levelId}`, { levelId });
      }
      const weight = new Decimal(command.data.weight);
      if (!weight.isFinite() || weight.lte(0) || weight.gt(1)) {
        throw new DomainError(
          'invalid',
          'invalid-weight',
          `层面权重应大于 0 且不超过 1：${command.data.weight}`,
        );
      }
      const total = [...state.levels.values()].reduce((sum, level) => sum.plus(level.weight), weight);
      if (total.gt(1)) {
        throw new DomainError(
          'invalid',
          'weights-exceed-one',
          `各层面权重之和不能超过 1（将为 ${total.toString()}）`,
        );
      }
      return [
        {
          type: 'LevelAdded',
          data: {
            planId,
            levelId,
            name: requireText(command.data.name, '层面名称'),
            kind,
            weight: weight.toString(),
          },
        },
      ];
    }
    case 'AddProject': {
      const { planId, projectId, levelId } = command.data;
      if (!state.exists) throw planNotFound(planId);
      if (!state.levels.has(levelId)) {
        throw new DomainError('not-found', 'level-not-found', `层面不存在：${levelId}`, { levelId });
      }
      if (state.projects.has(projectId)) {
        throw new DomainError('conflict', 'project-exists', `项目已存在：${projectId}`, { projectId });
      }
      const code = requireText(command.data.code, '项目编号', 20);
      const clash = [...state.projects.values()].some((p) => p.levelId === levelId && p.code === code);
      if (clash) {
        throw new DomainError('conflict', 'project-code-taken', `本层面已有编号为「${code}」的项目`, {
          code,
        });
      }
      return [
        {
          type: 'ProjectAdded',
          data: { planId, projectId, levelId, code, name: requireText(command.data.name, '项目名称') },
        },
      ];
    }
    case 'DefineIndicator': {
      const d = command.data;
      if (!state.exists) throw planNotFound(d.planId);
      if (!state.levels.has(d.levelId)) {
        throw new DomainError('not-found', 'level-not-found', `层面不存在：${d.levelId}`, {
          levelId: d.levelId,
        });
      }
      if (!(d.subcategory in INDICATOR_SUBCATEGORIES)) {
        throw new DomainError('invalid', 'invalid-subcategory', `二级指标不存在：${String(d.subcategory)}`);
      }
      if (state.indicators.has(d.indicatorId)) {
        throw new DomainError('conflict', 'indicator-exists', `指标已存在：${d.indicatorId}`);
      }
      const code = requireText(d.code, '指标编号', 30);
      const clash = [...state.indicators.values()].some((i) => i.levelId === d.levelId && i.code === code);
      if (clash)
        throw new DomainError('conflict', 'indicator-code-taken', `本层面已有编号为「${code}」的指标`, {
          code,
        });
      requireValidSpec(d);
      if (d.feed && (!RESPONDENTS.includes(d.feed.survey) || d.target.kind !== 'numeric')) {
        throw new DomainError(
          'invalid',
          'invalid-feed',
          `取自满意度调查的指标须为数值型目标，调查对象应为：${RESPONDENTS.join('、')}`,
        );
      }
      if (d.sourceKey !== undefined && !/^\S{1,200}$/.test(d.sourceKey)) {
        throw new DomainError(
          'invalid',
          'invalid-source-key',
          `来源编号应为 1–200 个不含空白的字符：${d.sourceKey}`,
        );
      }
      return [
        {
          type: 'IndicatorDefined',
          data: {
            ...d,
            code,
            name: requireText(d.name, '指标名称'),
            group: {
              code: requireText(d.group.code, '三级指标编号', 30),
              name: requireText(d.group.name, '三级指标名称'),
            },
          },
        },
      ];
    }
    case 'ConfigureFundSources': {
      if (!state.exists) throw planNotFound(command.data.planId);
      const sources = command.data.sources.map((source) => requireText(source, '资金来源', 20));
      if (sources.length === 0 || sources.length > 10 || new Set(sources).size !== sources.length) {
        throw new DomainError('invalid', 'invalid-fund-sources', '资金来源应为 1–10 个互不相同的名称。');
      }
      return [{ type: 'FundSourcesConfigured', data: { planId: command.data.planId, sources } }];
    }
    case 'ConfigureApprovalChain': {
      const { planId, scope, stages } = command.data;
      if (!state.exists) throw planNotFound(planId);
      const [kind, id] = scope === 'plan' || scope === 'rectification' ? ['plan', ''] : scope.split(':');
      const known =
        kind === 'plan' ||
        (kind === 'level' && state.levels.has(id)) ||
        (kind === 'project' && state.projects.has(id));
      if (!known)
        throw new DomainError('not-found', 'invalid-chain-scope', `审核流程的适用范围不存在：${scope}`);
      if (stages.length === 0 || stages.length > 6) {
        throw new DomainError('invalid', 'invalid-chain', '审核流程应有 1–6 级。');
      }
      stages.forEach((stage, i) => {
        requireText(stage.name, `第 ${i + 1} 级名称`, 50);
        if (stage.reviewers.roles.length === 0 && stage.reviewers.users.length === 0) {
          throw new DomainError('invalid', 'invalid-chain', `第 ${i + 1} 级没有指定审核人（角色或人员）。`);
        }
        if (stage.rule.kind === 'share' && !(Number(stage.rule.share) > 0 && Number(stage.rule.share) <= 1)) {
          throw new DomainError('invalid', 'invalid-share', '按比例会签的比例应大于 0 且不超过 1。');
        }
      });
      return [{ type: 'ApprovalChainConfigured', data: { planId, scope, stages } }];
    }
    case 'RecordBudget':
      return [{ type: 'BudgetRecorded', data: requireBudget(command.data, state) }];
    case 'ApplyPointsScheme': {
      const { planId, levelId, subcategory } = command.data;
      if (!state.exists) throw planNotFound(planId);
      if (!state.levels.has(levelId)) {
        throw new DomainError('not-found', 'level-not-found', `层面不存在：${levelId}`, { levelId });
      }
      if (!(subcategory in INDICATOR_SUBCATEGORIES)) {
        throw new DomainError('invalid', 'invalid-subcategory', `二级指标不存在：${String(subcategory)}`);
      }
      const points = requireValidSpec({
        points: command.data.points,
        target: { kind: 'qualitative', text: '-' },
        rule: { kind: 'manual' },
      }).points;
      const indicators = [...state.indicators.values()].filter(
        (i) => i.levelId === levelId && i.subcategory === subcategory && i.kind !== 'achievement',
      );
      if (indicators.length === 0) {
        throw new DomainError(
          'not-found',
          'no-indicators',
          `该层面没有「${INDICATOR_SUBCATEGORIES[subcategory].name}」下的指标，无法设置分值。`,
        );
      }
      const shares = splitPoints(points, indicators.length);
      return [
        {
          type: 'PointsSchemeApplied',
          data: {
            planId,
            levelId,
            subcategory,
            points: new Decimal(points).toString(),
            indicators: indicators.map((i, n) => {
              const rule = defaultRuleFor(subcategory, i.target);
              requireValidSpec({ points: shares[n], target: i.target, rule });
              return { indicatorId: i.indicatorId, points: shares[n], rule };
            }),
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function requireBudget(b: BudgetDefinition, state: PlanState): BudgetDefinition {
  if (!state.exists) throw planNotFound(b.planId);
  if (!state.levels.has(b.levelId)) {
    throw new DomainError('not-found', 'level-not-found', `层面不存在：${b.levelId}`, { levelId: b.levelId });
  }
  if (b.kind === 'annual') {
    if (
      b.year === undefined ||
      !Number.isInteger(b.year) ||
      b.year < state.startYear ||
      b.year > state.endYear
    ) {
      throw new DomainError(
        'invalid',
        'year-outside-plan',
        `年度预算的年度应在建设周期 ${state.startYear}–${state.endYear} 内`,
      );
    }
  } else if (b.year !== undefined) {
    throw new DomainError('invalid', 'invalid-budget', '项目总预算不分年度。');
  }
  if (b.lines.length === 0 || b.lines.length > 1000) {
    throw new DomainError('invalid', 'invalid-budget', '预算应有 1–1000 行。');
  }
  const keys = new Set<string>();
  const lines = b.lines.map((line) => {
    if (keys.has(line.sourceKey)) {
      throw new DomainError('invalid', 'invalid-budget', `预算中来源编号重复：${line.sourceKey}`);
    }
    keys.add(line.sourceKey);
    if (line.projectId !== undefined && state.projects.get(line.projectId)?.levelId !== b.levelId) {
      throw projectNotFound(line.projectId);
    }
    const amounts: Record<string, string> = {};
    for (const [source, value] of Object.entries(line.amounts)) {
      if (!state.fundSources.includes(source)) {
        throw new DomainError(
          'invalid',
          'invalid-fund-source',
          `资金来源应为：${state.fundSources.join('、')}`,
        );
      }
      amounts[source] = requireAmount(value, `${line.secondaryTask} 的${source}预算`);
    }
    return {
      sourceKey: requireText(line.sourceKey, '来源编号', 200),
      primaryTask: requireText(line.primaryTask, '一级任务', 200),
      secondaryTask: requireText(line.secondaryTask, '二级任务', 200),
      ...(line.projectId !== undefined ? { projectId: line.projectId } : {}),
      amounts,
    };
  });
  return {
    planId: b.planId,
    levelId: b.levelId,
    kind: b.kind,
    ...(b.year !== undefined ? { year: b.year } : {}),
    lines,
  };
}

/** The chain for a task: its project's, else its level's, else the plan's. */
export function approvalChainFor(state: PlanState, levelId: string, projectId: string): StageSpec[] {
  return (
    state.approvalChains.get(`project:${projectId}`) ??
    state.approvalChains.get(`level:${levelId}`) ??
    state.approvalChains.get('plan') ??
    []
  );
}

export const indicatorNotFound = (indicatorId: string) =>
  new DomainError('not-found', 'indicator-not-found', `指标不存在：${indicatorId}`, { indicatorId });

/** One event folded into a plan state the caller owns: its maps grow in place. */
function evolveInPlace(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated':
      state.exists = true;
      state.planId = event.data.planId;
      state.startYear = event.data.startYear;
      state.endYear = event.data.endYear;
      return state;
    case 'LevelAdded':
      state.levels.set(event.data.levelId, { kind: event.data.kind, weight: event.data.weight });
      return state;
    case 'ProjectAdded':
      state.projects.set(event.data.projectId, { levelId: event.data.levelId, code: event.data.code });
      return state;
    case 'IndicatorDefined':
      state.indicators.set(event.data.indicatorId, event.data);
      return state;
    case 'FundSourcesConfigured':
      state.fundSources = event.data.sources;
      return state;
    case 'ApprovalChainConfigured':
      state.approvalChains.set(event.data.scope, event.data.stages);
      return state;
    case 'BudgetRecorded':
      state.budgets.set(budgetKey(event.data), event.data);
      return state;
    case 'PointsSchemeApplied':
      // Definitions are shared between copies: replaced, never changed in place.
      for (const { indicatorId, points, rule } of event.data.indicators) {
        const definition = state.indicators.get(indicatorId);
        if (definition) state.indicators.set(indicatorId, { ...definition, points, rule });
      }
      return state;
    case 'IndicatorRevised': {
      const { indicatorId, name, target, rule, sourceKey } = event.data;
      const before = state.indicators.get(indicatorId);
      if (before) {
        state.indicators.set(indicatorId, {
          ...before,
          name,
          target,
          rule,
          ...(sourceKey ? { sourceKey } : {}),
        });
      }
      return state;
    }
    case 'IndicatorWithdrawn':
      // Withdrawn indicators take no new values; their history stays in the read models.
      state.indicators.delete(event.data.indicatorId);
      return state;
    default:
      return assertNever(event);
  }
}

/** A copy whose maps are its own; the entries (definitions, chains) are never changed in place. */
function copyPlan(state: PlanState): PlanState {
  return {
    ...state,
    levels: new Map(state.levels),
    projects: new Map(state.projects),
    indicators: new Map(state.indicators),
    approvalChains: new Map(state.approvalChains),
    budgets: new Map(state.budgets),
  };
}

export const planDecider: InPlaceDecider<PlanState, PlanCommand, PlanEvent> = {
  initialState: () => ({
    exists: false,
    planId: '',
    startYear: 0,
    endYear: 0,
    levels: new Map(),
    projects: new Map(),
    indicators: new Map(),
    fundSources: FUND_SOURCES,
    approvalChains: new Map(),
    budgets: new Map(),
  }),
  ...evolvers(copyPlan, evolveInPlace),
  decide,
  eventTypes: eventTypesOf<PlanEvent>({
    PlanCreated: true,
    LevelAdded: true,
    ProjectAdded: true,
    IndicatorDefined: true,
    FundSourcesConfigured: true,
    ApprovalChainConfigured: true,
    BudgetRecorded: true,
    PointsSchemeApplied: true,
    IndicatorRevised: true,
    IndicatorWithdrawn: true,
  }),
};
