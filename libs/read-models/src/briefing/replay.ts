import Database from 'better-sqlite3';
import type { EventStore } from '@sg/event-store';
import { achievementsProjection } from '../achievements/achievements.projection';
import { completionProjection } from '../completion/completion.projection';
import type { Projection } from '../framework/projection';
import { fundsProjection } from '../funds/funds.projection';
import { scoresProjection } from '../scores/scores.projection';
import { submissionsProjection } from '../submissions/submissions.projection';
import { usersProjection } from '../users/users.projection';
import { notificationsProjection } from '../notifications/notifications.projection';
import { rectificationProjection } from '../rectification/rectification.projection';

/** The read models a briefing is composed from. */
export const BRIEFING_PROJECTIONS: readonly Projection[] = [
  completionProjection,
  usersProjection,
  scoresProjection,
  fundsProjection,
  achievementsProjection,
  submissionsProjection,
  notificationsProjection,
  rectificationProjection,
];

const BATCH = 2000;

/**
 * Fresh read models in memory, fed the log up to `position` and nothing after: the state the
 * system was in at that point, whatever has been recorded since and whatever the live read
 * models hold.
 */
export async function replayToPosition(
  store: EventStore,
  position: number,
  projections: readonly Projection[] = BRIEFING_PROJECTIONS,
): Promise<Database.Database> {
  const db = new Database(':memory:');
  for (const projection of projections) projection.migrate(db);
  const apply = db.transaction((events: Awaited<ReturnType<EventStore['readAll']>>) => {
    for (const event of events) for (const projection of projections) projection.apply(db, event);
  });
  for (let from = 0; from < position;) {
    const batch = (await store.readAll({ fromPosition: from, maxCount: BATCH })).filter(
      (e) => e.position <= position,
    );
    if (batch.length === 0) break;
    apply(batch);
    from = batch[batch.length - 1].position;
  }
  return db;
}
