import { departmentNotFound, DomainError } from '@sg/domain';
import type { CompletionQueries, DirectoryQueries } from '@sg/read-models';
import type { AssignOwnersDto } from './tasks.dto';

/**
 * Which tasks a bulk owner assignment names: a list, every task of a 二级任务, or every task of the
 * plan a department leads (牵头单位). Selection only: the command re-checks each task from its stream.
 */
export function ownerSelection(
  completion: CompletionQueries,
  directory: DirectoryQueries,
  planId: string,
  body: AssignOwnersDto,
): string[] {
  const given = [body.taskIds, body.secondaryTask, body.leadDepartmentId].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new DomainError(
      'invalid',
      'invalid-task-selection',
      '请选择要指定负责人的任务：填写任务编号列表、选择一个二级任务或一个牵头单位（三者只填其一）。',
    );
  }
  if (body.taskIds) return body.taskIds;
  if (body.secondaryTask) {
    const { projectId, secondaryTask } = body.secondaryTask;
    const taskIds = completion
      .tasksOfPlan(planId)
      .filter((t) => t.projectId === projectId && t.secondaryTask === secondaryTask.trim())
      .map((t) => t.taskId);
    if (taskIds.length === 0) {
      throw new DomainError(
        'not-found',
        'secondary-task-not-found',
        `该项目中没有二级任务「${secondaryTask}」的建设任务。`,
        { projectId, secondaryTask },
      );
    }
    return taskIds;
  }
  const departmentId = body.leadDepartmentId!;
  const department = directory.department(departmentId);
  if (!department) throw departmentNotFound(departmentId);
  const led = directory.tasksLedBy(departmentId);
  const taskIds = completion
    .tasksOfPlan(planId)
    .filter((t) => led.has(t.taskId))
    .map((t) => t.taskId);
  if (taskIds.length === 0) {
    throw new DomainError(
      'not-found',
      'department-leads-no-tasks',
      `「${department.name}」在本方案中没有牵头的建设任务，请先为任务设置牵头单位。`,
      { departmentId },
    );
  }
  return taskIds;
}
