import { assertNever } from '../shared/decider';
import type { CampaignEvent, CampaignState, ReportState } from './messages';
import { emptySections } from './rules';

export const copy = (state: CampaignState): CampaignState => ({
  spec: state.spec,
  reports: new Map([...state.reports].map(([id, r]) => [id, { ...r }])),
  cases: new Map(state.cases),
  publications: [...state.publications],
});

/** One report of the roster moved on by an event (the report exists: the roster opened it). */
function withReport(state: CampaignState, reportId: string, change: Partial<ReportState>): CampaignState {
  state.reports.set(reportId, { ...state.reports.get(reportId)!, ...change });
  return state;
}

export function step(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignOpened':
      state.spec = event.data;
      for (const assignment of event.data.roster)
        state.reports.set(assignment.reportId, {
          assignment,
          status: 'draft',
          version: 0,
          sections: emptySections(),
          submittedOn: null,
          late: false,
          opinion: null,
          returnReason: null,
        });
      return state;
    case 'LayerReportSaved':
      return withReport(state, event.data.reportId, {
        version: event.data.version,
        sections: event.data.sections,
      });
    case 'LayerReportSubmitted':
      return withReport(state, event.data.reportId, {
        status: 'submitted',
        submittedOn: event.data.submittedOn,
        late: event.data.late,
        returnReason: null,
      });
    case 'LayerReportSignedOff':
      return withReport(state, event.data.reportId, { status: 'signed-off', opinion: event.data.opinion });
    case 'LayerReportReturned':
      return withReport(state, event.data.reportId, {
        status: 'returned',
        returnReason: event.data.reason,
        opinion: null,
      });
    case 'TypicalCaseSaved': {
      const { campaignId: _campaignId, ...typicalCase } = event.data;
      state.cases.set(typicalCase.achievementId, typicalCase);
      return state;
    }
    case 'CampaignReportPublished': {
      const { campaignId: _campaignId, ...publication } = event.data;
      state.publications.push(publication);
      return state;
    }
    default:
      return assertNever(event);
  }
}
