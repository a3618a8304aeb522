import { assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate, requireCompletion, requireText } from '../shared/values';

export type TaskCommand =
  | Message<
      'DefineTask',
      { taskId: string; planId: string; projectId: string; title: string; ownerId: string; dueDate: string }
    >
  | Message<
      'RecordTaskProgress',
      { taskId: string; completion: string; effectiveDate: string; note?: string }
    >;

export type TaskEvent =
  | Message<
      'TaskDefined',
      { taskId: string; planId: string; projectId: string; title: string; ownerId: string; dueDate: string }
    >
  | Message<
      'TaskProgressRecorded',
      { taskId: string; completion: string; effectiveDate: string; note?: string }
    >;

export interface TaskState {
  exists: boolean;
  ownerId: string;
  /** The standing report: of all reports, the one with the latest effective date (later wins a tie). */
  progress: { completion: string; effectiveDate: string } | undefined;
}

export const taskStream = (taskId: string): string => `task-${taskId}`;

export const taskNotFound = (taskId: string) =>
  new DomainError('not-found', 'task-not-found', `建设任务不存在：${taskId}`, { taskId });

function decide(command: TaskCommand, state: TaskState): TaskEvent[] {
  switch (command.type) {
    case 'DefineTask': {
      const { taskId, planId, projectId } = command.data;
      if (state.exists) {
        throw new DomainError('conflict', 'task-exists', `建设任务已存在：${taskId}`, { taskId });
      }
      return [
        {
          type: 'TaskDefined',
          data: {
            taskId,
            planId,
            projectId,
            title: requireText(command.data.title, '任务名称'),
            ownerId: requireText(command.data.ownerId, '任务负责人', 100),
            dueDate: requireDate(command.data.dueDate, '完成期限'),
          },
        },
      ];
    }
    case 'RecordTaskProgress': {
      const { taskId, note } = command.data;
      if (!state.exists) throw taskNotFound(taskId);
      const data: TaskEvent & { type: 'TaskProgressRecorded' } = {
        type: 'TaskProgressRecorded',
        data: {
          taskId,
          completion: requireCompletion(command.data.completion, '完成度'),
          effectiveDate: requireDate(command.data.effectiveDate, '进展日期'),
        },
      };
      if (note !== undefined && note.trim() !== '') data.data.note = requireText(note, '进展说明', 5000);
      return [data];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: TaskState, event: TaskEvent): TaskState {
  switch (event.type) {
    case 'TaskDefined':
      return { ...state, exists: true, ownerId: event.data.ownerId };
    case 'TaskProgressRecorded': {
      const { completion, effectiveDate } = event.data;
      const standing = state.progress;
      if (standing && standing.effectiveDate > effectiveDate) return state;
      return { ...state, progress: { completion, effectiveDate } };
    }
    default:
      return assertNever(event);
  }
}

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({ exists: false, ownerId: '', progress: undefined }),
  evolve,
  decide,
  eventTypes: new Set<TaskEvent['type']>(['TaskDefined', 'TaskProgressRecorded']),
};
