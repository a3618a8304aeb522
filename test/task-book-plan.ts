import { subcategoryOf } from '@sg/domain';
import { extractDocument, readTaskBook, taskBookEntries, type Target as BookTarget } from '@sg/imports';
import type { ApiHarness } from './api-harness';

/** A 任务书 target in the plan's terms, as the import confirms it (a number without a sign: at least). */
export const planTarget = (t: BookTarget) =>
  t.kind === 'numeric'
    ? { kind: 'numeric', comparator: t.comparator ?? '>=', value: t.value, unit: t.unit }
    : t.kind === 'range'
      ? { kind: 'range', min: t.min, max: t.max, unit: t.unit }
      : { kind: 'qualitative', text: t.text };

/**
 * The plan a confirmed import of a two-part 任务书 (学校 + 专业群一) makes, through the API: a level
 * and a project per part, every yearly item a task owned by `ownerId`, every indicator worth 10
 * points, each with its sourceKey. Answers the ids by key.
 */
export async function planFromTaskBook(
  api: ApiHarness,
  file: Buffer,
  ownerId: string,
  period: { startYear: number; endYear: number },
) {
  const plan = await api.createPlan({ code: '1', name: '学校', ...period });
  const { planId } = plan;
  const group = await api.admin
    .post(`/api/plans/${planId}/levels`)
    .send({ name: '专业群一', kind: 'group', weight: '0.7' })
    .expect(201);
  const groupProject = await api.admin
    .post(`/api/plans/${planId}/projects`)
    .send({ levelId: group.body.id, code: '2', name: '专业群一' })
    .expect(201);
  const levels = { P1: plan.levelId, P2: group.body.id as string };
  const projects = { P1: plan.projectId, P2: groupProject.body.id as string };
  const taskIds = new Map<string, string>();
  const indicatorIds = new Map<string, string>();
  const entries = taskBookEntries(readTaskBook(await extractDocument(file)));
  for (const task of entries.tasks) {
    const part = task.sourceKey.split('/')[0] as 'P1' | 'P2';
    const id = await api.defineTask({ planId, projectId: projects[part] }, ownerId, {
      title: task.title,
      year: task.year,
      dueDate: `${task.year}-12-31`,
      primaryTask: task.primaryTask,
      secondaryTask: task.secondaryTask,
      sourceKey: task.sourceKey,
    });
    taskIds.set(task.sourceKey, id);
  }
  for (const indicator of entries.indicators) {
    const part = indicator.sourceKey.split('/')[0] as 'P1' | 'P2';
    const target = planTarget(indicator.target);
    const res = await api.admin
      .post(`/api/plans/${planId}/indicators`)
      .send({
        levelId: levels[part],
        subcategory: subcategoryOf(indicator.level2) ?? 'quantity',
        group: indicator.group,
        code: indicator.code,
        name: indicator.name,
        points: '10',
        target,
        rule: target.kind === 'qualitative' ? { kind: 'manual' } : { kind: 'proportional' },
        sourceKey: indicator.sourceKey,
      })
      .expect(201);
    indicatorIds.set(indicator.sourceKey, res.body.id);
  }
  return { planId, taskIds, indicatorIds };
}
