import { assertNever, eventTypesOf, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { holds, mayWrite, type Standing } from '../user/standing';
import { planStream, type IndicatorDefinition, type PlanEvent } from '../plan/plan';
import { taskStream, type AmendmentRef, type TaskEvent } from '../task/task';
import type { ScoringRule, Target } from '../scoring/scoring';
import { sameTarget } from './diff';
import { defaultEffectiveDate, requireAmendmentDate, type PlanPeriod } from './amendment-date';

/** A task as it stood when the amendment was proposed: approval checks it still stands so. */
export interface TaskSnapshot {
  title: string;
  year?: number;
  dueDate: string;
  sourceKey?: string;
}

export interface IndicatorSnapshot {
  code: string;
  name: string;
  target: Target;
  rule: ScoringRule;
  sourceKey?: string;
}

/** One change an amendment makes to a task, resolved against the plan when it is proposed. */
export type TaskChange =
  | {
      kind: 'add';
      taskId: string;
      projectId: string;
      /** Absent: the new task is 未分配, like its 二级任务's tasks, until an owner is assigned. */
      ownerId?: string;
      title: string;
      year: number;
      dueDate: string;
      primaryTask: string;
      secondaryTask: string;
      sourceKey: string;
    }
  | {
      kind: 'revise';
      taskId: string;
      before: TaskSnapshot;
      after: Required<Omit<TaskSnapshot, 'year'>> & { year: number };
    }
  | { kind: 'withdraw'; taskId: string; before: TaskSnapshot };

export type IndicatorChange =
  | { kind: 'add'; definition: Omit<IndicatorDefinition, 'amendment'> }
  | { kind: 'revise'; indicatorId: string; before: IndicatorSnapshot; after: IndicatorSnapshot }
  | { kind: 'withdraw'; indicatorId: string; before: IndicatorSnapshot };

export interface AmendmentChanges {
  tasks: TaskChange[];
  indicators: IndicatorChange[];
}

/** The plan's tasks and indicators as their streams say at approval. */
export interface PlanNow {
  tasks: Record<string, (TaskSnapshot & { withdrawn: boolean }) | undefined>;
  indicators: Record<string, IndicatorSnapshot | undefined>;
}

export type AmendmentCommand =
  | Message<
      'ProposeAmendment',
      {
        amendmentId: string;
        planId: string;
        reason: string;
        file: { name: string; sha256: string };
        changes: AmendmentChanges;
        proposer: Standing;
        /** 生效日期 the office chose; absent, it is set at approval (defaultEffectiveDate). */
        effectiveDate?: string;
        period: PlanPeriod;
      }
    >
  | Message<
      'ApproveAmendment',
      {
        amendmentId: string;
        approver: Standing;
        /** Today in the plan's time zone: the 生效日期 when the proposal named none and today is in the period. */
        today: string;
        period: PlanPeriod;
        now: PlanNow;
        /** The owners of the tasks it adds, as their streams say now. */
        owners: Standing[];
      }
    >
  | Message<'RejectAmendment', { amendmentId: string; actor: Standing; reason: string }>;

export type AmendmentProposed = {
  amendmentId: string;
  planId: string;
  reason: string;
  file: { name: string; sha256: string };
  changes: AmendmentChanges;
  proposedBy: string;
  /** The date the changes take effect, as the office chose it (within the plan's years). */
  effectiveDate?: string;
};
export type AmendmentApproved = {
  amendmentId: string;
  planId: string;
  reason: string;
  changes: AmendmentChanges;
  approvedBy: string;
  effectiveDate: string;
};

export type AmendmentEvent =
  | Message<'AmendmentProposed', AmendmentProposed>
  | Message<'AmendmentApproved', AmendmentApproved>
  | Message<'AmendmentRejected', { amendmentId: string; planId: string; rejectedBy: string; reason: string }>;

export interface AmendmentState {
  status: 'none' | 'proposed' | 'approved' | 'rejected';
  proposed?: AmendmentProposed;
}

export const amendmentStream = (amendmentId: string): string => `amendment-${amendmentId}`;

/** The 建设办 of the plan (or of every plan), with an active account that may write. */
export const isPlanOffice = (standing: Standing, planId: string): boolean =>
  mayWrite(standing) && (holds(standing, 'office', '*') || holds(standing, 'office', `plan:${planId}`));

const notOffice = () =>
  new DomainError(
    'forbidden',
    'amendment-not-office',
    '只有本方案的建设办（项目办）可以提出或审核任务调整。',
  );

export const amendmentNotFound = (amendmentId: string) =>
  new DomainError('not-found', 'amendment-not-found', `任务调整不存在：${amendmentId}`, { amendmentId });

export const countChanges = (changes: AmendmentChanges): number =>
  changes.tasks.length + changes.indicators.length;

/** The first task or indicator that no longer stands as the proposal saw it, in words. */
function staleness(changes: AmendmentChanges, now: PlanNow): string | undefined {
  for (const change of changes.tasks) {
    if (change.kind === 'add') continue;
    const task = now.tasks[change.taskId];
    const before = change.before;
    if (!task || task.withdrawn || task.title !== before.title || task.year !== before.year) {
      return `任务「${before.title}」`;
    }
  }
  for (const change of changes.indicators) {
    if (change.kind === 'add') continue;
    const indicator = now.indicators[change.indicatorId];
    const before = change.before;
    if (!indicator || indicator.name !== before.name || !sameTarget(indicator.target, before.target)) {
      return `指标 ${before.code}「${before.name}」`;
    }
  }
  return undefined;
}

function decide(command: AmendmentCommand, state: AmendmentState): AmendmentEvent[] {
  switch (command.type) {
    case 'ProposeAmendment': {
      const { amendmentId, planId, changes, proposer, file, effectiveDate, period } = command.data;
      if (state.status !== 'none') {
        throw new DomainError('conflict', 'amendment-exists', `任务调整已存在：${amendmentId}`);
      }
      if (!isPlanOffice(proposer, planId)) throw notOffice();
      if (countChanges(changes) === 0) {
        throw new DomainError('invalid', 'amendment-empty', '上传的任务书与当前方案没有差别，无需调整。');
      }
      if (effectiveDate !== undefined) requireAmendmentDate(effectiveDate, period);
      return [
        {
          type: 'AmendmentProposed',
          data: {
            amendmentId,
            planId,
            reason: requireText(command.data.reason, '调整原因', 2000),
            file,
            changes,
            proposedBy: proposer.userId,
            ...(effectiveDate !== undefined ? { effectiveDate } : {}),
          },
        },
      ];
    }
    case 'ApproveAmendment': {
      const { amendmentId, approver, today, period, now, owners } = command.data;
      const proposed = requirePending(state, amendmentId);
      if (!isPlanOffice(approver, proposed.planId)) throw notOffice();
      // Four eyes: the plan the ministry agreed changes only when a second person of the office agrees.
      if (approver.userId === proposed.proposedBy) {
        throw new DomainError(
          'forbidden',
          'amendment-self-approval',
          '不能审核自己提出的任务调整，请由建设办的另一位同事审核。',
        );
      }
      // Checked again: the plan's years may have changed since the proposal.
      const effectiveDate = requireAmendmentDate(
        proposed.effectiveDate ?? defaultEffectiveDate(today, period),
        period,
      );
      const stale = staleness(proposed.changes, now);
      if (stale) {
        throw new DomainError(
          'conflict',
          'amendment-stale',
          `提出调整后方案已有变化（${stale}），请重新上传任务书并提出调整。`,
        );
      }
      for (const change of proposed.changes.tasks) {
        if (change.kind !== 'add' || change.ownerId === undefined) continue;
        const owner = owners.find((o) => o.userId === change.ownerId);
        if (!owner || !mayWrite(owner)) {
          throw new DomainError(
            'invalid',
            'owner-not-found',
            `新增任务「${change.title}」的负责人不存在、已停用或只读，请重新提出调整并指定负责人。`,
            { ownerId: change.ownerId },
          );
        }
      }
      return [
        {
          type: 'AmendmentApproved',
          data: {
            amendmentId,
            planId: proposed.planId,
            reason: proposed.reason,
            changes: proposed.changes,
            approvedBy: approver.userId,
            effectiveDate,
          },
        },
      ];
    }
    case 'RejectAmendment': {
      const { amendmentId, actor } = command.data;
      const proposed = requirePending(state, amendmentId);
      if (!isPlanOffice(actor, proposed.planId)) throw notOffice();
      return [
        {
          type: 'AmendmentRejected',
          data: {
            amendmentId,
            planId: proposed.planId,
            rejectedBy: actor.userId,
            reason: requireText(command.data.reason, '退回原因', 2000),
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function requirePending(state: AmendmentState, amendmentId: string): AmendmentProposed {
  if (state.status === 'none' || !state.proposed) throw amendmentNotFound(amendmentId);
  if (state.status !== 'proposed') {
    throw new DomainError(
      'conflict',
      'amendment-decided',
      state.status === 'approved' ? '该任务调整已审核通过。' : '该任务调整已退回。',
    );
  }
  return state.proposed;
}

function evolve(state: AmendmentState, event: AmendmentEvent): AmendmentState {
  switch (event.type) {
    case 'AmendmentProposed':
      return { status: 'proposed', proposed: event.data };
    case 'AmendmentApproved':
      return { ...state, status: 'approved' };
    case 'AmendmentRejected':
      return { ...state, status: 'rejected' };
    default:
      return assertNever(event);
  }
}

export const amendmentDecider: Decider<AmendmentState, AmendmentCommand, AmendmentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
  eventTypes: eventTypesOf<AmendmentEvent>({
    AmendmentProposed: true,
    AmendmentApproved: true,
    AmendmentRejected: true,
  }),
};

/** One event an approved amendment writes into a task's or the plan's stream. */
export interface AmendmentEffect {
  stream: string;
  /** A new task's stream is its own; the others are appended to, each event once by its id. */
  once: 'stream' | 'event';
  /** Names the effect within the amendment, for its derived event id. */
  step: string;
  event: TaskEvent | PlanEvent;
}

/** The change events of an approved amendment, each carrying the amendment, its date and reason. */
export function amendmentEffects(approved: AmendmentApproved): AmendmentEffect[] {
  const amendment: AmendmentRef = {
    amendmentId: approved.amendmentId,
    effectiveDate: approved.effectiveDate,
    reason: approved.reason,
  };
  const { planId } = approved;
  const tasks = approved.changes.tasks.map((change): AmendmentEffect => {
    switch (change.kind) {
      case 'add': {
        const { kind: _kind, ...task } = change;
        return {
          stream: taskStream(change.taskId),
          once: 'stream',
          step: `task:${change.taskId}`,
          event: { type: 'TaskDefined', data: { ...task, planId, amendment } },
        };
      }
      case 'revise':
        return {
          stream: taskStream(change.taskId),
          once: 'event',
          step: `task:${change.taskId}`,
          event: { type: 'TaskRevised', data: { taskId: change.taskId, planId, ...change.after, amendment } },
        };
      case 'withdraw':
        return {
          stream: taskStream(change.taskId),
          once: 'event',
          step: `task:${change.taskId}`,
          event: { type: 'TaskWithdrawn', data: { taskId: change.taskId, planId, amendment } },
        };
      default:
        return assertNever(change);
    }
  });
  const indicators = approved.changes.indicators.map((change): AmendmentEffect => {
    switch (change.kind) {
      case 'add':
        return {
          stream: planStream(planId),
          once: 'event',
          step: `indicator:${change.definition.indicatorId}`,
          event: { type: 'IndicatorDefined', data: { ...change.definition, amendment } },
        };
      case 'revise': {
        const { name, target, rule, sourceKey } = change.after;
        return {
          stream: planStream(planId),
          once: 'event',
          step: `indicator:${change.indicatorId}`,
          event: {
            type: 'IndicatorRevised',
            data: {
              planId,
              indicatorId: change.indicatorId,
              name,
              target,
              rule,
              ...(sourceKey ? { sourceKey } : {}),
              amendment,
            },
          },
        };
      }
      case 'withdraw':
        return {
          stream: planStream(planId),
          once: 'event',
          step: `indicator:${change.indicatorId}`,
          event: { type: 'IndicatorWithdrawn', data: { planId, indicatorId: change.indicatorId, amendment } },
        };
      default:
        return assertNever(change);
    }
  });
  return [...tasks, ...indicators];
}
