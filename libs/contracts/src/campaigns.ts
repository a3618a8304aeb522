/* 绩效自评 campaigns (ADR 0029): reports by layer, their live figure blocks and 典型案例. */

/** A live figure block: computed figures of a report's scope and the date they stand at. */
export interface CampaignFigureTable {
  title: string;
  headers: string[];
  rows: string[][];
  asOf: string;
}

export type CampaignFigureBlock = 'tasks' | 'indicators' | 'achievements' | 'funds';

export interface CampaignPerson {
  userId: string;
  name: string;
}

export interface CampaignReportSummary {
  reportId: string;
  layer: 'individual' | 'unit' | 'group' | 'school';
  layerName: string;
  scope: string;
  title: string;
  authors: CampaignPerson[];
  signers: CampaignPerson[];
  status: 'draft' | 'submitted' | 'signed-off' | 'returned';
  statusName: string;
  version: number;
  closes: string;
  submittedOn: string | null;
  late: boolean;
  opinion: string | null;
  returnReason: string | null;
}

export interface CampaignSummaryView {
  campaignId: string;
  planId: string;
  kind: string;
  kindName: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  cutoff: string;
}

export interface TypicalCaseView {
  achievementId: string;
  achievement: string;
  tier: string;
  awardedOn: string;
  achievers: CampaignPerson[];
  written: boolean;
  title: string | null;
  html: string | null;
  characters: number;
  version: number;
  author: string | null;
}

export interface CampaignOverview extends CampaignSummaryView {
  today: string;
  layers: {
    layer: string;
    name: string;
    opens: string;
    closes: string;
    total: number;
    submitted: number;
    signedOff: number;
    reports: CampaignReportSummary[];
  }[];
  typicalCases: TypicalCaseView[];
  publications: { version: number; sha256: string; bytes: number; fileName: string; publishedOn: string }[];
}

export interface CampaignTodo {
  campaignId: string;
  title: string;
  cutoff: string;
  today: string;
  write: (CampaignReportSummary & { figures: Record<CampaignFigureBlock, CampaignFigureTable> })[];
  sign: CampaignReportSummary[];
  typicalCases: TypicalCaseView[];
}

export interface CampaignReportSection {
  key: 'completion' | 'outcomes' | 'features' | 'problems' | 'plans';
  name: string;
  html: string;
}

export interface CampaignReportView extends CampaignReportSummary {
  campaignTitle: string;
  cutoff: string;
  window: { opens: string; closes: string };
  sections: CampaignReportSection[];
  figures: Record<CampaignFigureBlock, CampaignFigureTable>;
  mayWrite: boolean;
  maySign: boolean;
  below: (CampaignReportSummary & { sections: CampaignReportSection[] })[];
}
