import {
  assessIndicator,
  Exact,
  gradeOf,
  INDICATOR_CATEGORIES,
  INDICATOR_SUBCATEGORIES,
  summariseGroup,
  weightedTotal,
  type ActualValue,
  type Assessment,
  type Grade,
  type GroupSummary,
  type IndicatorCategory,
  type IndicatorSpec,
  type IndicatorSubcategory,
} from '@sg/domain';
import { isCurrent, type AsOf } from '../framework/as-of';
import { statement } from '../framework/statement-cache';
import { standingRows } from '../framework/standing-rows';
import { surveyList, type SurveyList } from './survey-list';
import { ReadQueries } from '../framework/read-queries';

export type { SurveyList } from './survey-list';

export interface IndicatorResult {
  indicatorId: string;
  kind: 'indicator' | 'achievement';
  code: string;
  name: string;
  points: string;
  target: IndicatorSpec['target'];
  rule: IndicatorSpec['rule'];
  actual: ActualValue | null;
  effectiveDate: string | null;
  explanation: string | null;
  /** For an indicator fed by a satisfaction survey: its respondents and sample size. */
  survey?: { respondents: string; sampleSize: number };
  assessment: Assessment;
}

export interface GroupRow extends GroupSummary {
  code: string;
  name: string;
  /** 备注: "超额完成 N 个" or "-". */
  remark: string;
  indicators: IndicatorResult[];
}

export interface SubcategoryResult extends GroupSummary {
  subcategory: IndicatorSubcategory;
  name: string;
  rows: GroupRow[];
}

export interface CategoryResult {
  category: IndicatorCategory;
  name: string;
  points: string;
  score: string;
  subcategories: SubcategoryResult[];
}

export interface LevelResult {
  levelId: string;
  name: string;
  kind: string;
  weight: string;
  total: string;
  grade: Grade;
  categories: CategoryResult[];
}

export interface ScoreReport {
  planId: string;
  asOf: AsOf;
  levels: LevelResult[];
  total: string;
  grade: Grade;
}

interface IndicatorRow {
  indicator_id: string;
  level_id: string;
  subcategory: IndicatorSubcategory;
  group_code: string;
  group_name: string;
  code: string;
  name: string;
  points: string;
  target: string;
  rule: string;
  kind: 'indicator' | 'achievement';
  feed: string | null;
}

const NOT_ASSESSED: Assessment = {
  completion: '0',
  ratio: null,
  score: '0',
  met: false,
  overCompleted: false,
  needsExplanation: true,
};

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new Exact(0)).toString();

/** The score tree of a plan — indicators, table rows, 二级, 一级, levels, weighted total — as of any date. */
export class ScoreQueries extends ReadQueries {
  report(planId: string, asOf: AsOf = {}): ScoreReport {
    const levels = statement<[string], { level_id: string; name: string; kind: string; weight: string }>(
      this.db,
      'SELECT level_id, name, kind, weight FROM sc_levels WHERE plan_id = ? ORDER BY seq',
    ).all(planId);
    // As it stands: the indicators not withdrawn. As of a bound: those of the plan then, as defined then.
    const then = isCurrent(asOf) ? undefined : this.indicatorsAsOf(planId, asOf);
    const indicators = statement<[string], IndicatorRow & { withdrawn: number }>(
      this.db,
      'SELECT * FROM sc_indicators WHERE plan_id = ? ORDER BY seq',
    )
      .all(planId)
      .flatMap((row): IndicatorRow[] => {
        if (!then) return row.withdrawn === 0 ? [row] : [];
        const version = then.get(row.indicator_id);
        return version ? [{ ...row, ...version }] : [];
      });
    const standing = this.standingValues(planId, asOf);
    const surveys = this.standingSurveys(planId, asOf);

    const results = indicators.map((row) => {
      const spec: IndicatorSpec = {
        points: row.points,
        target: JSON.parse(row.target) as IndicatorSpec['target'],
        rule: JSON.parse(row.rule) as IndicatorSpec['rule'],
      };
      const feed = row.feed ? (JSON.parse(row.feed) as { survey: string }) : null;
      const survey = feed ? surveys.get(`${row.level_id}\u0000${feed.survey}`) : undefined;
      const value = feed
        ? survey && {
            actual: JSON.stringify({ kind: 'numeric', value: survey.satisfaction }),
            effective_date: survey.effective_date,
            explanation: null,
          }
        : standing.get(row.indicator_id);
      const actual = value ? (JSON.parse(value.actual) as ActualValue) : null;
      const result: IndicatorResult = {
        ...(feed && survey ? { survey: { respondents: feed.survey, sampleSize: survey.sample_size } } : {}),
        indicatorId: row.indicator_id,
        kind: row.kind,
        code: row.code,
        name: row.name,
        ...spec,
        actual,
        effectiveDate: value?.effective_date ?? null,
        explanation: value?.explanation ?? null,
        assessment: actual ? assessIndicator(spec, actual) : NOT_ASSESSED,
      };
      return { row, result };
    });

    const levelResults: LevelResult[] = levels.map((level) => {
      const mine = results.filter((r) => r.row.level_id === level.level_id);
      const categories = (Object.keys(INDICATOR_CATEGORIES) as IndicatorCategory[]).map((category) => {
        const subcategories = (Object.keys(INDICATOR_SUBCATEGORIES) as IndicatorSubcategory[])
          .filter((sub) => INDICATOR_SUBCATEGORIES[sub].category === category)
          .map((sub) =>
            subcategoryResult(
              sub,
              mine.filter((r) => r.row.subcategory === sub),
            ),
          )
          .filter((s) => s.count > 0);
        return {
          category,
          name: INDICATOR_CATEGORIES[category].name,
          points: sum(subcategories.map((s) => s.points)),
          score: sum(subcategories.map((s) => s.score)),
          subcategories,
        };
      });
      const total = sum(categories.map((c) => c.score));
      return {
        levelId: level.level_id,
        name: level.name,
        kind: level.kind,
        weight: level.weight,
        total,
        grade: gradeOf(total),
        categories: categories.filter((c) => c.subcategories.length > 0),
      };
    });
    const total = weightedTotal(levelResults.map((l) => ({ total: l.total, weight: l.weight })));
    return { planId, asOf, levels: levelResults, total, grade: gradeOf(total) };
  }

