import { ACHIEVEMENT_TIERS, Exact, summariseCompletion } from '@sg/domain';
import type {
  AchievementQueries,
  CompletionQueries,
  FundsQueries,
  FundsTotals,
  ScoreQueries,
} from '@sg/read-models';
import type { FigureBlock } from '@sg/application';
import { figure, percent, points } from '../http/figures';
import { actualText, targetText } from '../exports/self-evaluation.document';
import { SCORE_SUMMARY_HEADERS, scoreSummaryRows } from '../exports/score-summary';

/** One live block: a small table of computed figures and the date they stand at. */
export interface FigureTable {
  title: string;
  headers: string[];
  rows: string[][];
  /** Printed under the table: `数据截至 YYYY-MM-DD（按记录计算）`. */
  asOf: string;
}

export type ScopeFigures = Record<FigureBlock, FigureTable>;

export interface FigureSources {
  completion: CompletionQueries;
  scores: ScoreQueries;
  funds: FundsQueries;
  achievements: AchievementQueries;
}

const FUNDS_HEADERS = ['资金来源', '预算（万元）', '到位（万元）', '到位率', '支出（万元）', '执行率'];
const fundsRow = (label: string, t: FundsTotals) => [
  label,
  figure(t.budget),
  figure(t.arrived),
  new Exact(t.budget).isZero() ? '无预算，不计' : percent(t.arrivalRate),
  figure(t.spent),
  new Exact(t.budget).isZero() ? '无预算，不计' : percent(t.executionRate),
];

/**
 * The figures of one scope (a person, a project, a level, the plan) as of the campaign's
 * cut-off: its tasks' completion, indicator values and scores, 标志性成果 and funds. Computed
 * each time they are shown, never stored in a report: a block always prints what the log says.
 */
