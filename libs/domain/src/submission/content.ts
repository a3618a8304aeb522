import { DomainError } from '../shared/domain-error';
import { assessIndicator } from '../scoring/scoring';
import type { PlanFit, SubmissionContent } from './messages';

/**
 * Facts reported must fit the plan when they are submitted, not fail at the final approval: each
 * indicator value names an indicator of the task's 层面 and is a value that indicator can take;
 * each achievement names a 层面 of the plan.
 */
export function requireFitsPlan(content: SubmissionContent, plan: PlanFit): void {
  for (const value of content.indicatorValues ?? []) {
    const indicator = plan.indicators.get(value.indicatorId);
    if (!indicator || indicator.levelId !== plan.levelId) {
      throw new DomainError(
        'invalid',
        'indicator-not-of-level',
        `指标 ${value.indicatorId} 不属于该任务所在层面。`,
      );
    }
    assessIndicator(indicator, value.actual);
  }
  for (const achievement of content.achievements ?? []) {
    if (!plan.levelIds.includes(achievement.levelId)) {
      throw new DomainError('not-found', 'level-not-found', `层面不存在：${achievement.levelId}`);
    }
  }
}
