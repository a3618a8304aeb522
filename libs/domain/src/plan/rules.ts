import Decimal from 'decimal.js';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { requireValidSpec } from '../scoring/scoring';
import { INDICATOR_SUBCATEGORIES, type IndicatorSubcategory } from './indicators';
import { requireAmount } from './funds';
import { RESPONDENTS } from './surveys';
import type { StageSpec } from './approval-chain';
import type { BudgetDefinition, IndicatorDefinition, PlanState } from './messages';

/* What the plan's facts must satisfy before they are recorded: each rule refuses with its own code. */

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

export const indicatorNotFound = (indicatorId: string) =>
  new DomainError('not-found', 'indicator-not-found', `指标不存在：${indicatorId}`, { indicatorId });

/** The plan exists: every command but CreatePlan needs it. */
export function requirePlan(state: PlanState, planId: string): void {
  if (!state.exists) throw planNotFound(planId);
}

/** The level exists in the plan. */
export function requireLevel(state: PlanState, planId: string, levelId: string): void {
  requirePlan(state, planId);
  if (!state.levels.has(levelId)) {
    throw new DomainError('not-found', 'level-not-found', `层面不存在：${levelId}`, { levelId });
  }
}

export function requireSubcategory(subcategory: IndicatorSubcategory): void {
  if (!(subcategory in INDICATOR_SUBCATEGORIES)) {
    throw new DomainError('invalid', 'invalid-subcategory', `二级指标不存在：${String(subcategory)}`);
  }
}

/** A level's weight: above 0, at most 1, and the plan's weights together at most 1. */
export function requireLevelWeight(state: PlanState, value: string): Decimal {
  const weight = new Decimal(value);
  if (!weight.isFinite() || weight.lte(0) || weight.gt(1)) {
    throw new DomainError('invalid', 'invalid-weight', `层面权重应大于 0 且不超过 1：${value}`);
  }
  const total = [...state.levels.values()].reduce((sum, level) => sum.plus(level.weight), weight);
  if (total.gt(1)) {
    throw new DomainError(
      'invalid',
      'weights-exceed-one',
      `各层面权重之和不能超过 1（将为 ${total.toString()}）`,
    );
  }
  return weight;
}

/** An indicator as it is recorded: its level and 二级指标 known, its code unique in the level. */
export function requireIndicatorDefinition(state: PlanState, d: IndicatorDefinition): IndicatorDefinition {
  requireLevel(state, d.planId, d.levelId);
  requireSubcategory(d.subcategory);
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
  return {
    ...d,
    code,
    name: requireText(d.name, '指标名称'),
    group: {
      code: requireText(d.group.code, '三级指标编号', 30),
      name: requireText(d.group.name, '三级指标名称'),
    },
  };
}

export function requireFundSources(sources: string[]): string[] {
  const names = sources.map((source) => requireText(source, '资金来源', 20));
  if (names.length === 0 || names.length > 10 || new Set(names).size !== names.length) {
    throw new DomainError('invalid', 'invalid-fund-sources', '资金来源应为 1–10 个互不相同的名称。');
  }
  return names;
}

/** An approval chain: a scope the plan knows, 1–6 named stages, each with reviewers. */
export function requireApprovalChain(state: PlanState, scope: string, stages: StageSpec[]): void {
  const [kind, id] = scope === 'plan' || scope === 'rectification' ? ['plan', ''] : scope.split(':');
  const known =
    kind === 'plan' ||
    (kind === 'level' && state.levels.has(id)) ||
    (kind === 'project' && state.projects.has(id));
  if (!known) throw new DomainError('not-found', 'invalid-chain-scope', `审核流程的适用范围不存在：${scope}`);
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
}

/** A budget within the plan's years, its lines unique, its amounts in the plan's 资金来源. */
export function requireBudget(b: BudgetDefinition, state: PlanState): BudgetDefinition {
  requireLevel(state, b.planId, b.levelId);
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
