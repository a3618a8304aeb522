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

const PROPORTIONAL: IndicatorSpec['rule'] = { kind: 'proportional' };

type Measure = Pick<DemoIndicator, 'name' | 'points' | 'target' | 'rule' | 'actual'>;

/** An indicator measured by a number against its target (met at the target, by default). */
const measured = (
  name: string,
  points: string,
  target: IndicatorSpec['target'],
  value: string,
  rule: IndicatorSpec['rule'] = { kind: 'threshold' },
): Measure => ({ name, points, target, rule, actual: { kind: 'numeric', value } });

/** An indicator judged against a stated standard: its points less the deductions made. */
const judged = (
  name: string,
  points: string,
  standard: string,
  deductions: { points: string; reason: string }[],
): Measure => ({
  name,
  points,
  target: { kind: 'qualitative', text: standard },
  rule: { kind: 'manual' },
  actual: { kind: 'manual', deductions },
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

  /** The level's indicator group `n` (`${tier}.n`): each indicator numbered within it. */
  const inGroup =
    (subcategory: IndicatorSubcategory, n: number, name: string) =>
    (
      suffix: string | number,
      indicator: Omit<DemoIndicator, 'subcategory' | 'group' | 'code'>,
    ): DemoIndicator => ({
      subcategory,
      group: { code: `${tier}.${n}`, name },
      code: `${tier}.${n}.${suffix}`,
      ...indicator,
    });

  const t = level.timeliness;
  const timeliness = inGroup('timeliness', 3, '时效指标');
  out.push(
    timeliness(
      'A',
      measured('A 任务完成进度（%）', '4', atLeast('100', '%'), t.taskProgress, {
        kind: 'banded',
        bands: [
          { minRatio: '0.9', fraction: '0.75' },
          { minRatio: '0.93', fraction: '1' },
        ],
      }),
    ),
    timeliness('B', measured('B 收入预算执行率（%）', '3', atLeast('95', '%'), t.incomeExecution)),
    timeliness(
      'C',
      judged('C 支出预算执行率（%）', '3', '支出预算执行率不低于 90%', [t.expenditureDeduction]),
    ),
  );

  const social = inGroup('social', 4, '社会效益指标');
  level.social.percents.forEach((percent, i) =>
    out.push(
      social(
        i + 1,
        measured(`社会效益指标 ${i + 1}`, level.social.points, atLeast('100', '%'), percent, PROPORTIONAL),
      ),
    ),
  );
  out.push(achievement('social', `${tier}.4.A`, '标志性成果（社会效益）', level.social.achievementPoints));

  const sustainable = inGroup('sustainable', 5, '可持续影响指标');
  level.sustainable.ratios.forEach((r, i) =>
    out.push(
      sustainable(
        i + 1,
        measured(
          `可持续影响指标 ${i + 1}`,
          level.sustainable.points,
          atLeast(r.target, r.target === '100' ? '%' : '个'),
          r.actual,
          PROPORTIONAL,
        ),
      ),
    ),
  );
  out.push(
    achievement(
      'sustainable',
      `${tier}.5.A`,
      '标志性成果（可持续影响）',
      level.sustainable.achievementPoints,
    ),
  );

  const satisfaction = inGroup('satisfaction', 6, '满意度');
  Object.entries(level.satisfaction).forEach(([respondents, percent], i) => {
    const { actual, ...measure } = measured(`${respondents}满意度`, '2', atLeast('90', '%'), percent);
    out.push(satisfaction(i + 1, { ...measure, feed: { survey: respondents as Respondents }, actual }));
  });

  out.push(
    inGroup(
      'funds',
      7,
      '资金管理',
    )(1, judged('资金管理制度与执行', '5', '制度健全，预算编制科学合理，使用合规', level.management.funds)),
    inGroup(
      'project',
      8,
      '项目管理',
    )(1, judged('项目管理组织与制度', '5', '组织健全，管理制度健全', level.management.project)),
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
