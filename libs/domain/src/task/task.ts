import { eventTypesOf, assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate, requireCompletion, requireText } from '../shared/values';
import { requireEffectiveDate, requirePlanYear, type FactDateBounds } from '../shared/effective-date';
import { isAuditor, type Standing } from '../user/standing';
import { decideTaskUnits, type AssignTaskUnitsInput, type TaskUnits } from './units';

/** A yearly item of the 任务书: by the end of `year`, the task should be `completion` done. */
export interface Milestone {
  year: number;
  completion: string;
}

/** A task as it is asked to be defined (by a user, or from an imported 任务书). */
export interface TaskDefinition {
  taskId: string;
  planId: string;
  projectId: string;
  title: string;
  /** Absent: the task is defined 未分配 (the 任务书 names no owner); AssignTaskOwner names one later. */
  ownerId?: string;
  /** Required unless `year` is given; then it defaults to 12-31 of that year. */
  dueDate?: string;
  milestones?: Milestone[];
  /** Set for a 子项目: its completion rolls up into this task's. */
  parentTaskId?: string;
  /** The 任务书's year column (2020年度（含2019年度）counts as 2020): within the plan's period. */
  year?: number;
  /** The 一级任务 (e.g. 加强党的建设) the task belongs to. */
  primaryTask?: string;
  /** The 二级任务 (e.g. 1.实施政治引领专项行动) the task belongs to. */
  secondaryTask?: string;
  /** The 任务书 item the task was made from (ADR 0024, 0025): amendments match on it. */
  sourceKey?: string;
}

export type TaskCommand =
  | Message<
      'DefineTask',
      TaskDefinition & {
        /** The plan's construction period: milestones and the year fall within it. */
        period: { startYear: number; endYear: number };
        /** The owner-to-be as their own stream says now; absent when no owner is named. */
        owner?: Standing;
      }
    >
  | Message<
      'AssignTaskOwner',
      {
        taskId: string;
        ownerId: string;
        /** The new owner as their own stream says now. */
        owner: Standing;
      }
    >
  | Message<
      'RecordTaskProgress',
      {
        taskId: string;
        completion: string;
        effectiveDate: string;
        note?: string;
        dates: FactDateBounds;
        entry: ProgressEntry;
      }
    >
  | Message<'AssignTaskUnits', AssignTaskUnitsInput>;

/**
 * How progress arrives: as the effect of a finally approved submission, or entered directly —
 * then only where no approval chain applies to the task's project and the task is not split into
 * 子项目 (whose progress rolls up into it).
 */
export type ProgressEntry =
  { kind: 'approved-submission' } | { kind: 'direct'; chainApplies: boolean; hasSubprojects: boolean };

export type TaskEvent =
  | Message<
      'TaskDefined',
      Omit<TaskDefinition, 'dueDate'> & {
        dueDate: string;
        /** Set for a task an approved amendment added: it counts from the amendment's effective date. */
        amendment?: AmendmentRef;
      }
    >
  | Message<
      'TaskOwnerAssigned',
      { taskId: string; planId: string; ownerId: string; previousOwnerId?: string }
    >
  | Message<
      'TaskProgressRecorded',
      { taskId: string; completion: string; effectiveDate: string; note?: string }
    >
  | Message<
      'TaskRevised',
      {
        taskId: string;
        planId: string;
        title: string;
        dueDate: string;
        year?: number;
        sourceKey?: string;
        amendment: AmendmentRef;
      }
    >
  | Message<'TaskWithdrawn', { taskId: string; planId: string; amendment: AmendmentRef }>
  | Message<'TaskUnitsAssigned', { taskId: string } & TaskUnits>;

/** The approved amendment (任务调整) a change comes from, the date it takes effect and why. */
export interface AmendmentRef {
  amendmentId: string;
  effectiveDate: string;
  reason: string;
}

export interface TaskState {
  exists: boolean;
  planId: string;
  /** Undefined while the task is 未分配. */
  ownerId: string | undefined;
  /** Withdrawn by an amendment: kept, counted before its withdrawal, closed to new reports. */
  withdrawn: boolean;
  /** The standing report: of all reports, the one with the latest effective date (later wins a tie). */
  progress: { completion: string; effectiveDate: string } | undefined;
  units?: TaskUnits;
}

