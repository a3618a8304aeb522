import { Exact } from '@sg/domain';
import type { ScoreReport } from '@sg/read-models';
import { percent, points } from '../http/figures';

/** The score summary as the self-evaluation report and a campaign's plan figures print it. */
export const SCORE_SUMMARY_HEADERS = ['层面', '得分', '权重', '加权得分', '等级'];

export const scoreSummaryRows = (scores: ScoreReport): string[][] => [
  ...scores.levels.map((l) => [
    l.name,
    points(l.total),
    percent(l.weight),
    points(new Exact(l.total).times(l.weight).toString()),
    l.grade,
  ]),
  ['总分', '', '', points(scores.total), scores.grade],
];
