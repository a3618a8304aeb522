import type Database from 'better-sqlite3';
import type { EarlyWarning, WarningGrade } from '@sg/contracts';
import { Exact, type Milestone } from '@sg/domain';
import { type AsOf } from '../framework/as-of';
import { statement } from '../framework/statement-cache';
import { CompletionQueries } from './completion.queries';

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
export class WarningQueries {
  constructor(private readonly db: Database.Database) {}

  warnings(planId: string, asOf: AsOf, today: string, thresholds?: WarningThresholds): EarlyWarning[] {
    return earlyWarnings(this.db, planId, asOf, today, thresholds);
  }
}

/**
 * 预警: tasks and projects behind their yearly milestones or the time elapsed since the plan
 * started, as of a date, worst first.
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
  const start = Date.parse(`${plan.start_year}-01-01T00:00:00Z`);
  const at = Date.parse(`${date}T00:00:00Z`);
  const completion = new CompletionQueries(db).planCompletion(planId, asOf);
  const standing = new CompletionQueries(db).rolledUpCompletions(planId, asOf);
  const tasks = statement<
    [string],
    {
      task_id: string;
      project_id: string;
      title: string;
      owner_id: string;
      due_date: string;
      milestones: string | null;
    }
  >(
    db,
    'SELECT task_id, project_id, title, owner_id, due_date, milestones FROM cp_tasks WHERE plan_id = ?',
  ).all(planId);

  const warnings: EarlyWarning[] = [];
  const expectedByProject = new Map<string, InstanceType<typeof Exact>[]>();
  for (const task of tasks) {
    const milestones = task.milestones ? (JSON.parse(task.milestones) as Milestone[]) : [];
    const byMilestone = milestones
      .filter((m) => `${m.year}-12-31` <= date)
      .reduce((max, m) => Exact.max(max, Exact.min(m.completion, 1)), new Exact(0));
    const due = Date.parse(`${task.due_date}T00:00:00Z`);
    const byTime =
      due <= start
        ? new Exact(at >= due ? 1 : 0)
        : Exact.min(Exact.max(new Exact(at - start).div(due - start), 0), 1);
    const expected = Exact.max(byMilestone, byTime);
    const actual = Exact.min(standing.get(task.task_id) ?? '0', 1);
    expectedByProject.set(task.project_id, [...(expectedByProject.get(task.project_id) ?? []), expected]);
    const gap = expected.minus(actual);
    const grade = gradeOf(gap, thresholds);
    if (!grade) continue;
    const project = completion.levels
      .flatMap((l) => l.projects.map((p) => ({ ...p, level: l.name })))
      .find((p) => p.projectId === task.project_id);
    warnings.push({
      scope: 'task',
      level: project?.level ?? '',
      projectCode: project?.code ?? '',
      projectName: project?.name ?? '',
      taskId: task.task_id,
      title: task.title,
      ownerId: task.owner_id,
      expected: expected.toString(),
      actual: actual.toString(),
      gap: gap.toString(),
      grade,
      basis: byMilestone.gte(byTime) && milestones.length > 0 ? '里程碑' : '时间进度',
    });
  }
  for (const level of completion.levels) {
    for (const project of level.projects) {
      const expectations = expectedByProject.get(project.projectId) ?? [];
      if (expectations.length === 0) continue;
      const expected = expectations.reduce((s, e) => s.plus(e), new Exact(0)).div(expectations.length);
      const gap = expected.minus(project.rate);
      const grade = gradeOf(gap, thresholds);
      if (!grade) continue;
      warnings.push({
        scope: 'project',
        level: level.name,
        projectCode: project.code,
        projectName: project.name,
        expected: expected.toString(),
        actual: project.rate,
        gap: gap.toString(),
        grade,
        basis: '时间进度',
      });
    }
  }
  return warnings.sort((a, b) => new Exact(b.gap).comparedTo(a.gap) || (a.scope === 'project' ? -1 : 1));
}