export const taskStream = (taskId: string): string => `task-${taskId}`;

/** Years ascending and distinct, completions not decreasing. */
function requireMilestones(
  milestones: Milestone[],
  period: { startYear: number; endYear: number },
): Milestone[] {
  const sorted = [...milestones].sort((a, b) => a.year - b.year);
  sorted.forEach((m, i) => {
    requirePlanYear(m.year, '里程碑年份', period);
    if (i > 0 && sorted[i - 1].year === m.year) {
      throw new DomainError('invalid', 'invalid-milestone', `里程碑年份重复：${m.year}`);
    }
    m.completion = requireCompletion(m.completion, `${m.year} 年里程碑完成度`);
    if (i > 0 && Number(sorted[i - 1].completion) > Number(m.completion)) {
      throw new DomainError('invalid', 'invalid-milestone', '里程碑完成度应逐年不减。');
    }
  });
  return sorted.map((m) => ({ year: m.year, completion: m.completion }));
}

/** A due date as given, or the end of the task's year; one of the two is required. */
function dueDateOf(dueDate: string | undefined, year: number | undefined): string {
  if (dueDate !== undefined) return requireDate(dueDate, '完成期限');
  if (year !== undefined) return `${year}-12-31`;
  throw new DomainError(
    'invalid',
    'due-date-required',
    '请填写完成期限或任务年度（未填期限时为该年度 12 月 31 日）。',
  );
}

function optionalText<K extends string>(
  key: K,
  value: string | undefined,
  label: string,
): Partial<Record<K, string>> {
  if (value === undefined || value.trim() === '') return {};
  return { [key]: requireText(value, label, 200) } as Partial<Record<K, string>>;
}

/** An owner must be an active account and not a read-only auditor: the owner reports and submits. */
function requireOwner(ownerId: string, owner: Standing | undefined): string {
  if (!owner || owner.userId !== ownerId || !owner.active) {
    throw new DomainError('invalid', 'owner-not-found', `任务负责人不存在或已停用：${ownerId}`, {
      ownerId,
    });
  }
  if (isAuditor(owner)) {
    throw new DomainError('invalid', 'owner-is-auditor', '审计 / 评价专家只读不写，不能担任任务负责人。', {
      ownerId,
    });
  }
  return requireText(ownerId, '任务负责人', 100);
}

/** Trimmed, printable, at most 200 characters: a key another import must reproduce exactly. */
function requireSourceKey(value: string): string {
  if (!/^\S{1,200}$/.test(value)) {
    throw new DomainError('invalid', 'invalid-source-key', `来源编号应为 1–200 个不含空白的字符：${value}`);
  }
  return value;
}

export const taskUnassigned = (taskId: string) =>
  new DomainError(
    'conflict',
    'task-unassigned',
    '该任务尚未分配负责人，不能填报或提交进展。请先由建设办公室指定任务负责人。',
    { taskId },
  );

export const taskNotFound = (taskId: string) =>
  new DomainError('not-found', 'task-not-found', `建设任务不存在：${taskId}`, { taskId });

