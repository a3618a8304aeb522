import type { Message } from '../shared/decider';
import type { Standing } from '../user/standing';

/** 绩效自评 kinds: 年度 (one calendar year), 中期 (from the plan's start), 终期 (the whole plan). */
export const CAMPAIGN_KINDS = { annual: '年度', 'mid-term': '中期', final: '终期' } as const;
export type CampaignKind = keyof typeof CAMPAIGN_KINDS;

/** The four layers, lowest first: each writes after the one below it. */
export const CAMPAIGN_LAYERS = ['individual', 'unit', 'group', 'school'] as const;
export type CampaignLayer = (typeof CAMPAIGN_LAYERS)[number];
export const LAYER_NAMES: Record<CampaignLayer, string> = {
  individual: '个人自评',
  unit: '建设单位（部门）自评',
  group: '建设组自评',
  school: '学校自评总结',
};

/** The template's sections, in the order every layer's report has them. */
export const REPORT_SECTIONS = ['completion', 'outcomes', 'features', 'problems', 'plans'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export const SECTION_NAMES: Record<ReportSection, string> = {
  completion: '建设任务完成情况',
  outcomes: '建设成效（含标志性成果）',
  features: '特色与创新',
  problems: '存在问题及分析',
  plans: '下一步工作计划',
};

export interface LayerWindow {
  /** First day reports of the layer may be submitted (YYYY-MM-DD, the plan's calendar). */
  opens: string;
  /** Last day of the window; later submissions are accepted and marked late. */
  closes: string;
}

/** One report someone must write: worked out when the campaign opens. */
export interface Assignment {
  reportId: string;
  layer: CampaignLayer;
  /** `person:<userId>`, `project:<projectId>`, `level:<levelId>` or `plan:<planId>`. */
  scope: string;
  /** What the report covers, as the to-do names it. */
  title: string;
  authors: string[];
  /** Grants an author must still hold one of when writing (none: being named here is enough). */
  authorGrants: string[];
  signers: string[];
  /** Grants a signer must still hold one of when signing off or returning. */
  signerGrants: string[];
  /** Reports of the layer below that this one sums up (it may read and quote them). */
  below: string[];
}

export type Sections = Record<ReportSection, string>;

export interface CampaignSpec {
  campaignId: string;
  planId: string;
  kind: CampaignKind;
  title: string;
  periodStart: string;
  periodEnd: string;
  cutoff: string;
  windows: Record<CampaignLayer, LayerWindow>;
  roster: Assignment[];
}

export type ReportStatus = 'draft' | 'submitted' | 'signed-off' | 'returned';

export interface ReportState {
  assignment: Assignment;
  status: ReportStatus;
  /** Versions saved so far (0: nothing written). */
  version: number;
  sections: Sections;
  submittedOn: string | null;
  late: boolean;
  opinion: string | null;
  returnReason: string | null;
}

export interface TypicalCase {
  caseId: string;
  achievementId: string;
  title: string;
  html: string;
  /** Characters of text (tags and whitespace not counted). */
  characters: number;
  author: string;
  version: number;
}

export interface Publication {
  version: number;
  sha256: string;
  bytes: number;
  fileName: string;
  publishedOn: string;
}

export interface CampaignState {
  spec: CampaignSpec | null;
  reports: Map<string, ReportState>;
  cases: Map<string, TypicalCase>;
  publications: Publication[];
}

/** The figures an achievement's 典型案例 is checked against, loaded from its streams. */
export interface AchievementFacts {
  achievementId: string;
  planId: string;
  tier: 'national' | 'regional';
  /** Owners of the tasks it is linked to: the people who achieved it. */
  achievers: string[];
}

export type CampaignCommand =
  | Message<
      'OpenCampaign',
      CampaignSpec & { plan: { startYear: number; endYear: number }; today: string; actor: Standing }
    >
  | Message<
      'SaveLayerReport',
      { reportId: string; sections: Sections; actor: Standing; expectedVersion?: number }
    >
  | Message<'SubmitLayerReport', { reportId: string; actor: Standing; today: string }>
  | Message<'SignOffLayerReport', { reportId: string; opinion: string; actor: Standing }>
  | Message<'ReturnLayerReport', { reportId: string; reason: string; actor: Standing }>
  | Message<
      'SaveTypicalCase',
      {
        achievement: AchievementFacts;
        title: string;
        html: string;
        actor: Standing;
      }
    >
  | Message<
      'PublishCampaignReport',
      { sha256: string; bytes: number; fileName: string; actor: Standing; today: string }
    >;

export type CampaignEvent =
  | Message<'CampaignOpened', CampaignSpec>
  | Message<
      'LayerReportSaved',
      { campaignId: string; reportId: string; version: number; sections: Sections; author: string }
    >
  | Message<
      'LayerReportSubmitted',
      { campaignId: string; reportId: string; version: number; submittedOn: string; late: boolean }
    >
  | Message<
      'LayerReportSignedOff',
      { campaignId: string; reportId: string; version: number; opinion: string }
    >
  | Message<'LayerReportReturned', { campaignId: string; reportId: string; version: number; reason: string }>
  | Message<'TypicalCaseSaved', { campaignId: string } & TypicalCase>
  | Message<'CampaignReportPublished', { campaignId: string } & Publication>;

export const campaignStream = (campaignId: string): string => `campaign-${campaignId}`;

/** A typical case needs this many characters of text (不少于 1000 字). */
export const TYPICAL_CASE_MIN_CHARACTERS = 1000;
/** A layer's window is at most this many days long. */
export const MAX_WINDOW_DAYS = 92;
/** The last window closes at most this many days after the period ends. */
export const MAX_DAYS_AFTER_PERIOD = 366;
/** Each section holds at most this much HTML. */
export const MAX_SECTION_CHARACTERS = 100_000;
