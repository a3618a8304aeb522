import type Database from 'better-sqlite3';
import { Exact } from '@sg/domain';
import { asOfClause, type AsOf } from '../framework/as-of';

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
export class FundsQueries {
  constructor(private readonly db: Database.Database) {}

  funds(planId: string, asOf: AsOf = {}): FundsView {
    const where = asOfClause(asOf, {
      effectiveDate: 'effective_date',
      recordedAt: 'recorded_at',
      position: 'position',
    });
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
}
