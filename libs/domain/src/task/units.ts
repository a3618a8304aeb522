import { requireDepartments } from '../department/department';
import { DomainError } from '../shared/domain-error';
import { holds, mayWrite, type Standing } from '../user/standing';

/** A task's 牵头单位 and 参与单位 (departments of the school). */
export interface TaskUnits {
  leadDepartmentId: string;
  participantDepartmentIds: string[];
}

export interface AssignTaskUnitsInput extends TaskUnits {
  taskId: string;
  planId: string;
  /** The departments the registry holds at the time of the command. */
  known: ReadonlySet<string>;
  /** The acting user as their own stream says now. */
  actor: Standing;
}

const MAX_PARTICIPANTS = 20;

/**
 * The units a task is given: the actor is the plan's office now, every unit exists now, the lead
 * is not also a participant. Answers undefined when nothing would change.
 */
export function decideTaskUnits(
  input: AssignTaskUnitsInput,
  current: TaskUnits | undefined,
): TaskUnits | undefined {
  const { actor, planId, leadDepartmentId } = input;
  if (!mayWrite(actor) || !(holds(actor, 'office', '*') || holds(actor, 'office', `plan:${planId}`))) {
    throw new DomainError('forbidden', 'not-plan-office', '只有本方案的项目办可以指定牵头单位与参与单位。', {
      planId,
    });
  }
  const participants = [...new Set(input.participantDepartmentIds)].filter((id) => id !== leadDepartmentId);
  if (participants.length > MAX_PARTICIPANTS) {
    throw new DomainError('invalid', 'too-many-units', `参与单位至多 ${MAX_PARTICIPANTS} 个。`);
  }
  requireDepartments(input.known, [leadDepartmentId, ...participants]);
  participants.sort();
  const same =
    current !== undefined &&
    current.leadDepartmentId === leadDepartmentId &&
    current.participantDepartmentIds.join() === participants.join();
  return same ? undefined : { leadDepartmentId, participantDepartmentIds: participants };
}
