import { DomainError } from '../shared/domain-error';
import { INDICATOR_SUBCATEGORIES, type IndicatorSubcategory } from '../plan/indicators';
import type { IndicatorDefinition } from '../plan/plan';
import type { ScoringRule, Target } from '../scoring/scoring';
import type { AmendmentChanges, IndicatorSnapshot, TaskChange } from './amendment';
import { scopeOfKey, type AmendmentDiff, type PlanTaskEntry } from './diff';

const NUMERIC_RULES: ScoringRule['kind'][] = ['proportional', 'threshold', 'banded'];

/** A rule the new target can be scored by: the old one, unless it needs a number the target lacks. */
function ruleFor(target: Target, rule?: ScoringRule): ScoringRule {
  if (rule && !(target.kind === 'qualitative' && NUMERIC_RULES.includes(rule.kind))) return rule;
  return target.kind === 'qualitative' ? { kind: 'manual' } : { kind: 'proportional' };
}

/** The plan's 二级指标 a 任务书 二级指标 name stands for (成本指标 are budgets: 资金管理). */
export function subcategoryOf(level2: string): IndicatorSubcategory | undefined {
  const name = level2.replace(/\s+/g, '').replace(/^[\d.．]+/, '');
  if (name.includes('成本')) return 'funds';
  if (name.includes('满意度')) return 'satisfaction';
  return (Object.keys(INDICATOR_SUBCATEGORIES) as IndicatorSubcategory[]).find((sub) =>
    name.includes(INDICATOR_SUBCATEGORIES[sub].name),
  );
}

const snapshotOf = (d: IndicatorDefinition): IndicatorSnapshot => ({
  code: d.code,
  name: d.name,
  target: d.target,
  rule: d.rule,
  ...(d.sourceKey ? { sourceKey: d.sourceKey } : {}),
});

/**
 * The diff turned into changes the plan can take: a new task goes to the project (and owner) of
 * the tasks of its 二级任务, else of its 一级任务, else of its part; a new indicator to the level
 * of its part's indicators, worth 0 points until the office scores it. What cannot be placed is
 * refused with the items named.
 */
export function resolveAmendment(
  diff: AmendmentDiff,
  plan: { planId: string; tasks: PlanTaskEntry[]; indicators: IndicatorDefinition[] },
  options: { ownerId?: string; newTaskId: (i: number) => string; newIndicatorId: (i: number) => string },
): AmendmentChanges {
  const unplaced: string[] = [];
  const added = diff.tasks.added.flatMap((item, i): TaskChange[] => {
    const scope = scopeOfKey(item.sourceKey);
    const inScope = plan.tasks.filter((t) => scopeOfKey(t.sourceKey) === scope);
    const sibling =
      inScope.find((t) => t.secondaryTask === item.secondaryTask) ??
      inScope.find((t) => t.primaryTask === item.primaryTask) ??
      inScope[0];
    if (!sibling) {
      unplaced.push(`任务「${item.title}」（${item.ref}）`);
      return [];
    }
    return [
      {
        kind: 'add',
        taskId: options.newTaskId(i),
        projectId: sibling.projectId,
        ...((options.ownerId ?? sibling.ownerId) !== undefined
          ? { ownerId: options.ownerId ?? sibling.ownerId }
          : {}),
        title: item.title,
        year: item.year,
        dueDate: `${item.year}-12-31`,
        primaryTask: item.primaryTask,
        secondaryTask: item.secondaryTask,
        sourceKey: item.sourceKey,
      },
    ];
  });
  const snapshot = (t: PlanTaskEntry) => ({
    title: t.title,
    ...(t.year !== undefined ? { year: t.year } : {}),
    dueDate: t.dueDate,
    ...(t.sourceKey ? { sourceKey: t.sourceKey } : {}),
  });
  const revised = diff.tasks.changed.map(({ before, after, fields }): TaskChange => ({
    kind: 'revise',
    taskId: before.taskId,
    before: snapshot(before),
    after: {
      title: after.title,
      year: after.year,
      // A new year moves the due date to its end; otherwise the due date stays as the office set it.
      dueDate: fields.includes('year') ? `${after.year}-12-31` : before.dueDate,
      sourceKey: after.sourceKey,
    },
  }));
  const withdrawn = diff.tasks.removed.map((t): TaskChange => ({
    kind: 'withdraw',
    taskId: t.taskId,
    before: snapshot(t),
  }));

  const definitions = new Map(plan.indicators.map((d) => [d.indicatorId, d]));
  const addedIndicators = diff.indicators.added.flatMap((item, i) => {
    const scope = scopeOfKey(item.sourceKey);
    const level = plan.indicators.find((d) => scopeOfKey(d.sourceKey) === scope)?.levelId;
    const subcategory = subcategoryOf(item.level2);
    if (!level || !subcategory) {
      unplaced.push(`指标 ${item.code}「${item.name}」（${item.ref}）`);
      return [];
    }
    return [
      {
        kind: 'add' as const,
        definition: {
          planId: plan.planId,
          indicatorId: options.newIndicatorId(i),
          levelId: level,
          subcategory,
          group: item.group,
          code: item.code,
          name: item.name,
          points: '0',
          target: item.target,
          rule: ruleFor(item.target),
          sourceKey: item.sourceKey,
        },
      },
    ];
  });
  if (unplaced.length > 0) {
    throw new DomainError(
      'invalid',
      'amendment-unplaced',
      `以下新增内容在现有方案中找不到所属的项目或层面：${unplaced.slice(0, 5).join('、')}${unplaced.length > 5 ? ` 等 ${unplaced.length} 项` : ''}。请先在方案中添加对应的层面或项目。`,
      { unplaced },
    );
  }
  const revisedIndicators = diff.indicators.changed.map(({ before, after }) => {
    const definition = definitions.get(before.indicatorId)!;
    return {
      kind: 'revise' as const,
      indicatorId: before.indicatorId,
      before: snapshotOf(definition),
      after: {
        code: definition.code,
        name: after.name,
        target: after.target,
        rule: ruleFor(after.target, definition.rule),
        sourceKey: after.sourceKey,
      },
    };
  });
  const withdrawnIndicators = diff.indicators.removed.map((i) => ({
    kind: 'withdraw' as const,
    indicatorId: i.indicatorId,
    before: snapshotOf(definitions.get(i.indicatorId)!),
  }));
  return {
    tasks: [...added, ...revised, ...withdrawn],
    indicators: [...addedIndicators, ...revisedIndicators, ...withdrawnIndicators],
  };
}
