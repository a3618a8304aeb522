import type Database from 'better-sqlite3';
import { Exact } from '@sg/domain';
import { asOfClause, asOfColumns, type AsOf } from '../framework/as-of';

type Amount = InstanceType<typeof Exact>;

/** Funds of one 建设任务 line against its budget: 到位率 = arrived / budget, 执行率 = spent / budget. */
export interface LineFunds {
  budget: string;
  arrived: string;
  spent: string;
  /** null without a budget. */
  arrivalRate: string | null;
  executionRate: string | null;
}

/** Per `level|line|source`, the funds record standing as of the bounds (latest effective date, later entry winning a tie). */
export function standingTaskFunds(
  db: Database.Database,
  planId: string,
  asOf: AsOf,
): Map<string, { arrived: string; spent: string }> {
  const where = asOfClause(asOf, asOfColumns());
  const rows = db
    .prepare<
      (string | number)[],
      { level_id: string; line_key: string; source: string; arrived: string; spent: string }
    >(
      `SELECT level_id, line_key, source, arrived, spent FROM fd_task_funds WHERE plan_id = ? AND ${where.sql}
       ORDER BY effective_date, position`,
    )
    .all(planId, ...where.params);
  const standing = new Map<string, { arrived: string; spent: string }>();
  for (const row of rows) standing.set(`${row.level_id}|${row.line_key}|${row.source}`, row);
  return standing;
}

/** One line's figures, in all and per source, from its budget per source and the funds standing. */
export function lineFunds(
  budgets: Record<string, string>,
  funds: (source: string) => { arrived: string; spent: string } | undefined,
): LineFunds & { bySource: (LineFunds & { source: string })[] } {
  const figures = (budget: Amount, arrived: Amount, spent: Amount): LineFunds => ({
    budget: budget.toString(),
    arrived: arrived.toString(),
    spent: spent.toString(),
    arrivalRate: budget.isZero() ? null : arrived.div(budget).toString(),
    executionRate: budget.isZero() ? null : spent.div(budget).toString(),
  });
  let [budget, arrived, spent] = [new Exact(0), new Exact(0), new Exact(0)];
  const bySource = Object.entries(budgets).map(([source, amount]) => {
    const cell = funds(source);
    const [b, a, s] = [new Exact(amount), new Exact(cell?.arrived ?? 0), new Exact(cell?.spent ?? 0)];
    [budget, arrived, spent] = [budget.plus(b), arrived.plus(a), spent.plus(s)];
    return { source, ...figures(b, a, s) };
  });
  return { ...figures(budget, arrived, spent), bySource };
}
