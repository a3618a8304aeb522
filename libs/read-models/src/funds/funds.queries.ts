import { Exact } from '@sg/domain';
import { asOfClause, asOfColumns, type AsOf } from '../framework/as-of';
import { lineFunds, standingTaskFunds, type LineFunds } from './task-funds';
import { ReadQueries } from '../framework/read-queries';

export interface FundsTotals {
  budget: string;
  arrived: string;
  spent: string;
  /** 到位率 = arrived / budget */
  arrivalRate: string;
  /** 执行率 = spent / budget */
  executionRate: string;
}

export interface FundsView extends FundsTotals {
  planId: string;
  asOf: AsOf;
  bySource: (FundsTotals & { source: string })[];
  byLevel: (FundsTotals & { levelId: string; bySource: (FundsTotals & { source: string })[] })[];
  byYear: (FundsTotals & { year: number })[];
}

interface Cell {
  level_id: string;
  source: string;
  year: number;
  budget: string;
  arrived: string;
  spent: string;
}

function totals(cells: Cell[]): FundsTotals {
  const sum = (key: 'budget' | 'arrived' | 'spent') => cells.reduce((s, c) => s.plus(c[key]), new Exact(0));
  const budget = sum('budget');
  const rate = (value: InstanceType<typeof Exact>) => (budget.isZero() ? '0' : value.div(budget).toString());
  return {
    budget: budget.toString(),
    arrived: sum('arrived').toString(),
    spent: sum('spent').toString(),
    arrivalRate: rate(sum('arrived')),
    executionRate: rate(sum('spent')),
  };
}

function group<K extends string | number>(cells: Cell[], key: (c: Cell) => K): [K, Cell[]][] {
  const groups = new Map<K, Cell[]>();
  for (const cell of cells) groups.set(key(cell), [...(groups.get(key(cell)) ?? []), cell]);
  return [...groups.entries()];
}

/** 资金到位率 and 执行率 per source, level and year, as of a cut-off and a knowledge time. */
export class FundsQueries extends ReadQueries {
  funds(planId: string, asOf: AsOf = {}): FundsView {
    const where = asOfClause(asOf, asOfColumns());
    const records = this.db
      .prepare<(string | number)[], Cell>(
        `SELECT level_id, source, year, budget, arrived, spent FROM fd_records WHERE plan_id = ? AND ${where.sql}
         ORDER BY effective_date, position`,
      )
      .all(planId, ...where.params);
    // Latest effective record per level × source × year stands.
    const standing = new Map<string, Cell>();
    for (const record of records)
      standing.set(`${record.level_id}\u0000${record.source}\u0000${record.year}`, record);
    const cells = [...standing.values()];
    return {
      planId,
      asOf,
      ...totals(cells),
      bySource: group(cells, (c) => c.source).map(([source, list]) => ({ source, ...totals(list) })),
      byLevel: group(cells, (c) => c.level_id).map(([levelId, list]) => ({
        levelId,
        ...totals(list),
        bySource: group(list, (c) => c.source).map(([source, l]) => ({ source, ...totals(l) })),
      })),
      byYear: group(cells, (c) => c.year)
        .sort(([a], [b]) => a - b)
        .map(([year, list]) => ({ year, ...totals(list) })),
    };
  }

