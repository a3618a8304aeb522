import type { BriefingStatus } from './enums';

/* 工作简报: the generated briefing, its status and the office's own sections. */

export interface BriefingSummary {
  id: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  title: string;
  status: BriefingStatus;
  contentHash: string;
  position: number;
  generatedAt: string;
  generatedBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface Briefing extends BriefingSummary {
  html: string;
  markdown: string;
  /** The office's own sections (工作动态 `work-news`, 典型案例 `typical-cases`) beside the figures. */
  sections: { kind: 'work-news' | 'typical-cases'; text: string; photoIds: string[] }[];
  photos: { photoId: string; sha256: string; name: string; mediaType: string; size: number }[];
}
