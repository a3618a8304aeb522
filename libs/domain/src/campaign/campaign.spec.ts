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
      windows: windowsOf(2024),
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
