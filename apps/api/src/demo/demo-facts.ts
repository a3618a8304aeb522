import {
  assessIndicator,
  Exact,
  summariseGroup,
  type ActualValue,
  type IndicatorDefinition,
  type IndicatorSpec,
  type IndicatorSubcategory,
  type Respondents,
} from '@sg/domain';
import type { DemoLevel, DemoRow } from './seed-plan';

export type DemoIndicator = Omit<IndicatorDefinition, 'planId' | 'indicatorId' | 'levelId'> & {
  actual: ActualValue;
};

/** Splits an amount into `parts` shares of whole cents (largest first), summing to it exactly. */
export function splitCents(amount: string, parts: number): string[] {
  if (parts === 0) return [];
  const cents = new Exact(amount).times(100);
  if (!cents.isInteger()) throw new Error(`${amount} is not a whole number of cents`);
  const base = cents.divToInt(parts);
  const remainder = cents.minus(base.times(parts)).toNumber();
  return Array.from({ length: parts }, (_, i) =>
    base
      .plus(i < remainder ? 1 : 0)
      .div(100)
      .toString(),
  );
}

const atLeast = (value: string, unit: string): IndicatorSpec['target'] => ({
  kind: 'numeric',
  comparator: '>=',
  value,
  unit,
});

/**
 * A table row's indicators: floor(完成数) met (the first `overCompleted` of them beyond target), at
 * most one partly done, the rest not started. Threshold rows put the row's score on the met
 * indicators; proportional rows share the points, the larger shares on the partly done ones.
 * The result is checked against the row: a row the invented detail cannot reproduce is an error.
 */
export function rowIndicators(
  row: DemoRow,
  subcategory: IndicatorSubcategory,
  rule: 'threshold' | 'proportional',
  prefix: string,
): DemoIndicator[] {
  const met = new Exact(row.completed).floor().toNumber();
  const partial = new Exact(row.completed).minus(met);
  const partials = partial.isZero() ? 0 : 1;
  const notStarted = row.count - met - partials;
  let points: string[];
  if (rule === 'threshold') {
    const rest = new Exact(row.points).minus(row.score).toString();
    points = [...splitCents(row.score, met), ...splitCents(rest, partials + notStarted)];
  } else {
    const shares = splitCents(row.points, row.count);
    // The largest shares go to the partly done indicator (rounding then favours the printed score).
    points = [
      ...shares.slice(partials, partials + met),
      ...shares.slice(0, partials),
      ...shares.slice(partials + met),
    ];
  }
  const indicators: DemoIndicator[] = Array.from({ length: row.count }, (_, i) => {
    const isMet = i < met;
    const isPartial = !isMet && i < met + partials;
    const over = isMet && i < row.overCompleted;
    return {
      subcategory,
      group: { code: row.code, name: row.name },
      code: `${prefix}.${i + 1}`,
      name: `${row.name}：指标 ${i + 1}`,
      points: points[i],
      target: isPartial ? atLeast('100', '%') : atLeast('10', '项'),
      rule: rule === 'threshold' ? { kind: 'threshold' } : { kind: 'proportional' },
      actual: {
        kind: 'numeric',
        value: isMet
          ? new Exact(10).times(over ? row.overRatio : 1).toString()
          : isPartial
            ? partial.times(100).toString()
            : '0',
      },
    };
  });
  const summary = summariseGroup(
    indicators.map((i) => ({ points: i.points, assessment: assessIndicator(i, i.actual) })),
  );
  const expected = { count: row.count, completed: row.completed, score: row.score, points: row.points };
  const got = {
    count: summary.count,
    completed: summary.completed,
    score: summary.score,
    points: summary.points,
  };
  if (JSON.stringify(got) !== JSON.stringify(expected) || summary.overCompleted !== row.overCompleted) {
    throw new Error(`demo row ${row.code} does not reproduce: ${JSON.stringify({ expected, got })}`);
  }
  return indicators;
}

