import { departmentNotFound } from '@sg/domain';
import type { DirectoryQueries, TaskSelection } from '@sg/read-models';

/** A department's tasks (those it leads or takes part in) as a completion view selects them. */
export function departmentSelection(
  directory: DirectoryQueries,
  departmentId: string | undefined,
): (TaskSelection & { name: string }) | undefined {
  if (departmentId === undefined) return undefined;
  const department = directory.department(departmentId);
  if (!department) throw departmentNotFound(departmentId);
  const tasks = directory.tasksOfDepartment(departmentId);
  // The selection is part of the cache key: another task joining the department is another view.
  return { key: `${departmentId}:${[...tasks].sort().join(',')}`, tasks, name: department.name };
}

/** A task with its owner's and its units' names: the web shows names, never ids. */
export function withNames<T extends { taskId: string; ownerId: string | null }>(
  directory: DirectoryQueries,
  task: T,
) {
  return {
    ...task,
    // 未分配 (no owner yet) has no name: the web says so.
    ownerName: task.ownerId === null ? '' : (directory.nameOf(task.ownerId) ?? ''),
    units: directory.taskUnits(task.taskId),
  };
}