  /**
   * The 任务书's budgets against the funds recorded: per level and source, the 总预算 (1-4) with
   * 到位率 = arrived / budget and 执行率 = spent / budget (funds summed over the years as they
   * stand); per 建设任务 line its budget per source with the funds recorded against that line as of
   * the bounds (到位率, 执行率 per line and source). A budget counts as known once recorded: the
   * cut-off does not hide it.
   */
  budgets(planId: string, asOf: AsOf = {}): BudgetsView {
    const known = asOfClause(
      { knownAt: asOf.knownAt, position: asOf.position },
      { effectiveDate: 'recorded_at', recordedAt: 'recorded_at', position: 'position' },
    );
    const rows = this.db
      .prepare<(string | number)[], BudgetRow>(
        `SELECT level_id, kind, year, source_key, primary_task, secondary_task, project_id, source, amount, seq, position
         FROM fd_budgets WHERE plan_id = ? AND ${known.sql} ORDER BY position, seq`,
      )
      .all(planId, ...known.params);
    // The latest budget of each level, kind and year stands.
    const latest = new Map<string, number>();
    for (const row of rows) latest.set(`${row.level_id}|${row.kind}|${row.year ?? ''}`, row.position);
    const standing = rows.filter((r) => latest.get(`${r.level_id}|${r.kind}|${r.year ?? ''}`) === r.position);
    const funds = this.funds(planId, asOf);
    const taskFunds = standingTaskFunds(this.db, planId, asOf);
    const sum = (list: BudgetRow[]) => list.reduce((s, r) => s.plus(r.amount), new Exact(0));
    const rate = (value: string, budget: InstanceType<typeof Exact>) =>
      budget.isZero() ? null : new Exact(value).div(budget).toString();
    const levels = [...new Set(standing.map((r) => r.level_id))];
    return {
      planId,
      asOf,
      levels: levels.map((levelId) => {
        const mine = standing.filter((r) => r.level_id === levelId);
        const total = mine.filter((r) => r.kind === 'total');
        const recorded = funds.byLevel.find((l) => l.levelId === levelId);
        const sources = [...new Set(mine.map((r) => r.source))];
        const lines = new Map<string, BudgetRow[]>();
        for (const row of total) lines.set(row.source_key, [...(lines.get(row.source_key) ?? []), row]);
        return {
          levelId,
          budget: sum(total).toString(),
          bySource: sources.map((source) => {
            const budget = sum(total.filter((r) => r.source === source));
            const cell = recorded?.bySource.find((s) => s.source === source);
            const arrived = cell?.arrived ?? '0';
            const spent = cell?.spent ?? '0';
            return {
              source,
              budget: budget.toString(),
              arrived,
              spent,
              arrivalRate: rate(arrived, budget),
              executionRate: rate(spent, budget),
            };
          }),
          annual: [...new Set(mine.filter((r) => r.kind === 'annual').map((r) => r.year!))]
            .sort((a, b) => a - b)
            .map((year) => ({
              year,
              budget: sum(mine.filter((r) => r.kind === 'annual' && r.year === year)).toString(),
            })),
          tasks: [...lines.values()].map((list) => {
            const line = list[0].source_key;
            const budgets = Object.fromEntries(list.map((r) => [r.source, r.amount]));
            return {
              sourceKey: line,
              primaryTask: list[0].primary_task,
              secondaryTask: list[0].secondary_task,
              projectId: list[0].project_id,
              budget: sum(list).toString(),
              bySource: budgets,
              funds: lineFunds(budgets, (source) => taskFunds.get(`${levelId}|${line}|${source}`)),
            };
          }),
        };
      }),
    };
  }
}

interface BudgetRow {
  level_id: string;
  kind: 'total' | 'annual';
  year: number | null;
  source_key: string;
  primary_task: string;
  secondary_task: string;
  project_id: string | null;
  source: string;
  amount: string;
  seq: number;
  position: number;
}

export interface BudgetsView {
  planId: string;
  asOf: AsOf;
  levels: {
    levelId: string;
    /** 1-4 项目总预算 of the level, 万元. */
    budget: string;
    /** Per source: 任务书 budget, funds arrived and spent, 到位率 and 执行率 (null without a budget). */
    bySource: {
      source: string;
      budget: string;
      arrived: string;
      spent: string;
      arrivalRate: string | null;
      executionRate: string | null;
    }[];
    /** 1-5 年度预算 totals. */
    annual: { year: number; budget: string }[];
    /** Per 建设任务 line of the 总预算: its budget in all and per source. */
    tasks: {
      sourceKey: string;
      primaryTask: string;
      secondaryTask: string;
      projectId: string | null;
      budget: string;
      bySource: Record<string, string>;
      /** Funds recorded against the line as of the bounds, in all and per source. */
      funds: LineFunds & { bySource: (LineFunds & { source: string })[] };
    }[];
  }[];
}
