import {
  NotificationQueries,
  type CampaignQueries,
  type CompletionQueries,
  type FindingQueries,
  type SubmissionQueries,
  type UserQueries,
} from '@sg/read-models';
import { ConcurrencyError, type EventStore } from '@sg/event-store';
import { OnEventStoreWith } from '../on-event-store-with';

/**
 * The views reminders, digests, briefings and deliveries read: injected where they run (the API
 * for a briefing drafted by hand, the worker over its own read models), never a database handle.
 */
export interface NotificationViews {
  completion: CompletionQueries;
  users: UserQueries;
  notifications: NotificationQueries;
  submissions: SubmissionQueries;
  campaigns: CampaignQueries;
  findings: FindingQueries;
}

/** The base of a handler that reads a plan's notification settings or a user's notifications. */
export const OnNotifications = OnEventStoreWith({ notifications: NotificationQueries });

/**
 * Appends `event` as the first and only event of `stream`. False when the stream already exists:
 * another run (or another worker) got there first, so a keyed side effect happens once.
 */
export async function appendOnce(
  store: EventStore,
  stream: string,
  event: { type: string; data: unknown },
  metadata: { actor: string; time: string; correlationId: string },
): Promise<boolean> {
  try {
    await store.append(stream, [{ type: event.type, data: event.data, metadata }], 'no-stream');
    return true;
  } catch (error) {
    if (error instanceof ConcurrencyError) return false;
    throw error;
  }
}
