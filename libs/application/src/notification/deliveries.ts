import {
  deliveryDecider,
  deliveryStream,
  type DeliveryChannel,
  type DeliveryState,
  type DeliveryTarget,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { handleCommand } from '../pipeline/handle-command';
import { loadState } from '../pipeline/load-state';
import type { NotificationViews } from './notification-views';

/** Which outside channels this deployment can use (an SMTP server, the robots' webhook addresses). */
export type ChannelAvailability = Record<DeliveryChannel, boolean>;

export interface PlannedDelivery extends DeliveryTarget {
  /** The retry round this delivery belongs to; a job of an older round does nothing. */
  generation: number;
}

/** How far back a delivery may still be made: a reminder days late is no reminder. */
const DELIVERY_HORIZON_MS = 3 * 86_400_000;

/**
 * Deliveries not yet done: never attempted, or failed and sent back for a retry. Read from the
 * log's read models alone, so a Redis that lost its queues loses nothing: planning again finds them.
 */
export function pendingDeliveries(
  views: Pick<NotificationViews, 'notifications'>,
  available: ChannelAvailability,
  now: Date = new Date(),
): PlannedDelivery[] {
  const channels = (Object.keys(available) as DeliveryChannel[]).filter((c) => available[c]);
  const since = new Date(now.getTime() - DELIVERY_HORIZON_MS).toISOString();
  return views.notifications
    .pendingDeliveries(channels, since)
    .map(({ deliveryId, notificationId, channel, recipient, generation }) => ({
      deliveryId,
      notificationId,
      channel,
      recipient,
      generation,
    }));
}

export type DeliveryOutcome = 'delivered' | 'already-done' | 'stale';

/**
 * Delivers once: the delivery's own stream is read first, so a job run again after its delivery
 * was recorded (a retried job, a second worker, a re-planned queue) sends nothing. Only a crash
 * between the outside server's acceptance and the record can repeat a send (ADR 0011).
 */
export async function deliverOnce(
  store: EventStore,
  planned: PlannedDelivery,
  attempt: number,
  send: () => Promise<void>,
): Promise<DeliveryOutcome> {
  const stream = deliveryStream(planned.deliveryId);
  const state: DeliveryState = await loadState(store, stream, deliveryDecider);
  if (state.status === 'delivered') return 'already-done';
  if (state.generation !== planned.generation || state.status === 'failed') return 'stale';
  await send();
  const { deliveryId, notificationId, channel, recipient } = planned;
  await handleCommand(
    store,
    stream,
    deliveryDecider,
    { type: 'RecordDelivery', data: { deliveryId, notificationId, channel, recipient, attempts: attempt } },
    { actor: 'system:deliveries', correlationId: `delivery:${deliveryId}`, now: new Date() },
  );
  return 'delivered';
}

/** Records that a delivery gave up after its last attempt; it then shows in the failed list. */
export async function recordDeliveryFailure(
  store: EventStore,
  planned: PlannedDelivery,
  attempts: number,
  error: string,
): Promise<void> {
  const { deliveryId, notificationId, channel, recipient, generation } = planned;
  await handleCommand(
    store,
    deliveryStream(deliveryId),
    deliveryDecider,
    {
      type: 'RecordDeliveryFailure',
      data: {
        deliveryId,
        notificationId,
        channel,
        recipient,
        attempts,
        error: error.slice(0, 500),
        generation,
      },
    },
    { actor: 'system:deliveries', correlationId: `delivery:${deliveryId}`, now: new Date() },
  );
}
