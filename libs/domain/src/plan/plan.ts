import Decimal from 'decimal.js';
import { assertNever, eventTypesOf, evolvers, type InPlaceDecider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { requireValidSpec } from '../scoring/scoring';
import { defaultRuleFor, splitPoints } from './points-scheme';
import { INDICATOR_SUBCATEGORIES } from './indicators';
import type { PlanCommand, PlanEvent, PlanState } from './messages';
import {
  requireApprovalChain,
  requireBudget,
  requireFundSources,
  requireIndicatorDefinition,
  requireLevel,
  requireLevelWeight,
  requirePlan,
  requireSubcategory,
} from './rules';
import { copyPlan, evolvePlanInPlace, initialPlanState } from './state';

export * from './messages';
export { STAGE_ROLES, type StageRole, type StageSpec } from './approval-chain';
export { indicatorNotFound, planNotFound, projectNotFound, requireProject } from './rules';
export { approvalChainFor } from './state';

export const planStream = (planId: string): string => `plan-${planId}`;

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
      requirePlan(state, planId);
      if (state.levels.has(levelId)) {
        throw new DomainError('conflict', 'level-exists', `层面已存在：${levelId}`, { levelId });
      }
      const weight = requireLevelWeight(state, command.data.weight);
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
      requireLevel(state, planId, levelId);
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
    case 'DefineIndicator':
      return [{ type: 'IndicatorDefined', data: requireIndicatorDefinition(state, command.data) }];
    case 'ConfigureFundSources': {
      requirePlan(state, command.data.planId);
      const sources = requireFundSources(command.data.sources);
      return [{ type: 'FundSourcesConfigured', data: { planId: command.data.planId, sources } }];
    }
    case 'ConfigureApprovalChain': {
      const { planId, scope, stages } = command.data;
      requirePlan(state, planId);
      requireApprovalChain(state, scope, stages);
      return [{ type: 'ApprovalChainConfigured', data: { planId, scope, stages } }];
    }
    case 'RecordBudget':
      return [{ type: 'BudgetRecorded', data: requireBudget(command.data, state) }];
    case 'ApplyPointsScheme': {
      const { planId, levelId, subcategory } = command.data;
      requireLevel(state, planId, levelId);
      requireSubcategory(subcategory);
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

export const planDecider: InPlaceDecider<PlanState, PlanCommand, PlanEvent> = {
  initialState: initialPlanState,
  ...evolvers(copyPlan, evolvePlanInPlace),
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
