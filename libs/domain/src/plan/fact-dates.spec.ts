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

const indicatorValue = (effectiveDate: string) => ({
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
const funds = (effectiveDate: string) => ({
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
const survey = (effectiveDate: string) => ({
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
const achievement = (awardedOn: string) => ({
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

/** Each kind of fact, recorded with the date it took effect on an empty stream. */
const FACTS: [string, (date: string) => { thenThrows(code: string): void }][] = [
  ['indicator values', (date) => deciderSpec(indicatorValueDecider).given([]).when(indicatorValue(date))],
  ['funds records', (date) => deciderSpec(fundsDecider).given([]).when(funds(date))],
  ['survey results', (date) => deciderSpec(surveyDecider).given([]).when(survey(date))],
  [
    'the date an achievement was awarded',
    (date) => deciderSpec(achievementDecider).given([]).when(achievement(date)),
  ],
];

describe.each(FACTS)('effective dates of %s', (_fact, recordedOn) => {
  it.each(OUT_OF_BOUNDS)('refuses %s as %s', (date, code) => {
    recordedOn(date).thenThrows(code);
  });
});

it('takes an indicator value dated within today plus the tolerance', () => {
  deciderSpec(indicatorValueDecider)
    .given([])
    .when(indicatorValue('2022-02-05'))
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
