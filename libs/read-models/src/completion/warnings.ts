import type Database from 'better-sqlite3';
import type { EarlyWarning, WarningGrade } from '@sg/contracts';
import { Exact, summariseCompletion, type Milestone } from '@sg/domain';
import { type AsOf } from '../framework/as-of';
import { statement } from '../framework/statement-cache';
import { CompletionQueries } from './completion.queries';
import { ReadQueries } from '../framework/read-queries';

export type { WarningGrade } from '@sg/contracts';

/** How far behind (as a fraction of the whole task) each grade starts. */
export interface WarningThresholds {
  mild: string;
  moderate: string;
  severe: string;
}

export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { mild: '0.1', moderate: '0.2', severe: '0.3' };

export type { EarlyWarning } from '@sg/contracts';

function gradeOf(gap: InstanceType<typeof Exact>, t: WarningThresholds): WarningGrade | undefined {
  if (gap.gte(t.severe)) return '严重';
  if (gap.gte(t.moderate)) return '中度';
  if (gap.gte(t.mild)) return '轻度';
  return undefined;
}

/** 预警 as a view: what `earlyWarnings` answers, injectable like every other view's queries. */
export class WarningQueries extends ReadQueries {
  warnings(planId: string, asOf: AsOf, today: string, thresholds?: WarningThresholds): EarlyWarning[] {
    return earlyWarnings(this.db, planId, asOf, today, thresholds);
  }
}

/**
 * 预警: tasks and projects behind what was due by a date, worst first. Only a task already due
 * (owed in full) or with a yearly milestone due (owed that milestone) is measured; a project is
 * measured over such tasks of its own. A task not yet due is never behind.
 */
export function earlyWarnings(
  db: Database.Database,
  planId: string,
  asOf: AsOf,
  today: string,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
): EarlyWarning[] {
  const date = asOf.cutoff ?? today;
  const plan = statement<[string], { start_year: number }>(
    db,
    'SELECT start_year FROM cp_plans WHERE plan_id = ?',
  ).get(planId);
  if (!plan) return [];
  const completion = new CompletionQueries(db).planCompletion(planId, asOf);
  const standing = new CompletionQueries(db).rolledUpCompletions(planId, asOf);
  const then = new CompletionQueries(db).tasksAsOf(planId, asOf);
  const tasks = statement<
    [string],
    {
      task_id: string;
      project_id: string;
      title: string;
      owner_id: string | null;
      due_date: string;
      milestones: string | null;
      parent_task_id: string | null;
    }
  >(
    db,
    `SELECT task_id, project_id, title, owner_id, due_date, milestones, parent_task_id
     FROM cp_tasks WHERE plan_id = ? ORDER BY rowid`,
  )
    .all(planId)
    .flatMap((task) => {
      // The tasks of the plan as of the date: withdrawn ones only before their withdrawal.
      const version = then.get(task.task_id);
      return version ? [{ ...task, title: version.title, due_date: version.dueDate }] : [];
    });

  const warnings: EarlyWarning[] = [];
  const project = (projectId: string) =>
    completion.levels
      .flatMap((l) => l.projects.map((p) => ({ ...p, level: l.name })))
      .find((p) => p.projectId === projectId);
  /** Per project, its top-level tasks that are due or have a milestone due: expected and actual. */
  const checkedByProject = new Map<
    string,
    { expected: InstanceType<typeof Exact>; actual: string; byMilestone: boolean }[]
  >();
  for (const task of tasks) {
    const milestones = task.milestones ? (JSON.parse(task.milestones) as Milestone[]) : [];
    const dueMilestones = milestones.filter((m) => `${m.year}-12-31` <= date);
    // Only what was due by the date is owed: a task not yet due, with no milestone due, is not behind.
    if (task.due_date > date && dueMilestones.length === 0) continue;
    const byMilestone = dueMilestones.reduce(
      (max, m) => Exact.max(max, Exact.min(m.completion, 1)),
      new Exact(0),
    );
    const byTime = new Exact(task.due_date <= date ? 1 : 0);
    const expected = Exact.max(byMilestone, byTime);
    const standingCompletion = standing.get(task.task_id) ?? '0';
    const actual = Exact.min(standingCompletion, 1);
    if (task.parent_task_id === null) {
      checkedByProject.set(task.project_id, [
        ...(checkedByProject.get(task.project_id) ?? []),
        { expected, actual: standingCompletion, byMilestone: task.due_date > date },
      ]);
    }
    const gap = expected.minus(actual);
    const grade = gradeOf(gap, thresholds);
    if (!grade) continue;
    const where = project(task.project_id);
    warnings.push({
      scope: 'task',
      level: where?.level ?? '',
      projectCode: where?.code ?? '',
      projectName: where?.name ?? '',
      taskId: task.task_id,
      title: task.title,
      ownerId: task.owner_id,
      expected: expected.toString(),
      actual: actual.toString(),
      gap: gap.toString(),
      grade,
      basis: task.due_date <= date ? '时间进度' : '里程碑',
    });
  }
  for (const level of completion.levels) {
    for (const project of level.projects) {
      const checked = checkedByProject.get(project.projectId) ?? [];
      if (checked.length === 0) continue;
      const expected = checked.reduce((s, c) => s.plus(c.expected), new Exact(0)).div(checked.length);
      const actual = summariseCompletion(checked.map((c) => c.actual)).rate;
      const gap = expected.minus(actual);
      const grade = gradeOf(gap, thresholds);
      if (!grade) continue;
      warnings.push({
        scope: 'project',
        level: level.name,
        projectCode: project.code,
        projectName: project.name,
        expected: expected.toString(),
        actual,
        gap: gap.toString(),
        grade,
        basis: checked.some((c) => c.byMilestone) ? '里程碑' : '时间进度',
      });
    }
  }
  return warnings.sort((a, b) => new Exact(b.gap).comparedTo(a.gap) || (a.scope === 'project' ? -1 : 1));
}
