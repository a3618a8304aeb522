import type { AchievementEvent } from '@sg/domain';
import { defineProjection } from '../framework/define-projection';
import { statement } from '../framework/statement-cache';

export const achievementsProjection = defineProjection<AchievementEvent>({
  name: 'achievements',
  tablePrefix: 'ac_',
  version: 1,
  schema: `
      CREATE TABLE IF NOT EXISTS ac_achievements (
        achievement_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, level_id TEXT NOT NULL, title TEXT NOT NULL,
        tier TEXT NOT NULL, attribution TEXT NOT NULL, awarded_on TEXT NOT NULL, recorded_at TEXT NOT NULL,
        position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS ac_by_plan ON ac_achievements (plan_id, level_id);
      CREATE TABLE IF NOT EXISTS ac_links (
        achievement_id TEXT NOT NULL, task_id TEXT NOT NULL, PRIMARY KEY (achievement_id, task_id));
      CREATE INDEX IF NOT EXISTS ac_links_by_task ON ac_links (task_id);`,
  on: {
    AchievementRecorded(db, d, recorded) {
      statement(
        db,
        `INSERT INTO ac_achievements (achievement_id, plan_id, level_id, title, tier, attribution, awarded_on, recorded_at, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        d.achievementId,
        d.planId,
        d.levelId,
        d.title,
        d.tier,
        d.attribution,
        d.awardedOn,
        recorded.metadata.time,
        recorded.position,
      );
      const link = statement(db, 'INSERT OR IGNORE INTO ac_links (achievement_id, task_id) VALUES (?, ?)');
      for (const taskId of d.taskIds) link.run(d.achievementId, taskId);
    },
  },
});
