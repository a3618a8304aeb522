import { assertNever } from '../shared/decider';
import { FUND_SOURCES } from './funds';
import type { StageSpec } from './approval-chain';
import { budgetKey, type PlanEvent, type PlanState } from './messages';

/* The plan's state, folded from its events. */

export const initialPlanState = (): PlanState => ({
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
});

/** One event folded into a plan state the caller owns: its maps grow in place. */
export function evolvePlanInPlace(state: PlanState, event: PlanEvent): PlanState {
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
export function copyPlan(state: PlanState): PlanState {
  return {
    ...state,
    levels: new Map(state.levels),
    projects: new Map(state.projects),
    indicators: new Map(state.indicators),
    approvalChains: new Map(state.approvalChains),
    budgets: new Map(state.budgets),
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
