import {
  campaignDecider,
  campaignStream,
  fold,
  type CampaignEvent,
  type CampaignKind,
  type CampaignSpec,
  type CampaignState,
  type Sections,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type Database from 'better-sqlite3';
import { tableViews } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

/** A campaign as lists show it: its spec without the windows and the roster. */
export type CampaignSummary = Omit<CampaignSpec, 'windows' | 'roster'>;

export interface ReportVersion {
  version: number;
  sections: Sections;
  author: string;
  savedAt: string;
}

interface Row {
  campaign_id: string;
  plan_id: string;
  kind: CampaignKind;
  title: string;
  period_start: string;
  period_end: string;
  cutoff: string;
}

const toSummary = (r: Row): CampaignSummary => ({
  campaignId: r.campaign_id,
  planId: r.plan_id,
  kind: r.kind,
  title: r.title,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  cutoff: r.cutoff,
});

const campaignsTable = tableViews('cg_campaigns', toSummary);

/** Which campaigns exist and the plan each belongs to (what access rules look up). */
export class CampaignIndex extends ReadQueries {
  ofPlan(planId: string): CampaignSummary[] {
    return campaignsTable.all(this.db, 'plan_id = ? ORDER BY period_end DESC, position', planId);
  }

  summary(campaignId: string): CampaignSummary | undefined {
    return campaignsTable.one(this.db, 'campaign_id = ?', campaignId);
  }
}

/** Campaigns of a plan from the index; each campaign's state from its own stream. */
export class CampaignQueries extends CampaignIndex {
  constructor(
    db: Database.Database,
    private readonly store: EventStore,
  ) {
    super(db);
  }

  /** The campaign as its stream says now (spec null: no such campaign). */
  async state(campaignId: string): Promise<CampaignState> {
    const events = await this.store.readStream(campaignStream(campaignId));
    return fold(
      campaignDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as CampaignEvent),
    );
  }

  /** Every saved version of a report, oldest first. */
  async versions(campaignId: string, reportId: string): Promise<ReportVersion[]> {
    const events = await this.store.readStream(campaignStream(campaignId));
    return events
      .filter((e) => e.type === 'LayerReportSaved' && (e.data as { reportId: string }).reportId === reportId)
      .map((e) => {
        const d = e.data as { version: number; sections: Sections; author: string };
        return { version: d.version, sections: d.sections, author: d.author, savedAt: e.metadata.time };
      });
  }
}
