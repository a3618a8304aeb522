import { person } from '../user/standing.fixtures';
import { deciderSpec } from '@sg/testing';
import { expertReviewDecider, type ExpertReviewEvent } from './expert-review';
import type { Standing } from '../user/standing';

const spec = deciderSpec(expertReviewDecider);
const who = person;
const office = who('office1', ['office@plan:p1']);
const expert = who('expert1', ['expert@plan:p1']);
const at = '2022-03-01T02:00:00.000Z';
const accessUntil = '2022-03-15T16:00:00.000Z';

const opened: ExpertReviewEvent = {
  type: 'ExpertReviewOpened',
  data: {
    reviewId: 'r1',
    planId: 'p1',
    title: '2021 年度绩效评价',
    period: { from: '2021-01-01', to: '2021-12-31' },
    accessUntil,
    openedBy: 'office1',
  },
};
const invited: ExpertReviewEvent = {
  type: 'ExpertInvited',
  data: { reviewId: 'r1', planId: 'p1', expertId: 'expert1', accessUntil },
};
const score = (standing: Standing, when = at, value = '8.5') => ({
  type: 'RecordExpertScore' as const,
  data: {
    reviewId: 'r1',
    indicatorId: 'i1',
    points: '10',
    score: value,
    comment: '佐证充分',
    standing,
    at: when,
  },
});

describe('an expert review (专家评审)', () => {
  it('is opened by the plan’s office for a period, with an access end in the future', () => {
    const open = {
      type: 'OpenExpertReview' as const,
      data: {
        reviewId: 'r1',
        planId: 'p1',
        title: '2021 年度绩效评价',
        period: { from: '2021-01-01', to: '2021-12-31' },
        accessUntil,
        standing: office,
        at,
      },
    };
    spec.given([]).when(open).then([opened]);
    spec
      .given([])
      .when({ ...open, data: { ...open.data, standing: who('office2', ['office@plan:p2']) } })
      .thenThrows('not-office');
    spec
      .given([])
      .when({ ...open, data: { ...open.data, accessUntil: '2022-02-01T00:00:00Z' } })
      .thenThrows('access-already-ended');
  });

  it('invites only an active account holding the expert role for the plan, once', () => {
    const invite = (e: Standing) => ({
      type: 'InviteExpert' as const,
      data: { reviewId: 'r1', expert: e, standing: office, at },
    });
    spec.given([opened]).when(invite(expert)).then([invited]);
    spec.given([opened, invited]).when(invite(expert)).then([]);
    spec
      .given([opened])
      .when(invite(who('teacher')))
      .thenThrows('not-an-expert-account');
    spec
      .given([opened])
      .when(invite(who('expert2', ['expert@plan:p2'])))
      .thenThrows('not-an-expert-account');
    spec
      .given([opened])
      .when(invite(who('expert1', ['expert@plan:p1'], false)))
      .thenThrows('not-an-expert-account');
  });

  it('records an invited expert’s score and comment per indicator, within the indicator’s points', () => {
    spec
      .given([opened, invited])
      .when(score(expert))
      .then([
        {
          type: 'ExpertScoreRecorded',
          data: {
            reviewId: 'r1',
            planId: 'p1',
            expertId: 'expert1',
            indicatorId: 'i1',
            score: '8.5',
            comment: '佐证充分',
          },
        },
      ]);
    spec
      .given([opened, invited])
      .when(score(expert, at, '10.5'))
      .thenThrows('invalid-score');
  });

  it('refuses a score from an expert not invited, one whose role was revoked, or after access ended', () => {
    spec.given([opened]).when(score(expert)).thenThrows('not-invited-expert');
    spec
      .given([opened, invited])
      .when(score(who('expert1')))
      .thenThrows('not-invited-expert');
    spec.given([opened, invited]).when(score(office)).thenThrows('not-invited-expert');
    spec.given([opened, invited]).when(score(expert, accessUntil)).thenThrows('expert-access-expired');
    spec
      .given([
        opened,
        invited,
        { type: 'ExpertReviewClosed', data: { reviewId: 'r1', planId: 'p1', closedBy: 'office1' } },
      ])
      .when(score(expert))
      .thenThrows('expert-access-expired');
  });
});
