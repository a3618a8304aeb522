import { deciderSpec } from '@sg/testing';
import { achievementDecider } from './achievements';
import { fundsDecider } from './funds';
import { indicatorValueDecider } from './indicator-values';
import { surveyDecider } from './surveys';

/**
 * Every recorded fact carries an effective date, and the latest one stands: a date outside the
 * plan's years, or past today plus the tolerance, is refused with the bound it broke.
 */
const dates = { startYear: 2019, endYear: 2023, today: '2022-01-05', toleranceDays: 31 };
const OUT_OF_BOUNDS: [string, string][] = [
  ['9999-12-31', 'date-after-plan'],
  ['2024-01-01', 'date-after-plan'],
  ['2018-12-31', 'date-before-plan'],
  ['2022-02-06', 'date-in-future'],
];

describe('effective dates of facts', () => {
  it('bounds indicator values', () => {
    const spec = deciderSpec(indicatorValueDecider);
    const record = (effectiveDate: string) => ({
      type: 'RecordIndicatorValue' as const,
      data: {
        indicatorId: 'i1',
        planId: 'p1',
        spec: {
          points: '2',
          target: { kind: 'numeric' as const, comparator: '>=' as const, value: '2', unit: '项' },
          rule: { kind: 'proportional' as const },
        },
        actual: { kind: 'numeric' as const, value: '3' },
        effectiveDate,
        dates,
      },
    });
    for (const [date, code] of OUT_OF_BOUNDS) spec.given([]).when(record(date)).thenThrows(code);
    spec
      .given([])
      .when(record('2022-02-05'))
      .then([
        {
          type: 'IndicatorValueRecorded',
          data: {
            indicatorId: 'i1',
            planId: 'p1',
            actual: { kind: 'numeric', value: '3' },
            effectiveDate: '2022-02-05',
          },
        },
      ]);
  });

  it('bounds funds records', () => {
    const spec = deciderSpec(fundsDecider);
    const record = (effectiveDate: string) => ({
      type: 'RecordFunds' as const,
      data: {
        planId: 'p1',
        levelId: 'l1',
        source: '中央财政',
        year: 2021,
        budget: '100',
        arrived: '80',
        spent: '60',
        effectiveDate,
        plan: { startYear: 2019, endYear: 2023, levels: ['l1'], sources: ['中央财政'] },
        dates,
      },
    });
    for (const [date, code] of OUT_OF_BOUNDS) spec.given([]).when(record(date)).thenThrows(code);
  });

  it('bounds survey results', () => {
    const spec = deciderSpec(surveyDecider);
    const record = (effectiveDate: string) => ({
      type: 'RecordSurvey' as const,
      data: {
        planId: 'p1',
        levelId: 'l1',
        respondents: '在校生' as const,
        sampleSize: 120,
        satisfaction: '95.5',
        effectiveDate,
        levels: ['l1'],
        dates,
      },
    });
    for (const [date, code] of OUT_OF_BOUNDS) spec.given([]).when(record(date)).thenThrows(code);
  });

  it('bounds the date an achievement was awarded', () => {
    const spec = deciderSpec(achievementDecider);
    const record = (awardedOn: string) => ({
      type: 'RecordAchievement' as const,
      data: {
        achievementId: 'a1',
        planId: 'p1',
        levelId: 'l1',
        title: '国家级教学成果奖',
        tier: 'national' as const,
        attribution: '教务处',
        awardedOn,
        taskIds: [],
        levels: ['l1'],
        dates,
      },
    });
    for (const [date, code] of OUT_OF_BOUNDS) spec.given([]).when(record(date)).thenThrows(code);
  });
});
