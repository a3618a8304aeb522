import { ACHIEVEMENT_TIERS, type CampaignState } from '@sg/domain';
import type { ContentStore } from '@sg/evidence';
import type { AchievementsByLevel, EvidenceQueries } from '@sg/read-models';
import { readFileSync } from 'node:fs';
import { imageOf, type EmbeddedImage } from '../exports/report-image';
import type { Narratives } from '../exports/self-evaluation.document';
import type { ScopeFigures } from './scope-figures';

/**
 * What the school's report document takes from a campaign: the school-level report's sections
 * as last saved, the plan's figure blocks as of the cut-off, every 典型案例 in the order of the
 * achievements it belongs to, and the head's opinion once signed.
 */
export function campaignNarratives(
  state: CampaignState,
  name: (userId: string) => string,
  achievements: { levels: AchievementsByLevel[] },
  figures: ScopeFigures,
  files: EvidenceFiles,
): Narratives {
  const school = [...state.reports.values()].find((r) => r.assignment.layer === 'school')!;
  const listed = achievements.levels.flatMap((l) => l.achievements);
  const narratives: Narratives = {
    ...school.sections,
    figures,
    typicalCases: listed
      .filter((a) => state.cases.has(a.achievementId))
      .map((a) => {
        const c = state.cases.get(a.achievementId)!;
        return {
          title: c.title,
          achievement: a.title,
          tier: ACHIEVEMENT_TIERS[a.tier],
          author: name(c.author),
          html: c.html,
        };
      }),
    opinion: school.status === 'signed-off' ? school.opinion : null,
  };
  return { ...narratives, images: evidenceImages(narratives, state.spec!.planId, files) };
}

/** Where the report's evidence images come from: the plan's evidence and its stored bytes. */
export interface EvidenceFiles {
  evidence: Pick<EvidenceQueries, 'byId'>;
  store: Pick<ContentStore, 'has' | 'pathOf'>;
}

/** An evidence image as the sanitized report HTML stores it (see sanitizeReportHtml). */
const EVIDENCE_IMAGE = /<img\b[^>]*\bsrc="(\/api\/evidence\/([0-9a-f-]{36}))"/g;

/**
 * The evidence images the report's text and 典型案例 show, to be embedded in the document: only
 * the plan's own evidence (a report cannot carry another plan's file to this plan's readers),
 * only stored PNG and JPEG files. Others stay named in place.
 */
function evidenceImages(
  narratives: Narratives,
  planId: string,
  { evidence, store }: EvidenceFiles,
): Record<string, EmbeddedImage> {
  const html = [
    narratives.completion,
    narratives.outcomes,
    narratives.features,
    narratives.problems,
    narratives.plans,
    ...narratives.typicalCases.map((c) => c.html),
  ].join('');
  const images: Record<string, EmbeddedImage> = {};
  for (const [, src, evidenceId] of html.matchAll(EVIDENCE_IMAGE)) {
    const file = evidence.byId(evidenceId);
    if (src in images || !file || file.planId !== planId || !store.has(file.sha256)) continue;
    const image = imageOf(readFileSync(store.pathOf(file.sha256)));
    if (image) images[src] = image;
  }
  return images;
}
