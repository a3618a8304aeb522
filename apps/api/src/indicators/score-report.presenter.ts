import type { GroupSummary } from '@sg/domain';
import type { ScoreReport } from '@sg/read-models';

import { figure, percent, points } from '../http/figures';

const summaryDisplay = (s: GroupSummary) => ({
  count: String(s.count),
  completed: figure(s.completed),
  rate: percent(s.rate),
  score: points(s.score),
});

/** Adds the printed form of every figure beside its exact value; nothing is rounded before this. */
export function presentScoreReport(report: ScoreReport) {
  return {
    ...report,
    display: { total: points(report.total) },
    levels: report.levels.map((level) => ({
      ...level,
      display: { total: points(level.total), weight: percent(level.weight) },
      categories: level.categories.map((category) => ({
        ...category,
        display: { points: points(category.points), score: points(category.score) },
        subcategories: category.subcategories.map((sub) => ({
          ...sub,
          display: summaryDisplay(sub),
          rows: sub.rows.map((row) => ({ ...row, display: summaryDisplay(row) })),
        })),
      })),
    })),
  };
}
