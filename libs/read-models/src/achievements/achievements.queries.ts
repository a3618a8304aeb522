import type { AchievementTier } from '@sg/contracts';
import type { Achievement } from '@sg/domain';
import { asOfClause, type AsOf } from '../framework/as-of';
import { statement } from '../framework/statement-cache';
import { ReadQueries } from '../framework/read-queries';

/** An achievement as the domain records it, without the plan it belongs to (it is listed per plan). */
export type AchievementView = Omit<Achievement, 'planId'>;

export interface AchievementsByLevel {
  levelId: string;
  national: number;
  regional: number;
  total: number;
  achievements: AchievementView[];
}

/** 标志性成果 by level and tier, each counted once, as of a cut-off and a knowledge time. */
export class AchievementQueries extends ReadQueries {
  byLevel(
    planId: string,
    asOf: AsOf = {},
  ): { total: number; national: number; levels: AchievementsByLevel[] } {
    const where = asOfClause(asOf, {
      effectiveDate: 'awarded_on',
      recordedAt: 'recorded_at',
      position: 'position',
    });
    const rows = this.db
      .prepare<
        (string | number)[],
        {
          achievement_id: string;
          level_id: string;
          title: string;
          tier: AchievementTier;
          attribution: string;
          awarded_on: string;
        }
      >(`SELECT * FROM ac_achievements WHERE plan_id = ? AND ${where.sql} ORDER BY awarded_on, position`)
      .all(planId, ...where.params);
    const links = statement<[string], { task_id: string }>(
      this.db,
      'SELECT task_id FROM ac_links WHERE achievement_id = ? ORDER BY task_id',
    );
    const views: AchievementView[] = rows.map((r) => ({
      achievementId: r.achievement_id,
      levelId: r.level_id,
      title: r.title,
      tier: r.tier,
      attribution: r.attribution,
      awardedOn: r.awarded_on,
      taskIds: links.all(r.achievement_id).map((l) => l.task_id),
    }));
    const levelIds = [...new Set(views.map((v) => v.levelId))];
    return {
      total: views.length,
      national: views.filter((v) => v.tier === 'national').length,
      levels: levelIds.map((levelId) => {
        const mine = views.filter((v) => v.levelId === levelId);
        return {
          levelId,
          national: mine.filter((v) => v.tier === 'national').length,
          regional: mine.filter((v) => v.tier === 'regional').length,
          total: mine.length,
          achievements: mine,
        };
      }),
    };
  }
}
