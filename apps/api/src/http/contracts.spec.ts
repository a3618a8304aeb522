import * as contracts from '@sg/contracts';
import {
  ACHIEVEMENT_TIERS,
  FUND_SOURCES,
  RESPONDENTS,
  type ActualValue,
  type AchievementTier,
  type DeliveryChannel,
  type NotificationSettings,
  type ScoringRule,
  type SubmissionState,
} from '@sg/domain';
import type { EarlyWarning, SubmissionView, UserView } from '@sg/read-models';

/*
 * The server's own types against the shapes the web reads from @sg/contracts: a field renamed or
 * dropped on either side, or an enum that drifts, fails type-checking here (npm test runs tsc).
 */

/** True when A and B are the same type, not merely assignable one way. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when the server's answer can be read as the contract's shape. */
function answers<Contract>(_server: Contract): void {}

export function typeChecks(submission: SubmissionView, user: UserView): void {
  answers<contracts.SubmissionView>(submission);
  answers<contracts.UserView>(user);
  const enums: [
    Same<contracts.SubmissionStatus, SubmissionState['status']>,
    Same<contracts.DeliveryChannel, DeliveryChannel>,
    Same<contracts.AchievementTier, AchievementTier>,
    Same<contracts.WarningGrade, EarlyWarning['grade']>,
    Same<contracts.WarningBasis, EarlyWarning['basis']>,
    Same<contracts.ActualValueBody, ActualValue>,
    Same<contracts.IndicatorRule, ScoringRule>,
    Same<contracts.NotificationSettingsView, NotificationSettings>,
  ] = [true, true, true, true, true, true, true, true];
  void enums;
}

describe('contracts: the shapes the web reads are the server’s', () => {
  it('lists the same achievement tiers as the domain', () => {
    expect([...contracts.ACHIEVEMENT_TIERS].sort()).toEqual(Object.keys(ACHIEVEMENT_TIERS).sort());
  });

  it('offers the same fund sources and survey respondents as the domain', () => {
    expect(contracts.FUND_SOURCES).toEqual(FUND_SOURCES);
    expect(contracts.RESPONDENTS).toEqual(RESPONDENTS);
  });

  it('keeps the drifted fields: a rejection time, and the basis as its union', () => {
    const basis: contracts.WarningBasis[] = [...contracts.WARNING_BASES];
    expect(basis).toEqual(['里程碑', '时间进度']);
    const view: Pick<contracts.SubmissionView, 'rejectedAt'> = { rejectedAt: null };
    expect(view).toHaveProperty('rejectedAt');
  });
});
