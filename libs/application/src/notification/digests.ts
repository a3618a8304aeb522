import { composeDigest, digestStream, type DigestEvent } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { digestOf } from '@sg/read-models';
import { appendOnce, type NotificationViews } from './notification-views';

/**
 * Sends every daily digest of a plan that is due on `today` (YYYY-MM-DD in the plan's time zone):
 * each user's notifications of an earlier day, in one message. Each digest has its own stream,
 * named by (user, plan, day) and appended only if it does not exist, so however often this runs,
 * and however many workers run it, a digest is sent once. Returns how many this call sent.
 */
export async function sendDueDigests(
  store: EventStore,
  views: Pick<NotificationViews, 'notifications'>,
  planId: string,
  today: string,
  now: Date,
): Promise<number> {
  let sent = 0;
  for (const due of views.notifications.digestsDue(planId, today)) {
    const digest = composeDigest(due.userId, planId, due.day, due.items);
    const event: DigestEvent = { type: 'DigestCompiled', data: digest };
    const appended = await appendOnce(store, digestStream(digestOf(digest.key)), event, {
      actor: 'system:digests',
      time: now.toISOString(),
      correlationId: `digest:${planId}:${today}`,
    });
    if (appended) sent++;
  }
  return sent;
}
