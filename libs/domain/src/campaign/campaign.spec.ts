import { deciderSpec } from '@sg/testing';
import type { Standing } from '../user/standing';
import {
  campaignDecider,
  emptySections,
  type Assignment,
  type CampaignEvent,
  type CampaignSpec,
  type Sections,
} from './campaign';
import { campaignReminders } from './campaign-reminders';
import { fold } from '../shared/decider';

const spec = deciderSpec(campaignDecider);
const plan = { startYear: 2019, endYear: 2023 };
const person = (userId: string, grants: string[] = []): Standing => ({
  userId,
  exists: true,
  active: true,
  grants,
});
const teacher = person('u-teacher');
const lead = person('u-lead', ['project-lead@project:p1']);
const office = person('u-office', ['office@plan:plan1']);

const roster: Assignment[] = [
  {
    reportId: 'r-person',
    layer: 'individual',
    scope: 'person:u-teacher',
    title: '王老师 个人自评',
    authors: ['u-teacher'],
    authorGrants: [],
    signers: ['u-lead'],
    signerGrants: ['project-lead@project:p1'],
    below: [],
  },
  {
    reportId: 'r-unit',
    layer: 'unit',
    scope: 'project:p1',
    title: '项目1 建设单位自评',
    authors: ['u-lead'],
    authorGrants: ['project-lead@project:p1'],
    signers: ['u-lead'],
    signerGrants: ['project-lead@project:p1'],
    below: ['r-person'],
  },
  {
    reportId: 'r-group',
    layer: 'group',
    scope: 'level:l1',
    title: '学校层面 建设组自评',
    authors: ['u-lead'],
    authorGrants: ['project-lead@project:p1'],
    signers: ['u-office'],
    signerGrants: ['office@plan:plan1'],
    below: ['r-unit'],
  },
  {
    reportId: 'r-school',
    layer: 'school',
    scope: 'plan:plan1',
    title: '学校自评总结',
    authors: ['u-office'],
    authorGrants: ['office@plan:plan1'],
    signers: ['u-office'],
    signerGrants: ['office@plan:plan1'],
    below: ['r-group'],
  },
];

const campaign: CampaignSpec = {
  campaignId: 'c1',
  planId: 'plan1',
  kind: 'mid-term',
  title: '2021 年中期绩效自评',
  periodStart: '2019-01-01',
  periodEnd: '2021-12-31',
  cutoff: '2021-12-31',
  windows: {
    individual: { opens: '2022-01-04', closes: '2022-01-10' },
    unit: { opens: '2022-01-11', closes: '2022-01-17' },
    group: { opens: '2022-01-18', closes: '2022-01-24' },
    school: { opens: '2022-01-25', closes: '2022-02-10' },
  },
  roster,
};
const opened: CampaignEvent = { type: 'CampaignOpened', data: campaign };
const open = (changes: Partial<CampaignSpec>) =>
  ({
    type: 'OpenCampaign',
    data: { ...campaign, ...changes, plan, today: '2022-01-01', actor: office },
  }) as const;

const filled: Sections = {
  completion: '<p>完成了任务。</p>',
  outcomes: '<p>成效。</p>',
  features: '<p>特色。</p>',
  problems: '<p>问题。</p>',
  plans: '<p>计划。</p>',
};
const saved = (reportId: string, version = 1, sections = filled, author = 'u-teacher'): CampaignEvent => ({
  type: 'LayerReportSaved',
  data: { campaignId: 'c1', reportId, version, sections, author },
});
const submitted = (reportId: string, version = 1, late = false): CampaignEvent => ({
  type: 'LayerReportSubmitted',
  data: { campaignId: 'c1', reportId, version, submittedOn: '2022-01-08', late },
});

