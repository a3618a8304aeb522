import { assertNever } from '../shared/decider';
import type { CampaignEvent, CampaignState } from './messages';
import { emptySections } from './rules';

export const copy = (state: CampaignState): CampaignState => ({
  spec: state.spec,
  reports: new Map([...state.reports].map(([id, r]) => [id, { ...r }])),
  cases: new Map(state.cases),
  publications: [...state.publications],
});

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
    case 'LayerReportSaved': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        version: event.data.version,
        sections: event.data.sections,
      });
      return state;
    }
    case 'LayerReportSubmitted': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        status: 'submitted',
        submittedOn: event.data.submittedOn,
        late: event.data.late,
        returnReason: null,
      });
      return state;
    }
    case 'LayerReportSignedOff': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        status: 'signed-off',
        opinion: event.data.opinion,
      });
      return state;
    }
    case 'LayerReportReturned': {
      const report = state.reports.get(event.data.reportId)!;
      state.reports.set(event.data.reportId, {
        ...report,
        status: 'returned',
        returnReason: event.data.reason,
        opinion: null,
      });
      return state;
    }
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
