import type { CampaignEvent } from '@sg/domain';
import { defineProjection } from '../framework/define-projection';
import { statement } from '../framework/statement-cache';

/**
 * Which campaigns a plan has. A campaign's own state (its layers, reports, versions) is folded
 * from its stream when read: the stream is the one place it lives, and it is small.
 */
export const campaignsProjection = defineProjection<CampaignEvent>({
  name: 'campaigns',
  tablePrefix: 'cg_',
  version: 1,
  schema: `
      CREATE TABLE IF NOT EXISTS cg_campaigns (
        campaign_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
        period_start TEXT NOT NULL, period_end TEXT NOT NULL, cutoff TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS cg_by_plan ON cg_campaigns (plan_id);`,
  on: {
    CampaignOpened(db, d, recorded) {
      statement(
        db,
        `INSERT OR IGNORE INTO cg_campaigns (campaign_id, plan_id, kind, title, period_start, period_end, cutoff, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(d.campaignId, d.planId, d.kind, d.title, d.periodStart, d.periodEnd, d.cutoff, recorded.position);
    },
  },
});