describe('opening a campaign', () => {
  it('records the layers, windows and who must write what', () => {
    spec.given([]).when(open({})).then([opened]);
  });

  it('is opened by the office of the plan only', () => {
    spec
      .given([])
      .when({ ...open({}), data: { ...open({}).data, actor: lead } })
      .thenThrows('not-office');
  });

  it('opens a campaign once', () => {
    spec.given([opened]).when(open({})).thenThrows('campaign-exists');
  });

  it('needs a period that fits its kind and the plan', () => {
    spec
      .given([])
      .when(open({ periodStart: '2018-01-01' }))
      .thenThrows('period-outside-plan');
    spec
      .given([])
      .when(open({ periodEnd: '2018-12-31' }))
      .thenThrows('period-reversed');
    spec
      .given([])
      .when(open({ kind: 'annual', periodStart: '2021-01-01', periodEnd: '2022-12-31' }))
      .thenThrows('period-not-a-year');
    spec
      .given([])
      .when(open({ kind: 'mid-term', periodStart: '2020-01-01' }))
      .thenThrows('period-not-mid-term');
    spec
      .given([])
      .when(open({ kind: 'mid-term', periodEnd: '2023-12-31', cutoff: '2023-12-31' }))
      .thenThrows('period-not-mid-term');
    spec
      .given([])
      .when(open({ kind: 'final' }))
      .thenThrows('period-not-final');
    spec
      .given([])
      .when(open({ kind: 'bogus' as never }))
      .thenThrows('invalid-campaign-kind');
  });

  it('accepts a yearly and a final campaign with their periods', () => {
    const annual = { kind: 'annual' as const, periodStart: '2021-01-01', periodEnd: '2021-12-31' };
    expect(campaignDecider.decide(open(annual), campaignDecider.initialState())).toHaveLength(1);
    const final = {
      kind: 'final' as const,
      periodEnd: '2023-12-31',
      cutoff: '2023-12-31',
      windows: {
        individual: { opens: '2024-01-04', closes: '2024-01-10' },
        unit: { opens: '2024-01-11', closes: '2024-01-17' },
        group: { opens: '2024-01-18', closes: '2024-01-24' },
        school: { opens: '2024-01-25', closes: '2024-02-10' },
      },
    };
    expect(campaignDecider.decide(open(final), campaignDecider.initialState())).toHaveLength(1);
  });

  it('needs a cut-off within the period', () => {
    spec
      .given([])
      .when(open({ cutoff: '2022-01-31' }))
      .thenThrows('cutoff-outside-period');
    spec
      .given([])
      .when(open({ cutoff: '2021-02-30' }))
      .thenThrows('invalid-date');
  });

  it('needs the four windows in layer order, one after the other', () => {
    const w = campaign.windows;
    spec
      .given([])
      .when(open({ windows: { ...w, unit: { opens: '2022-01-10', closes: '2022-01-17' } } }))
      .thenThrows('windows-out-of-order');
    spec
      .given([])
      .when(open({ windows: { ...w, school: { opens: '2022-01-20', closes: '2022-02-10' } } }))
      .thenThrows('windows-out-of-order');
    spec
      .given([])
      .when(open({ windows: { ...w, individual: { opens: '2022-01-10', closes: '2022-01-04' } } }))
      .thenThrows('window-reversed');
    const { group: _group, ...missing } = w;
    spec
      .given([])
      .when(open({ windows: missing as CampaignSpec['windows'] }))
      .thenThrows('window-missing');
  });

  it('keeps windows within sensible bounds', () => {
    const w = campaign.windows;
    spec
      .given([])
      .when(open({ windows: { ...w, school: { opens: '2022-01-25', closes: '2022-06-30' } } }))
      .thenThrows('window-too-long');
    spec
      .given([])
      .when(open({ windows: { ...w, individual: { opens: '2018-12-01', closes: '2018-12-10' } } }))
      .thenThrows('window-before-period');
    spec
      .given([])
      .when(
        open({
          windows: {
            individual: { opens: '2023-01-04', closes: '2023-01-10' },
            unit: { opens: '2023-01-11', closes: '2023-01-17' },
            group: { opens: '2023-01-18', closes: '2023-01-24' },
            school: { opens: '2023-01-25', closes: '2023-02-10' },
          },
        }),
      )
      .thenThrows('window-too-late');
  });

  it('needs an author and a signer for every report, and one school report', () => {
    spec
      .given([])
      .when(open({ roster: [{ ...roster[0], authors: [] }, ...roster.slice(1)] }))
      .thenThrows('report-without-author');
    spec
      .given([])
      .when(open({ roster: [{ ...roster[0], signers: [] }, ...roster.slice(1)] }))
      .thenThrows('report-without-signer');
    spec
      .given([])
      .when(open({ roster: roster.slice(0, 3) }))
      .thenThrows('roster-without-school');
    spec
      .given([])
      .when(open({ roster: [...roster.slice(0, 3), { ...roster[3], below: ['r-person'] }] }))
      .thenThrows('roster-below-invalid');
    spec
      .given([])
      .when(open({ roster: [...roster, roster[0]] }))
      .thenThrows('roster-duplicate');
  });
});