export function scopeFigures(
  sources: FigureSources,
  planId: string,
  scope: string,
  cutoff: string,
): ScopeFigures {
  const asOf = { cutoff };
  const label = `数据截至 ${cutoff}（按记录计算）`;
  const table = (title: string, headers: string[], rows: string[][]): FigureTable => ({
    title,
    headers,
    rows,
    asOf: label,
  });
  const [kind, id] = scope.split(':') as ['person' | 'project' | 'level' | 'plan', string];
  const view = sources.completion.planCompletionView(planId, asOf);
  const completions = sources.completion.rolledUpCompletions(planId, asOf);
  const allTasks = sources.completion.tasksOfPlan(planId);
  const projectOf = new Map(
    view.levels.flatMap((l) => l.projects.map((p) => [p.projectId, { ...p, levelId: l.levelId }])),
  );
  const scores = sources.scores.report(planId, asOf);
  const achievements = sources.achievements.byLevel(planId, asOf);
  const allAchievements = achievements.levels.flatMap((l) => l.achievements);
  const funds = sources.funds.funds(planId, asOf);

  const taskRows = (tasks: typeof allTasks) => {
    const rows = tasks.map((t) => [
      `${projectOf.get(t.projectId)?.code ?? ''} ${t.title}`.trim(),
      t.dueDate,
      percent(completions.get(t.taskId) ?? '0'),
    ]);
    if (tasks.length === 0) return rows;
    const summary = summariseCompletion(tasks.map((t) => completions.get(t.taskId) ?? '0'));
    return [
      ...rows,
      [`合计 ${summary.total} 项，完成 ${figure(summary.completed)} 项`, '', percent(summary.rate)],
    ];
  };
  const achievementRows = (list: typeof allAchievements) =>
    list.map((a) => [a.title, ACHIEVEMENT_TIERS[a.tier], a.attribution, a.awardedOn]);
  const ACHIEVEMENT_HEADERS = ['成果', '级别', '归属', '取得日期'];
  const INDICATOR_HEADERS = ['指标', '目标值', '实际值', '分值', '得分'];
  const TASK_HEADERS = ['建设任务', '完成期限', '完成度'];
  const levelIndicatorRows = (levelId: string) => {
    const level = scores.levels.find((l) => l.levelId === levelId);
    if (!level) return [];
    const rows = level.categories.flatMap((c) =>
      c.subcategories.flatMap((s) =>
        s.rows.flatMap((r) =>
          r.indicators.map((i) => [
            `${i.code} ${i.name}`,
            targetText(i.target),
            actualText(i),
            points(i.points),
            points(i.assessment.score),
          ]),
        ),
      ),
    );
    return [...rows, [`${level.name} 得分`, '', '', '', `${points(level.total)}（${level.grade}）`]];
  };

  /** A person's or a project's figures: its tasks, the achievements they earned, no funds of its own. */
  const ofTasks = (
    tasks: typeof allTasks,
    titles: { tasks: string; achievements: string },
    indicators: ReturnType<typeof table>,
  ) => {
    const taskIds = new Set(tasks.map((t) => t.taskId));
    return {
      tasks: table(titles.tasks, TASK_HEADERS, taskRows(tasks)),
      indicators,
      achievements: table(
        titles.achievements,
        ACHIEVEMENT_HEADERS,
        achievementRows(allAchievements.filter((a) => a.taskIds.some((t) => taskIds.has(t)))),
      ),
      funds: table('资金到位与执行', FUNDS_HEADERS, []),
    };
  };

  switch (kind) {
    case 'person':
      return ofTasks(
        allTasks.filter((t) => t.ownerId === id),
        { tasks: '本人负责的建设任务完成情况', achievements: '本人任务取得的标志性成果' },
        table('绩效指标', INDICATOR_HEADERS, []),
      );
    case 'project':
      return ofTasks(
        allTasks.filter((t) => t.projectId === id),
        { tasks: '本项目建设任务完成情况', achievements: '本项目任务取得的标志性成果' },
        table('所在层面的绩效指标', INDICATOR_HEADERS, levelIndicatorRows(projectOf.get(id)?.levelId ?? '')),
      );
    case 'level': {
      const level = view.levels.find((l) => l.levelId === id);
      const levelFunds = funds.byLevel.find((l) => l.levelId === id);
      return {
        tasks: table(
          '各项目建设任务完成情况',
          ['项目', '任务数（项）', '完成数（项）', '完成率'],
          level
            ? [
                ...level.projects.map((p) => [
                  `项目 ${p.code}：${p.name}`,
                  String(p.total),
                  figure(p.completed),
                  percent(p.rate),
                ]),
                ['小计', String(level.total), figure(level.completed), percent(level.rate)],
              ]
            : [],
        ),
        indicators: table('绩效指标完成情况', INDICATOR_HEADERS, levelIndicatorRows(id)),
        achievements: table(
          '标志性成果',
          ACHIEVEMENT_HEADERS,
          achievementRows(allAchievements.filter((a) => a.levelId === id)),
        ),
        funds: table(
          '资金到位与执行',
          FUNDS_HEADERS,
          levelFunds
            ? [...levelFunds.bySource.map((s) => fundsRow(s.source, s)), fundsRow('合计', levelFunds)]
            : [],
        ),
      };
    }
    case 'plan':
      return {
        tasks: table(
          '各层面建设任务完成情况',
          ['层面', '任务数（项）', '完成数（项）', '完成率'],
          [
            ...view.levels.map((l) => [l.name, String(l.total), figure(l.completed), percent(l.rate)]),
            ['合计', String(view.total), figure(view.completed), percent(view.rate)],
          ],
        ),
        indicators: table('自评得分', SCORE_SUMMARY_HEADERS, scoreSummaryRows(scores)),
        achievements: table(
          `标志性成果（共 ${achievements.total} 项，其中国家级 ${achievements.national} 项）`,
          ACHIEVEMENT_HEADERS,
          achievementRows(allAchievements),
        ),
        funds: table('资金到位与执行', FUNDS_HEADERS, [
          ...funds.bySource.map((s) => fundsRow(s.source, s)),
          ...(funds.bySource.length > 0 ? [fundsRow('合计', funds)] : []),
        ]),
      };
    default: {
      const never: never = kind;
      throw new Error(`Unknown scope ${String(never)}`);
    }
  }
}
