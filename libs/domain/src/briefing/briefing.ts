import { eventTypesOf, assertNever, type Decider, type Message } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requireDate } from '../shared/values';

/**
 * One issue of the 双高简报, for one period of one plan. The draft holds the whole text, and
 * what it was computed from (the log up to `position`), so it can be regenerated and compared.
 */
export interface BriefingDraft {
  briefingId: string;
  planId: string;
  periodStart: string;
  periodEnd: string;
  /** The log position the figures were read at. */
  position: number;
  title: string;
  markdown: string;
  html: string;
  /** SHA-256 of the Markdown and the HTML. */
  contentHash: string;
}

export type BriefingCommand =
  | Message<'DraftBriefing', BriefingDraft>
  | Message<'ApproveBriefing', { briefingId: string; by: string }>
  | Message<'PublishBriefing', { briefingId: string; by: string; recipients: string[] }>;

export type BriefingEvent =
  | Message<'BriefingDrafted', BriefingDraft>
  | Message<'BriefingApproved', { briefingId: string; planId: string; by: string }>
  | Message<
      'BriefingPublished',
      {
        briefingId: string;
        planId: string;
        by: string;
        contentHash: string;
        title: string;
        recipients: string[];
      }
    >;

export interface BriefingState {
  status: 'none' | 'draft' | 'approved' | 'published';
  draft: BriefingDraft | undefined;
}

/** One stream per plan and period: a second draft of the same period finds it taken. */
export const briefingStream = (planId: string, periodEnd: string) => `briefing-${planId}-${periodEnd}`;

const conflict = (code: string, message: string) => new DomainError('conflict', code, message);

export const briefingDecider: Decider<BriefingState, BriefingCommand, BriefingEvent> = {
  initialState: () => ({ status: 'none', draft: undefined }),
  evolve(state, event) {
    switch (event.type) {
      case 'BriefingDrafted':
        return { status: 'draft', draft: event.data };
      case 'BriefingApproved':
        return { ...state, status: 'approved' };
      case 'BriefingPublished':
        return { ...state, status: 'published' };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'DraftBriefing': {
        // The period already has its issue: drafting again (a second worker, a repeated job) is a no-op.
        if (state.status !== 'none') return [];
        const d = command.data;
        requireDate(d.periodStart, '简报起始日期');
        requireDate(d.periodEnd, '简报截止日期');
        if (d.periodStart > d.periodEnd) {
          throw new DomainError('invalid', 'invalid-period', '简报的起始日期不能晚于截止日期。');
        }
        return [{ type: 'BriefingDrafted', data: d }];
      }
      case 'ApproveBriefing':
        if (!state.draft) throw new DomainError('not-found', 'briefing-not-found', '简报不存在。');
        if (state.status !== 'draft')
          throw conflict('briefing-not-draft', '只有待审核的简报草稿可以审核通过。');
        return [
          {
            type: 'BriefingApproved',
            data: { briefingId: state.draft.briefingId, planId: state.draft.planId, by: command.data.by },
          },
        ];
      case 'PublishBriefing':
        if (!state.draft) throw new DomainError('not-found', 'briefing-not-found', '简报不存在。');
        if (state.status === 'draft')
          throw conflict('briefing-not-approved', '简报须经项目办审核通过后才能发布。');
        if (state.status === 'published') throw conflict('briefing-already-published', '该期简报已发布。');
        return [
          {
            type: 'BriefingPublished',
            data: {
              briefingId: state.draft.briefingId,
              planId: state.draft.planId,
              by: command.data.by,
              contentHash: state.draft.contentHash,
              title: state.draft.title,
              recipients: [...new Set(command.data.recipients)].sort(),
            },
          },
        ];
      default:
        return assertNever(command);
    }
  },
  eventTypes: eventTypesOf<BriefingEvent>({
    BriefingDrafted: true,
    BriefingApproved: true,
    BriefingPublished: true,
  }),
};
