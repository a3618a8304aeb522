import type { Briefing, BriefingSummary } from '@sg/contracts';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  DEFAULT_NOTIFICATION_SETTINGS,
  type DeliveryChannel,
  type DigestItem,
  type NotificationPreferences,
  type NotificationSettings,
} from '@sg/domain';
import { statement } from '../framework/statement-cache';
import { countWhere, tableViews, valuesOf } from '../framework/rows';
import { ReadQueries } from '../framework/read-queries';

export type MessageKind = 'reminder' | 'briefing' | 'workflow' | 'digest';

export interface InboxItem {
  id: string;
  kind: MessageKind;
  rule: string;
  planId: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface Message {
  notificationId: string;
  planId: string;
  kind: MessageKind;
  title: string;
  body: string;
  link: string | null;
  recipients: string[];
  createdAt: string;
}

export interface DeliveryRecord {
  deliveryId: string;
  notificationId: string;
  channel: DeliveryChannel;
  recipient: string;
  status: 'pending' | 'delivered' | 'failed';
  generation: number;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

export type { BriefingSummary } from '@sg/contracts';

interface BriefingRow {
  briefing_id: string;
  plan_id: string;
  period_start: string;
  period_end: string;
  title: string;
  status: BriefingSummary['status'];
  content_hash: string;
  position: number;
  generated_at: string;
  generated_by: string;
  approved_by: string | null;
  approved_at: string | null;
  published_by: string | null;
  published_at: string | null;
  markdown: string;
  html: string;
  sections: string;
  photos: string;
}

const toSummary = (r: BriefingRow): BriefingSummary => ({
  id: r.briefing_id,
  planId: r.plan_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  title: r.title,
  status: r.status,
  contentHash: r.content_hash,
  position: r.position,
  generatedAt: r.generated_at,
  generatedBy: r.generated_by,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  publishedBy: r.published_by,
  publishedAt: r.published_at,
});

const briefingsTable = tableViews('nt_briefings', toSummary);

interface DeliveryRow {
  delivery_id: string;
  notification_id: string;
  channel: DeliveryChannel;
  recipient: string;
  status: DeliveryRecord['status'];
  generation: number;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  deliveryId: r.delivery_id,
  notificationId: r.notification_id,
  channel: r.channel,
  recipient: r.recipient,
  status: r.status,
  generation: r.generation,
  attempts: r.attempts,
  lastError: r.last_error,
  updatedAt: r.updated_at,
});

const deliveriesTable = tableViews('nt_deliveries', toDelivery);

export class NotificationQueries extends ReadQueries {
  /** A user's notifications, newest first. */
  inbox(
    userId: string,
    options: { unreadOnly?: boolean; limit?: number } = {},
  ): { items: InboxItem[]; unread: number } {
    const rows = statement<
      [string, number, number],
      {
        notification_id: string;
        kind: InboxItem['kind'];
        rule: string;
        plan_id: string;
        title: string;
        body: string;
        link: string | null;
        created_at: string;
        read_at: string | null;
      }
    >(
      this.db,
      `SELECT m.notification_id, m.kind, m.rule, m.plan_id, m.title, m.body, m.link, m.created_at, i.read_at
       FROM nt_inbox i JOIN nt_messages m ON m.notification_id = i.notification_id
       WHERE i.user_id = ? AND (? = 0 OR i.read_at IS NULL) ORDER BY i.position DESC LIMIT ?`,
    ).all(userId, options.unreadOnly ? 1 : 0, options.limit ?? 50);
    return {
      items: rows.map((r) => ({
        id: r.notification_id,
        kind: r.kind,
        rule: r.rule,
        planId: r.plan_id,
        title: r.title,
        body: r.body,
        link: r.link,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
      unread: this.unreadCount(userId),
    };
  }

  unreadCount(userId: string): number {
    return countWhere(this.db, 'nt_inbox', 'user_id = ? AND read_at IS NULL', userId);
  }

  /**
   * The daily digests of a plan that are due: every user's notifications kept for a digest of a
   * day before `today`, grouped by user and day, oldest first.
   */
  digestsDue(planId: string, today: string): { userId: string; day: string; items: DigestItem[] }[] {
    const rows = statement<
      [string, string],
      { user_id: string; day: string; notification_id: string; title: string; body: string }
    >(
      this.db,
      `SELECT d.user_id, d.day, d.notification_id, m.title, m.body
       FROM nt_digest_items d JOIN nt_messages m ON m.notification_id = d.notification_id
       WHERE d.plan_id = ? AND d.day < ? ORDER BY d.user_id, d.day, d.position`,
    ).all(planId, today);
    const due = new Map<string, { userId: string; day: string; items: DigestItem[] }>();
    for (const r of rows) {
      const key = `${r.user_id}|${r.day}`;
      const digest = due.get(key) ?? { userId: r.user_id, day: r.day, items: [] };
      digest.items.push({ notificationId: r.notification_id, title: r.title, body: r.body });
      due.set(key, digest);
    }
    return [...due.values()];
  }

  unreadIds(userId: string): string[] {
    return valuesOf<string>(
      this.db,
      'SELECT notification_id FROM nt_inbox WHERE user_id = ? AND read_at IS NULL ORDER BY position',
      userId,
    );
  }

  isInInbox(userId: string, notificationId: string): boolean {
    return (
      statement<[string, string], { n: number }>(
        this.db,
        'SELECT 1 AS n FROM nt_inbox WHERE user_id = ? AND notification_id = ?',
      ).get(userId, notificationId) !== undefined
    );
  }

  preferences(userId: string): NotificationPreferences {
    const row = statement<[string], { preferences: string }>(
      this.db,
      'SELECT preferences FROM nt_preferences WHERE user_id = ?',
    ).get(userId);
    // Preferences stored before a field existed read as its default.
    return row
      ? { ...DEFAULT_NOTIFICATION_PREFERENCES, ...(JSON.parse(row.preferences) as NotificationPreferences) }
      : DEFAULT_NOTIFICATION_PREFERENCES;
  }

  settings(planId: string): { settings: NotificationSettings; revision: number } {
    const row = statement<[string], { settings: string; revision: number }>(
      this.db,
      'SELECT settings, revision FROM nt_settings WHERE plan_id = ?',
    ).get(planId);
    return row
      ? { settings: JSON.parse(row.settings) as NotificationSettings, revision: row.revision }
      : { settings: DEFAULT_NOTIFICATION_SETTINGS, revision: -1 };
  }

  /** A sent message (a reminder or a published briefing) with everyone it went to. */
  message(notificationId: string): Message | undefined {
    const row = statement<
      [string],
      {
        notification_id: string;
        plan_id: string;
        kind: Message['kind'];
        title: string;
        body: string;
        link: string | null;
        recipients: string;
        created_at: string;
      }
    >(this.db, 'SELECT * FROM nt_messages WHERE notification_id = ?').get(notificationId);
    return (
      row && {
        notificationId: row.notification_id,
        planId: row.plan_id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        recipients: JSON.parse(row.recipients) as string[],
        createdAt: row.created_at,
      }
    );
  }

  delivery(deliveryId: string): DeliveryRecord | undefined {
    const row = statement<[string], DeliveryRow>(
      this.db,
      'SELECT * FROM nt_deliveries WHERE delivery_id = ?',
    ).get(deliveryId);
    return row && toDelivery(row);
  }

  deliveries(status: DeliveryRecord['status']): DeliveryRecord[] {
    return deliveriesTable.all(this.db, 'status = ? ORDER BY updated_at DESC', status);
  }

  /**
   * Deliveries waiting to be made over the given channels (never attempted, or sent back for a
   * retry), oldest first, not older than `since`: a channel configured later does not send the
   * backlog of months it could not carry.
   */
  pendingDeliveries(channels: DeliveryChannel[], since: string): DeliveryRecord[] {
    if (channels.length === 0) return [];
    return this.db
      .prepare<string[], DeliveryRow>(
        `SELECT * FROM nt_deliveries WHERE status = 'pending' AND updated_at >= ?
         AND channel IN (${channels.map(() => '?').join(', ')}) ORDER BY updated_at`,
      )
      .all(since, ...channels)
      .map(toDelivery);
  }

  briefings(planId: string): BriefingSummary[] {
    return briefingsTable.all(this.db, 'plan_id = ? ORDER BY period_end DESC', planId);
  }

  briefing(briefingId: string): Briefing | undefined {
    const row = statement<[string], BriefingRow>(
      this.db,
      'SELECT * FROM nt_briefings WHERE briefing_id = ?',
    ).get(briefingId);
    return (
      row && {
        ...toSummary(row),
        markdown: row.markdown,
        html: row.html,
        sections: JSON.parse(row.sections) as Briefing['sections'],
        photos: JSON.parse(row.photos) as Briefing['photos'],
      }
    );
  }
}