  /**
   * Per indicator, the version standing as of the bounds (latest effective date inside both, a
   * later entry winning a tie); indicators added later, or withdrawn by then, are absent.
   */
  private indicatorsAsOf(
    planId: string,
    asOf: AsOf,
  ): Map<string, { name: string; target: string; rule: string }> {
    const standing = standingRows<{
      indicator_id: string;
      name: string;
      target: string;
      rule: string;
      withdrawn: number;
    }>(
      this.db,
      'SELECT indicator_id, name, target, rule, withdrawn FROM sc_indicator_versions WHERE plan_id = ?',
      'indicator_id, effective_date, position',
      planId,
      asOf,
      (row) => row.indicator_id,
    );
    const present = new Map<string, { name: string; target: string; rule: string }>();
    for (const [id, row] of standing) {
      if (row.withdrawn === 0) present.set(id, { name: row.name, target: row.target, rule: row.rule });
    }
    return present;
  }

  /** The plan's 满意度调查 results inside the bounds, latest first, the standing ones marked. */
  surveys(planId: string, asOf: AsOf = {}): SurveyList {
    return surveyList(this.db, planId, asOf);
  }

  /** Per level × respondents, the survey result with the latest effective date inside both bounds. */
  private standingSurveys(planId: string, asOf: AsOf) {
    return standingRows<{
      level_id: string;
      respondents: string;
      sample_size: number;
      satisfaction: string;
      effective_date: string;
    }>(
      this.db,
      'SELECT level_id, respondents, sample_size, satisfaction, effective_date FROM sc_surveys WHERE plan_id = ?',
      'effective_date, position',
      planId,
      asOf,
      (row) => `${row.level_id}\u0000${row.respondents}`,
    );
  }

  /** Per indicator, the value with the latest effective date inside both bounds (later entry wins a tie). */
  private standingValues(planId: string, asOf: AsOf) {
    return standingRows<{
      indicator_id: string;
      effective_date: string;
      actual: string;
      explanation: string | null;
    }>(
      this.db,
      `SELECT k.key AS indicator_id, v.effective_date, v.actual, v.explanation FROM sc_values v
         JOIN sc_keys k ON k.id = v.indicator WHERE v.plan = (SELECT id FROM sc_keys WHERE key = ?)`,
      'v.indicator, v.effective_date, v.position',
      planId,
      asOf,
      (row) => row.indicator_id,
    );
  }
}

function subcategoryResult(
  subcategory: IndicatorSubcategory,
  items: { row: IndicatorRow; result: IndicatorResult }[],
): SubcategoryResult {
  const groups = new Map<string, { name: string; results: IndicatorResult[] }>();
  for (const { row, result } of items) {
    const group = groups.get(row.group_code) ?? { name: row.group_name, results: [] };
    group.results.push(result);
    groups.set(row.group_code, group);
  }
  const rows: GroupRow[] = [...groups.entries()].map(([code, group]) => {
    const summary = summariseGroup(
      group.results.map((r) => ({
        points: r.points,
        assessment: r.assessment,
        counted: r.kind === 'indicator',
      })),
    );
    return {
      code,
      name: group.name,
      ...summary,
      remark: summary.overCompleted > 0 ? `超额完成 ${summary.overCompleted} 个` : '-',
      indicators: group.results,
    };
  });
  const all = summariseGroup(
    items.map((i) => ({
      points: i.result.points,
      assessment: i.result.assessment,
      counted: i.result.kind === 'indicator',
    })),
  );
  return { subcategory, name: INDICATOR_SUBCATEGORIES[subcategory].name, ...all, rows };
}
