import { ACHIEVEMENT_TIERS, type CampaignState } from '@sg/domain';
import type { AchievementsByLevel } from '@sg/read-models';
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
): Narratives {
  const school = [...state.reports.values()].find((r) => r.assignment.layer === 'school')!;
  const listed = achievements.levels.flatMap((l) => l.achievements);
  return {
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
}
