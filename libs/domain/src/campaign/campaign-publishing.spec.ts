import { deciderSpec } from '@sg/testing';
import type { Standing } from '../user/standing';
import { campaignDecider, type CampaignEvent } from './campaign';
import { campaignReminders } from './campaign-reminders';
import { fold } from '../shared/decider';

import { teacher, lead, office, opened, filled, saved, submitted } from './campaign.fixtures';

const spec = deciderSpec(campaignDecider);

describe('典型案例', () => {
  const achievement = {
    achievementId: 'a1',
    planId: 'plan1',
    tier: 'regional' as const,
    achievers: ['u-teacher'],
  };
  const long = `<p>${'案'.repeat(1000)}</p>`;

  it('is written by the person who achieved it, at least 1,000 characters', () => {
    spec
      .given([opened])
      .when({ type: 'SaveTypicalCase', data: { achievement, title: '案例', html: long, actor: teacher } })
      .then([
        {
          type: 'TypicalCaseSaved',
          data: {
            campaignId: 'c1',
            caseId: 'c1:a1',
            achievementId: 'a1',
            title: '案例',
            html: long,
            characters: 1000,
            author: 'u-teacher',
            version: 1,
          },
        },
      ]);
    spec
      .given([opened])
      .when({
        type: 'SaveTypicalCase',
        data: { achievement, title: '案例', html: `<p>${'案'.repeat(999)}</p><p> </p>`, actor: teacher },
      })
      .thenThrows('case-too-short');
    spec
      .given([opened])
      .when({ type: 'SaveTypicalCase', data: { achievement, title: '案例', html: long, actor: lead } })
      .thenThrows('not-achiever');
    spec
      .given([opened])
      .when({
        type: 'SaveTypicalCase',
        data: { achievement: { ...achievement, planId: 'other' }, title: '案例', html: long, actor: teacher },
      })
      .thenThrows('achievement-not-found');
  });
});

describe('publishing the school report', () => {
  const signedSchool: CampaignEvent[] = [
    saved('r-school', 1, filled, 'u-office'),
    submitted('r-school'),
    {
      type: 'LayerReportSignedOff',
      data: { campaignId: 'c1', reportId: 'r-school', version: 1, opinion: '同意报送' },
    },
  ];
  const publish = (actor: Standing, sha256 = 'a'.repeat(64)) =>
    ({
      type: 'PublishCampaignReport',
      data: { sha256, bytes: 100, fileName: 'x.docx', actor, today: '2022-02-11' },
    }) as const;

  it('archives the signed-off school report with its hash, once per document', () => {
    const published: CampaignEvent = {
      type: 'CampaignReportPublished',
      data: {
        campaignId: 'c1',
        version: 1,
        sha256: 'a'.repeat(64),
        bytes: 100,
        fileName: 'x.docx',
        publishedOn: '2022-02-11',
      },
    };
    spec
      .given([opened, ...signedSchool])
      .when(publish(office))
      .then([published]);
    spec
      .given([opened, ...signedSchool, published])
      .when(publish(office))
      .then([]);
    spec.given([opened]).when(publish(office)).thenThrows('school-report-not-signed');
    spec
      .given([opened, ...signedSchool])
      .when(publish(lead))
      .thenThrows('not-office');
    spec
      .given([opened, ...signedSchool])
      .when(publish(office, 'x'))
      .thenThrows('invalid-hash');
  });

  it('needs an opened campaign', () => {
    spec.given([]).when(publish(office)).thenThrows('campaign-not-found');
  });
});

describe('campaign reminders', () => {
  const thresholds = { dueSoonDays: 3, overdueRepeatDays: 7 };
  const state = (events: CampaignEvent[]) => fold(campaignDecider, events);

  it('reminds authors before their window closes, once per window', () => {
    const due = campaignReminders(state([opened]), '2022-01-08', thresholds);
    expect(due.map((r) => r.key)).toEqual(['campaign-window-closing:c1:r-person:2022-01-10']);
    expect(due[0].recipients).toEqual(['u-teacher']);
    expect(due[0].title).toBe('个人自评即将截止：王老师 个人自评');
    expect(campaignReminders(state([opened]), '2022-01-05', thresholds)).toEqual([]);
  });

  it('chases a late report with its authors and signers, every repeat period', () => {
    const late = campaignReminders(state([opened]), '2022-01-11', thresholds).filter(
      (r) => r.subjectId === 'r-person',
    );
    expect(late.map((r) => [r.key, r.recipients])).toEqual([
      ['campaign-overdue:c1:r-person:2022-01-10:0', ['u-lead', 'u-teacher']],
    ]);
    expect(
      campaignReminders(state([opened]), '2022-01-18', thresholds).find((r) => r.subjectId === 'r-person')!
        .key,
    ).toBe('campaign-overdue:c1:r-person:2022-01-10:1');
  });

  it('stops once submitted, and asks the signer when the sign-off is late', () => {
    const events = [opened, saved('r-person'), submitted('r-person')];
    expect(campaignReminders(state(events), '2022-01-08', thresholds)).toEqual([]);
    const sign = campaignReminders(state(events), '2022-01-11', thresholds).find(
      (r) => r.subjectId === 'r-person',
    )!;
    expect(sign.recipients).toEqual(['u-lead']);
    expect(sign.key).toBe('campaign-overdue:c1:r-person:2022-01-10:0:sign');
  });
});
