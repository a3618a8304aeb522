import { createHash } from 'node:crypto';
import {
  briefingDecider,
  briefingStream,
  DomainError,
  editorialContent,
  fold,
  type IssueHash,
  requireDate,
  type BriefingDraft,
  type BriefingEvent,
} from '@sg/domain';
import { uuidv7, type EventStore } from '@sg/event-store';
import {
  composeBriefing,
  replayToPosition,
  type BriefingContent,
  type BriefingPeriod,
} from '@sg/read-models';
import type { NotificationViews } from './notification-views';
import type { CommandContext } from '../pipeline/command-context';
import { handleCommand, type PipelineResult } from '../pipeline/handle-command';
import { dateIn } from './reminders';

export const contentHashOf = (content: Pick<BriefingContent, 'markdown' | 'html'>) =>
  createHash('sha256').update(content.markdown).update('\u0000').update(content.html).digest('hex');

/**
 * The hash of an issue as published: its generated figures and the office's sections. Without
 * sections it is the figures' own hash, as issues published before sections existed carry.
 */
export const issueHashOf: IssueHash = (generated, editorial) =>
  editorial === ''
    ? contentHashOf(generated)
    : createHash('sha256')
        .update(generated.markdown)
        .update('\u0000')
        .update(generated.html)
        .update('\u0000')
        .update(editorial)
        .digest('hex');

const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The last day of the month before `today`'s: the end of the last full month. */
export const endOfPreviousMonth = (today: string): string => dayBefore(`${today.slice(0, 7)}-01`);

/**
 * The period of the briefing ending `periodEnd`: from the day after the previous issue (or the
 * first of that month when there is none).
 */
export function briefingPeriod(
  views: Pick<NotificationViews, 'notifications'>,
  planId: string,
  periodEnd: string,
): { periodStart: string; periodEnd: string } {
  const previous = views.notifications.briefings(planId).find((b) => b.periodEnd < periodEnd);
  const periodStart = previous ? dayAfter(previous.periodEnd) : `${periodEnd.slice(0, 7)}-01`;
  return { periodStart, periodEnd };
}

/** The briefing composed from the log as it stood at `position`: what drafting and checking both use. */
export async function composeFromLog(
  store: EventStore,
  position: number,
  period: BriefingPeriod,
): Promise<BriefingContent> {
  const replayed = await replayToPosition(store, position);
  try {
    return composeBriefing(replayed, period);
  } finally {
    replayed.close();
  }
}

/**
 * Drafts the briefing of the period ending `periodEnd` (default: the last full month, in the plan's
 * zone — a month still running would give a partial issue) from
 * the log as it stands now. A period that already has its issue is left alone (one per period).
 */
export async function draftBriefing(
  store: EventStore,
  views: Pick<NotificationViews, 'notifications'>,
  planId: string,
  context: CommandContext,
  options: { periodEnd?: string; timezone: string },
): Promise<{ briefingId: string; created: boolean; result: PipelineResult<BriefingEvent> }> {
  const periodEnd = requireDate(
    options.periodEnd ?? endOfPreviousMonth(dateIn(context.now, options.timezone)),
    '简报截止日期',
  );
  const period = { planId, ...briefingPeriod(views, planId, periodEnd) };
  if (period.periodStart > period.periodEnd) {
    throw new DomainError('conflict', 'briefing-period-covered', `截至 ${periodEnd} 的期间已有简报。`);
  }
  const existing = await store.readStream(briefingStream(planId, periodEnd), { maxCount: 1 });
  if (existing.length > 0) {
    const draft = existing[0].data as BriefingDraft;
    return {
      briefingId: draft.briefingId,
      created: false,
      result: { revision: existing[0].revision, position: existing[0].position, events: [] },
    };
  }
  const position = await store.headPosition();
  const content = await composeFromLog(store, position, period);
  const draft: BriefingDraft = {
    briefingId: uuidv7(),
    ...period,
    position,
    ...content,
    contentHash: contentHashOf(content),
  };
  const result = await handleCommand(
    store,
    briefingStream(planId, periodEnd),
    briefingDecider,
    { type: 'DraftBriefing', data: draft },
    context,
  );
  if (result.events.length === 0) {
    // Another worker drafted the same period a moment earlier: that issue stands.
    const [first] = await store.readStream(briefingStream(planId, periodEnd), { maxCount: 1 });
    return { briefingId: (first.data as BriefingDraft).briefingId, created: false, result };
  }
  return { briefingId: draft.briefingId, created: true, result };
}

export interface BriefingCheck {
  identical: boolean;
  publishedHash: string;
  regeneratedHash: string;
  /** The first character where the texts part, when they do. */
  firstDifference: { format: 'markdown' | 'html'; offset: number } | null;
}

/**
 * Regenerates an issue from the log — the figures as they stood at its position, the office's
 * sections and photos from its own stream — and compares it, byte for byte, with what was
 * published (or, before publication, with what would be).
 */
export async function checkBriefing(
  store: EventStore,
  planId: string,
  periodEnd: string,
): Promise<BriefingCheck> {
  const history = (await store.readStream(briefingStream(planId, periodEnd))).map(
    (e) => ({ type: e.type, data: e.data }) as BriefingEvent,
  );
  const state = fold(briefingDecider, history);
  const draft = state.draft!;
  const editorial = editorialContent(state.sections, state.photos);
  const published = history.find((e) => e.type === 'BriefingPublished');
  const publishedHash =
    published?.type === 'BriefingPublished' ? published.data.contentHash : issueHashOf(draft, editorial);
  const again = await composeFromLog(store, draft.position, draft);
  const regeneratedHash = issueHashOf(again, editorial);
  const differs = (a: string, b: string) => {
    const max = Math.max(a.length, b.length);
    for (let i = 0; i < max; i++) if (a[i] !== b[i]) return i;
    return -1;
  };
  const md = differs(draft.markdown, again.markdown);
  const html = differs(draft.html, again.html);
  return {
    identical: md < 0 && html < 0 && regeneratedHash === publishedHash,
    publishedHash,
    regeneratedHash,
    firstDifference:
      md >= 0 ? { format: 'markdown', offset: md } : html >= 0 ? { format: 'html', offset: html } : null,
  };
}
