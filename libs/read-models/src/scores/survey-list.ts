import type Database from 'better-sqlite3';
import type { SurveyListView, SurveyView } from '@sg/contracts';
import { asOfClause, asOfColumns, type AsOf } from '../framework/as-of';

export interface SurveyList extends SurveyListView {
  asOf: AsOf;
}

/**
 * A plan's survey results inside the as-of bounds, latest effective date first (a later entry
 * first on the same date), each marked standing when it is the one its indicators score from.
 */
export function surveyList(db: Database.Database, planId: string, asOf: AsOf): SurveyList {
  const where = asOfClause(asOf, asOfColumns('s'));
  const rows = db
    .prepare<
      (string | number)[],
      {
        level_id: string;
        level_name: string | null;
        respondents: string;
        sample_size: number;
        satisfaction: string;
        effective_date: string;
        recorded_at: string;
      }
    >(
      `SELECT s.level_id, l.name AS level_name, s.respondents, s.sample_size, s.satisfaction,
              s.effective_date, s.recorded_at
         FROM sc_surveys s LEFT JOIN sc_levels l ON l.plan_id = s.plan_id AND l.level_id = s.level_id
        WHERE s.plan_id = ? AND ${where.sql}
        ORDER BY s.effective_date DESC, s.position DESC`,
    )
    .all(planId, ...where.params);
  const seen = new Set<string>();
  const surveys = rows.map((row): SurveyView => {
    const key = `${row.level_id}\u0000${row.respondents}`;
    const standing = !seen.has(key);
    seen.add(key);
    return {
      levelId: row.level_id,
      levelName: row.level_name ?? '',
      respondents: row.respondents,
      sampleSize: row.sample_size,
      satisfaction: row.satisfaction,
      effectiveDate: row.effective_date,
      recordedAt: row.recorded_at,
      standing,
    };
  });
  return { planId, asOf, surveys };
}
