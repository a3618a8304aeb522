import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { DomainError } from '../shared/domain-error';
import { requireText } from '../shared/values';
import { requireEffectiveDate, type FactDateBounds } from '../shared/effective-date';

export const ACHIEVEMENT_TIERS = { national: '国家级', regional: '省级（自治区级）' } as const;
export type AchievementTier = keyof typeof ACHIEVEMENT_TIERS;

export interface Achievement {
  achievementId: string;
  planId: string;
  levelId: string;
  title: string;
  tier: AchievementTier;
  /** 归属: the department or people it is credited to. */
  attribution: string;
  /** The date it was won or granted: its effective date. */
  awardedOn: string;
  /** Tasks it is evidence for; linking it to several tasks still counts it once. */
  taskIds: string[];
}

export type AchievementCommand = Message<
  'RecordAchievement',
  Achievement & { levels: string[]; dates: FactDateBounds }
>;
export type AchievementEvent = Message<'AchievementRecorded', Achievement>;

export const achievementStream = (achievementId: string): string => `achievement-${achievementId}`;

/** 标志性成果: one stream each, so an achievement exists once however many tasks cite it. */
export const achievementDecider = ledgerDecider<AchievementCommand, AchievementEvent>(
  'AchievementRecorded',
  ({ levels, dates, ...d }, state) => {
    if (state.recorded > 0) throw new DomainError('conflict', 'achievement-exists', '该标志性成果已登记。');
    if (!levels.includes(d.levelId))
      throw new DomainError('not-found', 'level-not-found', `层面不存在：${d.levelId}`);
    if (!(d.tier in ACHIEVEMENT_TIERS))
      throw new DomainError('invalid', 'invalid-tier', '级别应为国家级或省级。');
    return {
      ...d,
      title: requireText(d.title, '成果名称'),
      attribution: requireText(d.attribution, '归属', 200),
      awardedOn: requireEffectiveDate(d.awardedOn, '成果获得日期', dates),
      taskIds: [...new Set(d.taskIds)],
    };
  },
);
