import type { PlanEvent } from '@sg/domain';

/** The `i`-th indicator of a generated plan: one point, a numeric target, scored proportionally. */
export const indicatorDefined = (planId: string, i: number): PlanEvent => ({
  type: 'IndicatorDefined',
  data: {
    planId,
    indicatorId: `i${i}`,
    levelId: `L${i % 10}`,
    subcategory: 'quantity',
    group: { code: '1.1', name: '打造技术技能人才培养高地' },
    code: `1.1.${i}`,
    name: `指标 ${i}`,
    points: '1',
    target: { kind: 'numeric', comparator: '>=', value: '2', unit: '项' },
    rule: { kind: 'proportional' },
  },
});

/** A plan of `size` events, for measuring what grows with a plan: the plan, 10 levels, 200 projects, the rest indicators. */
export function largePlanEvents(planId: string, size: number): PlanEvent[] {
  const events: PlanEvent[] = [
    {
      type: 'PlanCreated',
      data: { planId, name: '双高建设方案', school: '某职业技术学院', startYear: 2019, endYear: 2023 },
    },
  ];
  for (let l = 0; l < 10; l++) {
    events.push({
      type: 'LevelAdded',
      data: { planId, levelId: `L${l}`, name: `层面 ${l}`, kind: 'group', weight: '0.1' },
    });
  }
  for (let p = 0; p < 200; p++) {
    events.push({
      type: 'ProjectAdded',
      data: { planId, projectId: `pr${p}`, levelId: `L${p % 10}`, code: `${p}`, name: `项目 ${p}` },
    });
  }
  for (let i = 0; events.length < size; i++) events.push(indicatorDefined(planId, i));
  return events;
}