/** Every indicator of a level, with its 2021 value. */
export function levelIndicators(level: DemoLevel, tier: string): DemoIndicator[] {
  const out: DemoIndicator[] = [];
  level.quantity.rows.forEach((row, i) =>
    out.push(...rowIndicators(row, 'quantity', level.quantity.rule, `${tier}.1.${i + 1}`)),
  );
  level.quality.rows.forEach((row, i) =>
    out.push(...rowIndicators(row, 'quality', level.quality.rule, `${tier}.2.${i + 1}`)),
  );
  const achievement = (
    subcategory: IndicatorSubcategory,
    code: string,
    name: string,
    points: string,
  ): DemoIndicator => ({
    subcategory,
    kind: 'achievement',
    group: { code: '标志性成果', name },
    code,
    name,
    points,
    target: atLeast('1', '项'),
    rule: { kind: 'threshold' },
    actual: { kind: 'numeric', value: '1' },
  });
  level.quality.achievements.forEach((a, i) =>
    out.push({
      ...achievement('quality', `${tier}.2.A${i + 1}`, a.name, a.points),
      group: { code: `标志性成果 ${i + 1}`, name: a.name },
    }),
  );

  const t = level.timeliness;
  const timeliness = { code: `${tier}.3`, name: '时效指标' };
  out.push(
    {
      subcategory: 'timeliness',
      group: timeliness,
      code: `${tier}.3.A`,
      name: 'A 任务完成进度（%）',
      points: '4',
      target: atLeast('100', '%'),
      rule: {
        kind: 'banded',
        bands: [
          { minRatio: '0.9', fraction: '0.75' },
          { minRatio: '0.93', fraction: '1' },
        ],
      },
      actual: { kind: 'numeric', value: t.taskProgress },
    },
    {
      subcategory: 'timeliness',
      group: timeliness,
      code: `${tier}.3.B`,
      name: 'B 收入预算执行率（%）',
      points: '3',
      target: atLeast('95', '%'),
      rule: { kind: 'threshold' },
      actual: { kind: 'numeric', value: t.incomeExecution },
    },
    {
      subcategory: 'timeliness',
      group: timeliness,
      code: `${tier}.3.C`,
      name: 'C 支出预算执行率（%）',
      points: '3',
      target: { kind: 'qualitative', text: '支出预算执行率不低于 90%' },
      rule: { kind: 'manual' },
      actual: { kind: 'manual', deductions: [t.expenditureDeduction] },
    },
  );

  const social = { code: `${tier}.4`, name: '社会效益指标' };
  level.social.percents.forEach((percent, i) =>
    out.push({
      subcategory: 'social',
      group: social,
      code: `${tier}.4.${i + 1}`,
      name: `社会效益指标 ${i + 1}`,
      points: level.social.points,
      target: atLeast('100', '%'),
      rule: { kind: 'proportional' },
      actual: { kind: 'numeric', value: percent },
    }),
  );
  out.push(achievement('social', `${tier}.4.A`, '标志性成果（社会效益）', level.social.achievementPoints));

  const sustainable = { code: `${tier}.5`, name: '可持续影响指标' };
  level.sustainable.ratios.forEach((r, i) =>
    out.push({
      subcategory: 'sustainable',
      group: sustainable,
      code: `${tier}.5.${i + 1}`,
      name: `可持续影响指标 ${i + 1}`,
      points: level.sustainable.points,
      target: atLeast(r.target, r.target === '100' ? '%' : '个'),
      rule: { kind: 'proportional' },
      actual: { kind: 'numeric', value: r.actual },
    }),
  );
  out.push(
    achievement(
      'sustainable',
      `${tier}.5.A`,
      '标志性成果（可持续影响）',
      level.sustainable.achievementPoints,
    ),
  );

  Object.entries(level.satisfaction).forEach(([respondents, percent], i) =>
    out.push({
      subcategory: 'satisfaction',
      group: { code: `${tier}.6`, name: '满意度' },
      code: `${tier}.6.${i + 1}`,
      name: `${respondents}满意度`,
      points: '2',
      target: atLeast('90', '%'),
      rule: { kind: 'threshold' },
      feed: { survey: respondents as Respondents },
      actual: { kind: 'numeric', value: percent },
    }),
  );

  out.push(
    {
      subcategory: 'funds',
      group: { code: `${tier}.7`, name: '资金管理' },
      code: `${tier}.7.1`,
      name: '资金管理制度与执行',
      points: '5',
      target: { kind: 'qualitative', text: '制度健全，预算编制科学合理，使用合规' },
      rule: { kind: 'manual' },
      actual: { kind: 'manual', deductions: level.management.funds },
    },
    {
      subcategory: 'project',
      group: { code: `${tier}.8`, name: '项目管理' },
      code: `${tier}.8.1`,
      name: '项目管理组织与制度',
      points: '5',
      target: { kind: 'qualitative', text: '组织健全，管理制度健全' },
      rule: { kind: 'manual' },
      actual: { kind: 'manual', deductions: level.management.project },
    },
  );
  return out;
}

/** Each task's completion: floor(完成数) done (the first `overCompleted` at 120 %), one partly, the rest 0. */
export function taskCompletions(tasks: number, completed: string, overCompleted: number): string[] {
  const done = new Exact(completed).floor().toNumber();
  const partial = new Exact(completed).minus(done);
  return Array.from({ length: tasks }, (_, i) => {
    if (i < done) return i < overCompleted ? '1.2' : '1';
    if (i === done && !partial.isZero()) return partial.toString();
    return '0';
  });
}
