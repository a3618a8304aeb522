import { deciderSpec } from '@sg/testing';
import { campaignDecider, emptySections, type CampaignEvent, type CampaignSpec } from './campaign';

import {
  person,
  teacher,
  lead,
  office,
  roster,
  campaign,
  opened,
  open,
  filled,
  saved,
  submitted,
  windowsOf,
} from './campaign.fixtures';

const spec = deciderSpec(campaignDecider);

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

  it('accepts a yearly and a final campaign with their periods', () => {
    const annual = { kind: 'annual' as const, periodStart: '2021-01-01', periodEnd: '2021-12-31' };
    expect(campaignDecider.decide(open(annual), campaignDecider.initialState())).toHaveLength(1);
    const final = {
      kind: 'final' as const,
      periodEnd: '2023-12-31',
      cutoff: '2023-12-31',
      windows: windowsOf(2024),
    };
    expect(campaignDecider.decide(open(final), campaignDecider.initialState())).toHaveLength(1);
  });

  const w = campaign.windows;
  const { group: _group, ...withoutGroup } = w;
  const window = (layer: keyof CampaignSpec['windows'], opens: string, closes: string) => ({
    windows: { ...w, [layer]: { opens, closes } },
  });
  const firstReport = (changes: Partial<(typeof roster)[number]>) => ({
    roster: [{ ...roster[0], ...changes }, ...roster.slice(1)],
  });
  it.each<[string, Partial<CampaignSpec>, string]>([
    ['a period before the plan', { periodStart: '2018-01-01' }, 'period-outside-plan'],
    ['a period ending before it starts', { periodEnd: '2018-12-31' }, 'period-reversed'],
    [
      'a yearly period of two years',
      { kind: 'annual', periodStart: '2021-01-01', periodEnd: '2022-12-31' },
      'period-not-a-year',
    ],
    [
      'a mid-term period not from the start of the plan',
      { kind: 'mid-term', periodStart: '2020-01-01' },
      'period-not-mid-term',
    ],
    [
      'a mid-term period to the end of the plan',
      { kind: 'mid-term', periodEnd: '2023-12-31', cutoff: '2023-12-31' },
      'period-not-mid-term',
    ],
    ['a final period short of the end of the plan', { kind: 'final' }, 'period-not-final'],
    ['an unknown kind', { kind: 'bogus' as never }, 'invalid-campaign-kind'],
    ['a cut-off after the period', { cutoff: '2022-01-31' }, 'cutoff-outside-period'],
    ['a cut-off that is no date', { cutoff: '2021-02-30' }, 'invalid-date'],
    [
      'the unit window opening before the individual one closes',
      window('unit', '2022-01-10', '2022-01-17'),
      'windows-out-of-order',
    ],
    [
      'the school window opening before the group one closes',
      window('school', '2022-01-20', '2022-02-10'),
      'windows-out-of-order',
    ],
    ['a window closing before it opens', window('individual', '2022-01-10', '2022-01-04'), 'window-reversed'],
    ['a layer without its window', { windows: withoutGroup as CampaignSpec['windows'] }, 'window-missing'],
    ['a window of five months', window('school', '2022-01-25', '2022-06-30'), 'window-too-long'],
    ['a window before the period', window('individual', '2018-12-01', '2018-12-10'), 'window-before-period'],
    ['windows more than a year after the cut-off', { windows: windowsOf(2023) }, 'window-too-late'],
    ['a report without an author', firstReport({ authors: [] }), 'report-without-author'],
    ['a report without a signer', firstReport({ signers: [] }), 'report-without-signer'],
    ['a roster without the school report', { roster: roster.slice(0, 3) }, 'roster-without-school'],
    [
      'a report below one that is no report',
      { roster: [...roster.slice(0, 3), { ...roster[3], below: ['r-person'] }] },
      'roster-below-invalid',
    ],
    ['a report listed twice', { roster: [...roster, roster[0]] }, 'roster-duplicate'],
  ])('refuses %s', (_what, changes, code) => {
    spec.given([]).when(open(changes)).thenThrows(code);
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
