import { expectDomainError } from '@sg/testing';
import { fold } from '../shared/decider';
import { planDecider, type PlanEvent } from '../plan/plan';
import {
  approvalEffects,
  approvalKey,
  type ApprovalFacts,
  type SubmissionApproved,
} from './approval-effects';
import type { SubmissionContent } from './submission';

const plan: PlanEvent[] = [
  {
    type: 'PlanCreated',
    data: { planId: 'p1', name: '双高建设方案', school: '某职业技术学院', startYear: 2019, endYear: 2023 },
  },
  {
    type: 'LevelAdded',
    data: { planId: 'p1', levelId: 'school', name: '学校层面', kind: 'school', weight: '0.3' },
  },
  {
    type: 'IndicatorDefined',
    data: {
      planId: 'p1',
      indicatorId: 'i1',
      levelId: 'school',
      subcategory: 'quantity',
      group: { code: '1.1', name: '打造技术技能人才培养高地' },
      code: '1.1.1.1',
      name: '思政课程建设项目',
      points: '2',
      target: { kind: 'numeric', comparator: '>=', value: '2', unit: '项' },
      rule: { kind: 'proportional' },
    },
  },
];

const content: SubmissionContent = {
  completion: '0.5',
  effectiveDate: '2021-06-30',
  narrative: '完成一半',
  indicatorValues: [
    { indicatorId: 'i1', actual: { kind: 'numeric', value: '1' }, effectiveDate: '2021-06-30' },
  ],
  achievements: [
    {
      levelId: 'school',
      title: '全国样板党支部',
      tier: 'national',
      attribution: '党委组织部',
      awardedOn: '2021-05-01',
    },
  ],
};

/** given the plan's events and what the approval finds, when the approval takes effect, then these facts. */
const given = (history: PlanEvent[], more: Partial<ApprovalFacts> = {}) => ({
  when: (approved: Partial<SubmissionApproved> & { content?: SubmissionContent }) => {
    const run = () =>
      approvalEffects(
        { submissionId: 's1', version: 2, taskId: 't1', content, ...approved },
        {
          plan: fold(planDecider, history),
          dates: { startYear: 2019, endYear: 2023, today: '2021-07-01', toleranceDays: 0 },
          achievementIds: ['a1'],
          taskHasSubprojects: false,
          ...more,
        },
      );
    return {
      then: (expected: unknown) => expect(run()).toEqual(expected),
      thenThrows: (code: string) => expectDomainError(run, code),
    };
  },
});

describe('approval effects', () => {
  it('records the indicator values, the achievements, then the progress, each under its step', () => {
    given(plan)
      .when({})
      .then([
        {
          step: 'indicator:0',
          once: 'event',
          stream: 'indicator-i1',
          event: {
            type: 'IndicatorValueRecorded',
            data: {
              indicatorId: 'i1',
              planId: 'p1',
              actual: { kind: 'numeric', value: '1' },
              effectiveDate: '2021-06-30',
            },
          },
        },
        {
          step: 'achievement:0',
          once: 'stream',
          stream: 'achievement-a1',
          event: {
            type: 'AchievementRecorded',
            data: {
              achievementId: 'a1',
              planId: 'p1',
              levelId: 'school',
              title: '全国样板党支部',
              tier: 'national',
              attribution: '党委组织部',
              awardedOn: '2021-05-01',
              taskIds: ['t1'],
            },
          },
        },
        {
          step: 'progress',
          once: 'event',
          stream: 'task-t1',
          event: {
            type: 'TaskProgressRecorded',
            data: { taskId: 't1', completion: '0.5', effectiveDate: '2021-06-30', note: '完成一半' },
          },
        },
      ]);
  });

  it('records only the progress of a report without indicator values or achievements', () => {
    given(plan, { achievementIds: [] })
      .when({ content: { completion: '1', effectiveDate: '2021-06-30', narrative: '完成' } })
      .then([
        {
          step: 'progress',
          once: 'event',
          stream: 'task-t1',
          event: {
            type: 'TaskProgressRecorded',
            data: { taskId: 't1', completion: '1', effectiveDate: '2021-06-30', note: '完成' },
          },
        },
      ]);
  });

  it('keeps effective dates within the plan and not after the approval day', () => {
    given(plan)
      .when({ content: { ...content, effectiveDate: '2024-01-01' } })
      .thenThrows('date-after-plan');
    given(plan, { dates: { startYear: 2019, endYear: 2023, today: '2021-06-01', toleranceDays: 0 } })
      .when({})
      .thenThrows('date-in-future');
    given(plan)
      .when({
        content: {
          ...content,
          indicatorValues: [{ ...content.indicatorValues![0], effectiveDate: '2018-12-31' }],
        },
      })
      .thenThrows('date-before-plan');
  });

  it('refuses facts the plan does not know', () => {
    given([]).when({}).thenThrows('plan-not-found');
    given(plan)
      .when({
        content: { ...content, indicatorValues: [{ ...content.indicatorValues![0], indicatorId: 'nope' }] },
      })
      .thenThrows('indicator-not-found');
    given(plan)
      .when({ content: { ...content, achievements: [{ ...content.achievements![0], levelId: 'nope' }] } })
      .thenThrows('level-not-found');
  });

  it('records no progress on a task broken into 子项目', () => {
    given(plan, { taskHasSubprojects: true }).when({}).thenThrows('task-has-subprojects');
  });

  it('keys the effects of one submission version', () => {
    expect(approvalKey({ submissionId: 's1', version: 2 })).toBe('approval:s1:2');
  });
});
