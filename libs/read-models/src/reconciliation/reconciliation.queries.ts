import { DECLARED_MEASURES, Exact, gradeOf, type DeclaredFigure, type GroupSummary } from '@sg/domain';
import { CompletionQueries, type PlanCompletionView } from '../completion/completion.queries';
import { statement } from '../framework/statement-cache';
import { ScoreQueries, type ScoreReport } from '../scores/scores.queries';
import { ReadQueries } from '../framework/read-queries';

export interface ReconciledFigure extends DeclaredFigure {
  status: 'match' | 'mismatch' | 'not-found';
  /** The computed figure, printed with the declared one's precision (and % if it has one). */
  computed: string | null;
  exact: string | null;
  /** zh-CN: what disagrees, or where the figure could not be found. */
  message: string;
}

export interface Reconciliation {
  report: string;
  cutoff: string;
  declaredAt: string;
  figures: ReconciledFigure[];
  mismatches: number;
}

type Lookup = { value: string } | { missing: string };

/** Compares the figures a report declares with the ones computed from the log as of its cut-off. */
export class ReconciliationQueries extends ReadQueries {
  private readonly scores = new ScoreQueries(this.db);
  private readonly completion = new CompletionQueries(this.db);

  reconcile(planId: string): Reconciliation[] {
    const declarations = statement<
      [string],
      { report: string; cutoff: string; figures: string; declared_at: string }
    >(
      this.db,
      'SELECT report, cutoff, figures, declared_at FROM rc_declarations WHERE plan_id = ? ORDER BY position',
    ).all(planId);
    return declarations.map((declaration) => {
      const asOf = { cutoff: declaration.cutoff };
      const scores = this.scores.report(planId, asOf);
      const completion = this.completion.planCompletion(planId, asOf);
      const figures = (JSON.parse(declaration.figures) as DeclaredFigure[]).map((figure) =>
        compare(figure, lookup(figure, scores, completion)),
      );
      return {
        report: declaration.report,
        cutoff: declaration.cutoff,
        declaredAt: declaration.declared_at,
        figures,
        mismatches: figures.filter((f) => f.status !== 'match').length,
      };
    });
  }
}

function where(figure: DeclaredFigure): string {
  return [
    figure.level,
    figure.project && `项目 ${figure.project}`,
    figure.row,
    DECLARED_MEASURES[figure.measure],
  ]
    .filter(Boolean)
    .join(' · ');
}

function compare(figure: DeclaredFigure, found: Lookup): ReconciledFigure {
  if ('missing' in found) {
    return {
      ...figure,
      status: 'not-found',
      computed: null,
      exact: null,
      message: `${where(figure)}：${found.missing}`,
    };
  }
  const declared = figure.value;
  let computed: string;
  if (/^[优良中差]$/.test(declared)) computed = found.value;
  else {
    const percent = declared.endsWith('%');
    const places = (declared.replace('%', '').split('.')[1] ?? '').length;
    const value = percent ? new Exact(found.value).times(100) : new Exact(found.value);
    computed = `${value.toDecimalPlaces(places).toFixed(places)}${percent ? '%' : ''}`;
  }
  const same = /^[优良中差]$/.test(declared)
    ? computed === declared
    : new Exact(computed.replace('%', '')).eq(declared.replace('%', ''));
  return {
    ...figure,
    status: same ? 'match' : 'mismatch',
    computed,
    exact: found.value,
    message: same
      ? `${where(figure)}：一致（${declared}）`
      : `${where(figure)}：报告为 ${declared}，按记录计算为 ${computed}（${figure.source}）`,
  };
}

const ratio = (a: string, b: string) => (new Exact(b).isZero() ? '0' : new Exact(a).div(b).toString());

function lookup(figure: DeclaredFigure, scores: ScoreReport, completion: PlanCompletionView): Lookup {
  const m = figure.measure;
  if (m === 'tasks' || m === 'tasksCompleted' || m === 'taskRate' || m === 'tasksOverCompleted') {
    let target: { total: number; completed: string; rate: string; overCompleted: number } = completion;
    if (figure.level) {
      const level = completion.levels.find((l) => l.name === figure.level);
      if (!level) return { missing: `没有名为「${figure.level}」的层面` };
      target = level;
      if (figure.project) {
        const project = level.projects.find((p) => p.code === figure.project);
        if (!project) return { missing: `没有编号为 ${figure.project} 的项目` };
        target = project;
      }
    }
    const values = {
      tasks: String(target.total),
      tasksCompleted: target.completed,
      taskRate: target.rate,
      tasksOverCompleted: String(target.overCompleted),
    };
    return { value: values[m] };
  }

  if (!figure.level) {
    if (m === 'total') return { value: scores.total };
    if (m === 'grade') return { value: scores.grade };
    return { missing: '方案整体只有总分与等级' };
  }
  const level = scores.levels.find((l) => l.name === figure.level);
  if (!level) return { missing: `没有名为「${figure.level}」的层面` };

  if (figure.subcategory) {
    const sub = level.categories
      .flatMap((c) => c.subcategories)
      .find((s) => s.subcategory === figure.subcategory);
    if (!sub) return { missing: '该层面没有这个二级指标' };
    if (figure.row) {
      const row = sub.rows.find((r) => r.code === figure.row);
      if (!row) return { missing: `没有编号为「${figure.row}」的表格行` };
      return fromSummary(row, m);
    }
    if (m === 'rowsScore') {
      const rows = sub.rows.filter((r) => r.indicators.every((i) => i.kind === 'indicator'));
      return { value: rows.reduce((sum, r) => sum.plus(r.score), new Exact(0)).toString() };
    }
    return fromSummary(sub, m);
  }
  if (figure.category) {
    const category = level.categories.find((c) => c.category === figure.category);
    if (!category) return { missing: '该层面没有这个一级指标' };
    return pointsAndScore(category.points, category.score, m);
  }
  if (m === 'grade') return { value: gradeOf(level.total) };
  const points = level.categories.reduce((sum, c) => sum.plus(c.points), new Exact(0)).toString();
  return pointsAndScore(points, level.total, m === 'total' ? 'score' : m);
}

function pointsAndScore(points: string, score: string, m: DeclaredFigure['measure']): Lookup {
  if (m === 'score' || m === 'total') return { value: score };
  if (m === 'deduction') return { value: new Exact(points).minus(score).toString() };
  if (m === 'scoreRate') return { value: ratio(score, points) };
  return { missing: `此处没有「${DECLARED_MEASURES[m]}」` };
}

function fromSummary(summary: GroupSummary, m: DeclaredFigure['measure']): Lookup {
  switch (m) {
    case 'count':
      return { value: String(summary.count) };
    case 'completed':
      return { value: summary.completed };
    case 'rate':
      return { value: summary.rate };
    case 'overCompleted':
      return { value: String(summary.overCompleted) };
    case 'score':
    case 'total':
    case 'deduction':
    case 'scoreRate':
    case 'rowsScore':
    case 'grade':
    case 'tasks':
    case 'tasksCompleted':
    case 'taskRate':
    case 'tasksOverCompleted':
      return pointsAndScore(summary.points, summary.score, m);
  }
}