describe('layer reports', () => {
  it('keeps every version an author saves', () => {
    spec
      .given([opened])
      .when({ type: 'SaveLayerReport', data: { reportId: 'r-person', sections: filled, actor: teacher } })
      .then([saved('r-person')]);
    spec
      .given([opened, saved('r-person')])
      .when({
        type: 'SaveLayerReport',
        data: { reportId: 'r-person', sections: { ...filled, plans: '<p>新计划</p>' }, actor: teacher },
      })
      .then([saved('r-person', 2, { ...filled, plans: '<p>新计划</p>' })]);
  });

  it('saves nothing when nothing changed', () => {
    spec
      .given([opened, saved('r-person')])
      .when({ type: 'SaveLayerReport', data: { reportId: 'r-person', sections: filled, actor: teacher } })
      .then([]);
  });

  it('lets only a named author who still holds the grant write', () => {
    spec
      .given([opened])
      .when({ type: 'SaveLayerReport', data: { reportId: 'r-person', sections: filled, actor: lead } })
      .thenThrows('not-report-author');
    spec
      .given([opened])
      .when({
        type: 'SaveLayerReport',
        data: { reportId: 'r-unit', sections: filled, actor: person('u-lead') },
      })
      .thenThrows('not-report-author');
    spec
      .given([opened])
      .when({
        type: 'SaveLayerReport',
        data: { reportId: 'r-person', sections: filled, actor: { ...teacher, active: false } },
      })
      .thenThrows('not-report-author');
    spec
      .given([opened])
      .when({ type: 'SaveLayerReport', data: { reportId: 'nope', sections: filled, actor: teacher } })
      .thenThrows('layer-report-not-found');
  });

  it('refuses a save over a version the author did not see', () => {
    spec
      .given([opened, saved('r-person')])
      .when({
        type: 'SaveLayerReport',
        data: { reportId: 'r-person', sections: emptySections(), actor: teacher, expectedVersion: 0 },
      })
      .thenThrows('report-version-stale');
  });

  it('submits a filled report once its layer is open, late when after the window', () => {
    spec
      .given([opened, saved('r-person')])
      .when({
        type: 'SubmitLayerReport',
        data: { reportId: 'r-person', actor: teacher, today: '2022-01-08' },
      })
      .then([submitted('r-person')]);
    spec
      .given([opened, saved('r-person')])
      .when({
        type: 'SubmitLayerReport',
        data: { reportId: 'r-person', actor: teacher, today: '2022-01-12' },
      })
      .then([
        {
          type: 'LayerReportSubmitted',
          data: { campaignId: 'c1', reportId: 'r-person', version: 1, submittedOn: '2022-01-12', late: true },
        },
      ]);
  });

  it('takes the layers in order: a layer is submitted only once its window opens', () => {
    spec
      .given([opened, saved('r-unit', 1, filled, 'u-lead')])
      .when({ type: 'SubmitLayerReport', data: { reportId: 'r-unit', actor: lead, today: '2022-01-08' } })
      .thenThrows('layer-not-open');
  });

  it('submits a report only with every section written', () => {
    spec
      .given([opened, saved('r-person', 1, { ...filled, features: '<p> </p>' })])
      .when({
        type: 'SubmitLayerReport',
        data: { reportId: 'r-person', actor: teacher, today: '2022-01-08' },
      })
      .thenThrows('report-incomplete');
  });

  it('freezes a submitted report until it is returned', () => {
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({
        type: 'SaveLayerReport',
        data: { reportId: 'r-person', sections: emptySections(), actor: teacher },
      })
      .thenThrows('report-not-editable');
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({
        type: 'SubmitLayerReport',
        data: { reportId: 'r-person', actor: teacher, today: '2022-01-08' },
      })
      .thenThrows('report-already-submitted');
  });

  it("signs off with the head's opinion", () => {
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({ type: 'SignOffLayerReport', data: { reportId: 'r-person', opinion: '同意。', actor: lead } })
      .then([
        {
          type: 'LayerReportSignedOff',
          data: { campaignId: 'c1', reportId: 'r-person', version: 1, opinion: '同意。' },
        },
      ]);
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({ type: 'SignOffLayerReport', data: { reportId: 'r-person', opinion: '同意。', actor: teacher } })
      .thenThrows('not-report-signer');
    spec
      .given([opened, saved('r-person')])
      .when({ type: 'SignOffLayerReport', data: { reportId: 'r-person', opinion: '同意。', actor: lead } })
      .thenThrows('report-not-submitted');
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({ type: 'SignOffLayerReport', data: { reportId: 'r-person', opinion: ' ', actor: lead } })
      .thenThrows('invalid-text');
  });

  it('returns for revision with a reason; the author edits and submits again', () => {
    const returned: CampaignEvent = {
      type: 'LayerReportReturned',
      data: { campaignId: 'c1', reportId: 'r-person', version: 1, reason: '请补充数据。' },
    };
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({
        type: 'ReturnLayerReport',
        data: { reportId: 'r-person', reason: '请补充数据。', actor: lead },
      })
      .then([returned]);
    spec
      .given([opened, saved('r-person'), submitted('r-person'), returned])
      .when({
        type: 'SaveLayerReport',
        data: { reportId: 'r-person', sections: { ...filled, plans: '<p>补</p>' }, actor: teacher },
      })
      .then([saved('r-person', 2, { ...filled, plans: '<p>补</p>' })]);
    spec
      .given([opened, saved('r-person')])
      .when({ type: 'ReturnLayerReport', data: { reportId: 'r-person', reason: '请补充。', actor: lead } })
      .thenThrows('report-not-submitted');
    spec
      .given([opened, saved('r-person'), submitted('r-person')])
      .when({ type: 'ReturnLayerReport', data: { reportId: 'r-person', reason: '', actor: lead } })
      .thenThrows('invalid-text');
  });

  it('lets only the office return a signed-off report', () => {
    const signed: CampaignEvent = {
      type: 'LayerReportSignedOff',
      data: { campaignId: 'c1', reportId: 'r-person', version: 1, opinion: '同意' },
    };
    spec
      .given([opened, saved('r-person'), submitted('r-person'), signed])
      .when({ type: 'ReturnLayerReport', data: { reportId: 'r-person', reason: '数据有误。', actor: lead } })
      .thenThrows('report-signed-off');
    spec
      .given([opened, saved('r-person'), submitted('r-person'), signed])
      .when({
        type: 'ReturnLayerReport',
        data: { reportId: 'r-person', reason: '数据有误。', actor: office },
      })
      .then([
        {
          type: 'LayerReportReturned',
          data: { campaignId: 'c1', reportId: 'r-person', version: 1, reason: '数据有误。' },
        },
      ]);
  });
});

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
