import {
  deliveryDecider,
  deliveryStream,
  type DeliveryChannel,
  type DeliveryState,
  type DeliveryTarget,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { NotificationQueries, type Message } from '@sg/read-models';
import type Database from 'better-sqlite3';
import { handleCommand } from '../pipeline/handle-command';
import { loadState } from '../pipeline/load-state';
import { digestOf } from './reminders';

/** Which outside channels this deployment can use (an SMTP server, the robots' webhook addresses). */
export type ChannelAvailability = Record<DeliveryChannel, boolean>;

export interface PlannedDelivery extends DeliveryTarget {
  /** The retry round this delivery belongs to; a job of an older round does nothing. */
  generation: number;
}

export const deliveryIdOf = (notificationId: string, channel: DeliveryChannel, recipient: string) =>
  digestOf(`${notificationId}|${channel}|${recipient}`);

/** Every delivery one message calls for under the recipients' preferences and its plan's settings. */
export function deliveriesOf(
  queries: NotificationQueries,
  message: Message,
  available: ChannelAvailability,
): DeliveryTarget[] {
  const { settings } = queries.settings(message.planId);
  const target = (channel: DeliveryChannel, recipient: string): DeliveryTarget => ({
    deliveryId: deliveryIdOf(message.notificationId, channel, recipient),
    notificationId: message.notificationId,
    channel,
    recipient,
  });
  const targets: DeliveryTarget[] = [];
  if (available.email) {
    for (const user of message.recipients) {
      const prefs = queries.preferences(user);
      if (prefs.email && prefs.emailAddress) targets.push(target('email', user));
    }
  }
  if (available.wecom && settings.channels.wecom) targets.push(target('wecom', 'group'));
  if (available.dingtalk && settings.channels.dingtalk) targets.push(target('dingtalk', 'group'));
  return targets;
}

/**
 * Deliveries not yet done: never attempted, or failed and sent back for a retry. Computed from the
 * log's read models alone, so a Redis that lost its queues loses nothing: planning again finds them.
 */
export function pendingDeliveries(db: Database.Database, available: ChannelAvailability): PlannedDelivery[] {
  const queries = new NotificationQueries(db);
  const pending: PlannedDelivery[] = [];
  for (let after = 0; ;) {
    const messages = queries.messagesAfter(after, 500);
    if (messages.length === 0) break;
    after = messages[messages.length - 1].position;
    for (const message of messages) {
      for (const target of deliveriesOf(queries, message, available)) {
        const record = queries.delivery(target.deliveryId);
        if (!record) pending.push({ ...target, generation: 0 });
        else if (record.status === 'pending') pending.push({ ...target, generation: record.generation });
      }
    }
  }
  return pending;
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
