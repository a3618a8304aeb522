import { composeDigest, digestStream, type DigestEvent } from '@sg/domain';
import { ConcurrencyError, type EventStore } from '@sg/event-store';
import { digestOf, NotificationQueries } from '@sg/read-models';
import type Database from 'better-sqlite3';

/**
 * Sends every daily digest of a plan that is due on `today` (YYYY-MM-DD in the plan's time zone):
 * each user's notifications of an earlier day, in one message. Each digest has its own stream,
 * named by (user, plan, day) and appended only if it does not exist, so however often this runs,
 * and however many workers run it, a digest is sent once. Returns how many this call sent.
 */
export async function sendDueDigests(
  store: EventStore,
  db: Database.Database,
  planId: string,
  today: string,
  now: Date,
): Promise<number> {
  let sent = 0;
  for (const due of new NotificationQueries(db).digestsDue(planId, today)) {
    const digest = composeDigest(due.userId, planId, due.day, due.items);
    const event: DigestEvent = { type: 'DigestCompiled', data: digest };
    try {
      await store.append(
        digestStream(digestOf(digest.key)),
        [
          {
            type: event.type,
            data: event.data,
            metadata: {
              actor: 'system:digests',
              time: now.toISOString(),
              correlationId: `digest:${planId}:${today}`,
            },
          },
        ],
        'no-stream',
      );
      sent++;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  return sent;
}
