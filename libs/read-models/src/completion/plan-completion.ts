import type Database from 'better-sqlite3';
import type { PlanCompletionOf } from '@sg/contracts';
import {
  countedCompletion,
  summariseCounted,
  type CompletionSummary,
  type CountedCompletion,
} from '@sg/domain';
import { statement } from '../framework/statement-cache';
import { isCurrent, type AsOf } from '../framework/as-of';
import { counts, readingOf, type CompletionReading } from './completion-reading';
import { planTaskRows, rolledUpCompletions, tasksAsOf } from './standing';

/** Some of a plan's tasks (a department's), with a key naming the selection for the view cache. */
export interface TaskSelection {
  key: string;
  tasks: ReadonlySet<string>;
}

/** The contract's shape with the domain's summaries (the API adds their display) and the bound it was read at. */
export type PlanCompletionView = PlanCompletionOf<CompletionSummary> & { asOf: AsOf };

/**
 * A plan's completion, level by level and project by project: top-level tasks only (a 子项目
 * counts through its parent, whose due date decides). Every read is the plan's own, through an
 * index: its tasks once, its levels and projects.
 */
export function planCompletion(
  db: Database.Database,
  planId: string,
  asOf: AsOf,
  reading: CompletionReading,
  only?: TaskSelection,
): PlanCompletionView {
  const rows = planTaskRows(db, planId);
  const standing = rolledUpCompletions(db, planId, asOf, rows);

  // As it stands: the tasks not withdrawn. As of a bound: the tasks of the plan then, with their due dates then.
  const then = isCurrent(asOf) ? undefined : tasksAsOf(db, planId, asOf);
  const tasks = rows
    .flatMap((task) => {
      if (task.parent_task_id !== null) return [];
      if (!then) return task.withdrawn === 0 ? [task] : [];
      const version = then.get(task.task_id);
      return version ? [{ ...task, due_date: version.dueDate }] : [];
    })
    .filter((task) => counts(reading, task.due_date) && (!only || only.tasks.has(task.task_id)));
  // Each completion parsed once (a plan's ~400 tasks take ~50 distinct values), summed three ways.
  const parsed = new Map<string, CountedCompletion>();
  const counted = (taskId: string): CountedCompletion => {
    const text = standing.get(taskId) ?? '0';
    let value = parsed.get(text);
    if (!value) parsed.set(text, (value = countedCompletion(text)));
    return value;
  };
  const byProject = new Map<string, CountedCompletion[]>();
  for (const task of tasks) {
    const list = byProject.get(task.project_id) ?? [];
    list.push(counted(task.task_id));
    byProject.set(task.project_id, list);
  }
  const levels = statement<[string], { level_id: string; name: string; kind: string }>(
    db,
    'SELECT level_id, name, kind FROM cp_levels WHERE plan_id = ? ORDER BY seq',
  ).all(planId);
  const projects = statement<[string], { project_id: string; level_id: string; code: string; name: string }>(
    db,
    'SELECT project_id, level_id, code, name FROM cp_projects WHERE plan_id = ? ORDER BY seq',
  ).all(planId);
  const levelViews = levels.map((level) => {
    const mine = projects.filter((p) => p.level_id === level.level_id);
    return {
      levelId: level.level_id,
      name: level.name,
      kind: level.kind,
      ...summariseCounted(mine.flatMap((p) => byProject.get(p.project_id) ?? [])),
      projects: mine.map((p) => ({
        projectId: p.project_id,
        code: p.code,
        name: p.name,
        ...summariseCounted(byProject.get(p.project_id) ?? []),
      })),
    };
  });
  return {
    planId,
    asOf,
    ...readingOf(reading),
    ...summariseCounted(tasks.map((t) => counted(t.task_id))),
    levels: levelViews,
  };
}
