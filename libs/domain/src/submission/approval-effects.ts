import { achievementDecider, achievementStream, type AchievementEvent } from '../plan/achievements';
import { indicatorStream, indicatorValueDecider, type IndicatorValueEvent } from '../plan/indicator-values';
import { indicatorNotFound, planNotFound, type PlanState } from '../plan/plan';
import { DomainError } from '../shared/domain-error';
import type { FactDateBounds } from '../shared/effective-date';
import { taskDecider, taskStream, type TaskEvent } from '../task/task';
import type { SubmissionEvent } from './submission';

export type SubmissionApproved = Extract<SubmissionEvent, { type: 'SubmissionApproved' }>['data'];

/** What a final approval finds when it takes effect. */
export interface ApprovalFacts {
  /** The plan of the approved submission's task, as its stream stood at the approval. */
  plan: PlanState;
  /** Bounds of effective dates, with `today` the approval's calendar date. */
  dates: FactDateBounds;
  /** One id per achievement the submission claims, derived from the approval and the step. */
  achievementIds: readonly string[];
  /** A task broken into 子项目 takes its completion from them, never a report of its own. */
  taskHasSubprojects: boolean;
}

export const taskHasSubprojects = () =>
  new DomainError(
    'conflict',
    'task-has-subprojects',
    '该任务已分解为子项目，完成度由子项目汇总，请在子项目上填报进展。',
  );

/**
 * One fact that follows from the approval. `step` names it within the approval (the idempotency
 * step of the commands that recorded it before ADR 0021, so the derived event ids stay the
 * same); `once` says how it is appended exactly once: as the first event of a stream of its own,
 * or as an event with a derived id in a stream it shares with others.
 */
export type ApprovalEffect =
  | { step: `indicator:${number}`; once: 'event'; stream: string; event: IndicatorValueEvent }
  | { step: `achievement:${number}`; once: 'stream'; stream: string; event: AchievementEvent }
  | { step: 'progress'; once: 'event'; stream: string; event: TaskEvent };

/** The idempotency key of an approval's effects: one per submission version. */
export const approvalKey = (approved: { submissionId: string; version: number }): string =>
  `approval:${approved.submissionId}:${approved.version}`;

/**
 * The facts a final approval makes count: its indicator values, its achievements, then the task's
 * progress. Each passes the decider that records such a fact by hand (dates within the plan and
 * not after the approval's day plus the tolerance, values fitting the indicator's rule), so an
 * approved report records nothing a direct entry could not.
 */
export function approvalEffects(approved: SubmissionApproved, facts: ApprovalFacts): ApprovalEffect[] {
  const { plan, dates } = facts;
  if (!plan.exists) throw planNotFound(plan.planId);
  if (facts.taskHasSubprojects) throw taskHasSubprojects();
  const { completion, effectiveDate, narrative, indicatorValues = [], achievements = [] } = approved.content;
  const effects: ApprovalEffect[] = [];
  for (const [i, value] of indicatorValues.entries()) {
    const indicator = plan.indicators.get(value.indicatorId);
    if (!indicator) throw indicatorNotFound(value.indicatorId);
    const { points, target, rule } = indicator;
    const [event] = indicatorValueDecider.decide(
      {
        type: 'RecordIndicatorValue',
        data: {
          indicatorId: value.indicatorId,
          planId: plan.planId,
          spec: { points, target, rule },
          actual: value.actual,
          effectiveDate: value.effectiveDate,
          dates,
        },
      },
      indicatorValueDecider.initialState(),
    );
    effects.push({
      step: `indicator:${i}`,
      once: 'event',
      stream: indicatorStream(value.indicatorId),
      event,
    });
  }
  for (const [i, achievement] of achievements.entries()) {
    const achievementId = facts.achievementIds[i];
    const [event] = achievementDecider.decide(
      {
        type: 'RecordAchievement',
        data: {
          ...achievement,
          achievementId,
          planId: plan.planId,
          taskIds: [approved.taskId],
          levels: [...plan.levels.keys()],
          dates,
        },
      },
      achievementDecider.initialState(),
    );
    effects.push({
      step: `achievement:${i}`,
      once: 'stream',
      stream: achievementStream(achievementId),
      event,
    });
  }
  // The task exists and has an owner: a submission is only made against an assigned task, and an
  // owner is never removed (only changed), so whoever it is now, there is one.
  const [progress] = taskDecider.decide(
    {
      type: 'RecordTaskProgress',
      data: {
        taskId: approved.taskId,
        completion,
        effectiveDate,
        note: narrative,
        dates,
        entry: { kind: 'approved-submission' },
      },
    },
    { ...taskDecider.initialState(), exists: true, ownerId: 'assigned' },
  );
  effects.push({ step: 'progress', once: 'event', stream: taskStream(approved.taskId), event: progress });
  return effects;
}