function decide(command: TaskCommand, state: TaskState): TaskEvent[] {
  switch (command.type) {
    case 'DefineTask': {
      const { taskId, planId, projectId, period, owner } = command.data;
      if (state.exists) {
        throw new DomainError('conflict', 'task-exists', `建设任务已存在：${taskId}`, { taskId });
      }
      const year =
        command.data.year === undefined ? undefined : requirePlanYear(command.data.year, '任务年度', period);
      const ownerId =
        command.data.ownerId === undefined || command.data.ownerId.trim() === ''
          ? undefined
          : requireOwner(command.data.ownerId, owner);
      return [
        {
          type: 'TaskDefined',
          data: {
            taskId,
            planId,
            projectId,
            title: requireText(command.data.title, '任务名称'),
            ...(ownerId !== undefined ? { ownerId } : {}),
            dueDate: dueDateOf(command.data.dueDate, year),
            ...(command.data.milestones?.length
              ? { milestones: requireMilestones(command.data.milestones, period) }
              : {}),
            ...(command.data.parentTaskId ? { parentTaskId: command.data.parentTaskId } : {}),
            ...(year !== undefined ? { year } : {}),
            ...optionalText('primaryTask', command.data.primaryTask, '一级任务'),
            ...optionalText('secondaryTask', command.data.secondaryTask, '二级任务'),
            ...(command.data.sourceKey !== undefined
              ? { sourceKey: requireSourceKey(command.data.sourceKey) }
              : {}),
          },
        },
      ];
    }
    case 'AssignTaskOwner': {
      const { taskId, owner } = command.data;
      if (!state.exists) throw taskNotFound(taskId);
      const ownerId = requireOwner(command.data.ownerId, owner);
      if (state.ownerId === ownerId) return [];
      return [
        {
          type: 'TaskOwnerAssigned',
          data: {
            taskId,
            planId: state.planId,
            ownerId,
            ...(state.ownerId !== undefined ? { previousOwnerId: state.ownerId } : {}),
          },
        },
      ];
    }
    case 'RecordTaskProgress': {
      const { taskId, note } = command.data;
      if (!state.exists) throw taskNotFound(taskId);
      if (state.withdrawn) {
        throw new DomainError('conflict', 'task-withdrawn', '该任务已按任务调整撤销，不再填报进展。', {
          taskId,
        });
      }
      if (state.ownerId === undefined) throw taskUnassigned(taskId);
      const { entry } = command.data;
      if (entry.kind === 'direct' && entry.chainApplies) {
        throw new DomainError(
          'conflict',
          'approval-required',
          '该任务须经审核：请通过“提交进展”上报，审核通过后计入统计。',
        );
      }
      if (entry.kind === 'direct' && entry.hasSubprojects) {
        throw new DomainError(
          'conflict',
          'task-has-subprojects',
          '该任务已分解为子项目，完成度由子项目汇总，请在子项目上填报进展。',
        );
      }
      const data: TaskEvent & { type: 'TaskProgressRecorded' } = {
        type: 'TaskProgressRecorded',
        data: {
          taskId,
          completion: requireCompletion(command.data.completion, '完成度'),
          effectiveDate: requireEffectiveDate(command.data.effectiveDate, '进展日期', command.data.dates),
        },
      };
      if (note !== undefined && note.trim() !== '') data.data.note = requireText(note, '进展说明', 5000);
      return [data];
    }
    case 'AssignTaskUnits': {
      if (!state.exists) throw taskNotFound(command.data.taskId);
      const units = decideTaskUnits(command.data, state.units);
      return units ? [{ type: 'TaskUnitsAssigned', data: { taskId: command.data.taskId, ...units } }] : [];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: TaskState, event: TaskEvent): TaskState {
  switch (event.type) {
    case 'TaskDefined':
      return { ...state, exists: true, planId: event.data.planId, ownerId: event.data.ownerId };
    case 'TaskOwnerAssigned':
      return { ...state, ownerId: event.data.ownerId };
    case 'TaskProgressRecorded': {
      const { completion, effectiveDate } = event.data;
      const standing = state.progress;
      if (standing && standing.effectiveDate > effectiveDate) return state;
      return { ...state, progress: { completion, effectiveDate } };
    }
    case 'TaskRevised':
      return state;
    case 'TaskWithdrawn':
      return { ...state, withdrawn: true };
    case 'TaskUnitsAssigned': {
      const { leadDepartmentId, participantDepartmentIds } = event.data;
      return { ...state, units: { leadDepartmentId, participantDepartmentIds } };
    }
    default:
      return assertNever(event);
  }
}

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({
    exists: false,
    planId: '',
    withdrawn: false,
    ownerId: undefined,
    progress: undefined,
  }),
  evolve,
  decide,
  eventTypes: eventTypesOf<TaskEvent>({
    TaskDefined: true,
    TaskProgressRecorded: true,
    TaskOwnerAssigned: true,
    TaskRevised: true,
    TaskWithdrawn: true,
    TaskUnitsAssigned: true,
  }),
};
