import {
  briefingDecider,
  editorialText,
  BRIEFING_SECTION_TITLES,
  type BriefingPhoto,
  type BriefingSection,
  deliveryDecider,
  inboxDecider,
  notificationSettingsDecider,
  type BriefingEvent,
  type DeliveryEvent,
  type DigestEvent,
  type WorkflowNoticeEvent,
  type InboxEvent,
  type NotificationSettingsEvent,
  type ReminderEvent,
  DEFAULT_NOTIFICATION_PREFERENCES,
  DEFAULT_NOTIFICATION_SETTINGS,
  type DeliveryChannel,
  type NotificationPreferences,
  type NotificationSettings,
} from '@sg/domain';
import type { ProjectedEvent } from '@sg/event-store';
import { createHash } from 'node:crypto';
import type { Projection } from '../framework/projection';
import { statement } from '../framework/statement-cache';

/** A short, stream-name-safe SHA-256 digest of a key (a reminder's, a delivery's). */
export const digestOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);

/** One delivery's id: the same message, channel and recipient always give the same id. */
export const deliveryIdOf = (notificationId: string, channel: DeliveryChannel, recipient: string) =>
  digestOf(`${notificationId}|${channel}|${recipient}`);

/** Every event the notifications projection reads: what was sent, delivered, read and set. */
export type NotificationEvent =
  | ReminderEvent
  | WorkflowNoticeEvent
  | DigestEvent
  | BriefingEvent
  | DeliveryEvent
  | InboxEvent
  | NotificationSettingsEvent;
const HANDLED = new Set<string>([
  'ReminderSent',
  'WorkflowNoticeSent',
  'DigestCompiled',
  ...briefingDecider.eventTypes,
  ...deliveryDecider.eventTypes,
  ...inboxDecider.eventTypes,
  ...notificationSettingsDecider.eventTypes,
]);

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export const localDate = (instant: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * What was sent to whom and how far it got: messages (reminders and published briefings, each
 * identified by the id of the event that sent it), every user's inbox with read marks, each
 * delivery over an outside channel, preferences, per-plan settings, and the briefing archive.
 */
export const notificationsProjection: Projection = {
  name: 'notifications',
  version: 5,
  tablePrefix: 'nt_',
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS nt_messages (
        notification_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL,
        title TEXT NOT NULL, body TEXT NOT NULL, link TEXT, recipients TEXT NOT NULL,
        created_at TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS nt_messages_by_position ON nt_messages (position);
      CREATE TABLE IF NOT EXISTS nt_inbox (
        notification_id TEXT NOT NULL, user_id TEXT NOT NULL, position INTEGER NOT NULL, read_at TEXT,
        PRIMARY KEY (user_id, notification_id));
      CREATE INDEX IF NOT EXISTS nt_inbox_by_user ON nt_inbox (user_id, position);
      CREATE TABLE IF NOT EXISTS nt_deliveries (
        delivery_id TEXT PRIMARY KEY, notification_id TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL,
        status TEXT NOT NULL, generation INTEGER NOT NULL, attempts INTEGER NOT NULL, last_error TEXT,
        updated_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS nt_deliveries_by_status ON nt_deliveries (status, updated_at);
      CREATE TABLE IF NOT EXISTS nt_preferences (user_id TEXT PRIMARY KEY, preferences TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS nt_settings (plan_id TEXT PRIMARY KEY, settings TEXT NOT NULL, revision INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS nt_briefings (
        briefing_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,
        title TEXT NOT NULL, status TEXT NOT NULL, content_hash TEXT NOT NULL, position INTEGER NOT NULL,
        generated_at TEXT NOT NULL, generated_by TEXT NOT NULL, approved_by TEXT, approved_at TEXT,
        published_by TEXT, published_at TEXT, markdown TEXT NOT NULL, html TEXT NOT NULL,
        sections TEXT NOT NULL DEFAULT '[]', photos TEXT NOT NULL DEFAULT '[]');
      CREATE INDEX IF NOT EXISTS nt_briefings_by_plan ON nt_briefings (plan_id, period_end);
      CREATE TABLE IF NOT EXISTS nt_digest_items (
        user_id TEXT NOT NULL, plan_id TEXT NOT NULL, day TEXT NOT NULL, notification_id TEXT NOT NULL,
        position INTEGER NOT NULL, PRIMARY KEY (user_id, notification_id));
      CREATE INDEX IF NOT EXISTS nt_digest_items_by_plan ON nt_digest_items (plan_id, day);
      CREATE TABLE IF NOT EXISTS nt_digests_sent (
        user_id TEXT NOT NULL, plan_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (user_id, plan_id, day));
    `);
  },
  apply(db, recorded) {
    if (!HANDLED.has(recorded.type)) return;
    const event = recorded as ProjectedEvent & NotificationEvent;
    const time = recorded.metadata.time;
    const addMessage = (m: {
      planId: string;
      kind: 'reminder' | 'briefing' | 'workflow' | 'digest';
      rule: string;
      title: string;
      body: string;
      link: string | null;
      recipients: string[];
    }) => {
      statement(
        db,
        `INSERT OR IGNORE INTO nt_messages (notification_id, plan_id, kind, rule, title, body, link, recipients, created_at, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        recorded.id,
        m.planId,
        m.kind,
        m.rule,
        m.title,
        m.body,
        m.link,
        JSON.stringify(m.recipients),
        time,
        recorded.position,
      );
      const inbox = statement(
        db,
        'INSERT OR IGNORE INTO nt_inbox (notification_id, user_id, position, read_at) VALUES (?, ?, ?, NULL)',
      );
      // A digest repeats by email what the inbox already showed.
      if (m.kind !== 'digest')
        for (const user of m.recipients) inbox.run(recorded.id, user, recorded.position);
      // Which outside channels carry it is decided now, by the preferences and settings in force
      // when it was sent: a preference changed later does not resend old messages.
      const settingsRow = statement<[string], { settings: string }>(
        db,
        'SELECT settings FROM nt_settings WHERE plan_id = ?',
      ).get(m.planId);
      const settings = settingsRow
        ? (JSON.parse(settingsRow.settings) as NotificationSettings)
        : DEFAULT_NOTIFICATION_SETTINGS;
      const delivery = statement(
        db,
        `INSERT OR IGNORE INTO nt_deliveries (delivery_id, notification_id, channel, recipient, status, generation, attempts, last_error, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 0, 0, NULL, ?)`,
      );
      const plan = (channel: DeliveryChannel, recipient: string) =>
        delivery.run(deliveryIdOf(recorded.id, channel, recipient), recorded.id, channel, recipient, time);
      let immediate = m.recipients.length === 0;
      for (const user of m.recipients) {
        const prefsRow = statement<[string], { preferences: string }>(
          db,
          'SELECT preferences FROM nt_preferences WHERE user_id = ?',
        ).get(user);
        const prefs: NotificationPreferences = {
          ...DEFAULT_NOTIFICATION_PREFERENCES,
          ...(prefsRow ? (JSON.parse(prefsRow.preferences) as Partial<NotificationPreferences>) : {}),
        };
        if (!(prefs.email && prefs.emailAddress)) {
          immediate = true;
        } else if (prefs.digest && m.kind !== 'digest') {
          addToDigest(user, m.planId, localDate(time, settings.timezone));
        } else {
          immediate = true;
          plan('email', user);
        }
      }
      // Group robot posts go out at once unless everyone they concern takes the daily digest.
      if (!immediate || m.kind === 'digest') return;
      if (settings.channels.wecom) plan('wecom', 'group');
      if (settings.channels.dingtalk) plan('dingtalk', 'group');
    };
    /** Kept for the user's digest of that day (of the next, if that day's digest has gone already). */
    const addToDigest = (user: string, planId: string, first: string) => {
      const sent = statement<[string, string, string], { day: string }>(
        db,
        'SELECT day FROM nt_digests_sent WHERE user_id = ? AND plan_id = ? AND day = ?',
      );
      let day = first;
      while (sent.get(user, planId, day)) day = nextDay(day);
      statement(
        db,
        `INSERT OR IGNORE INTO nt_digest_items (user_id, plan_id, day, notification_id, position)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(user, planId, day, recorded.id, recorded.position);
    };
    switch (event.type) {
      case 'ReminderSent':
        addMessage({ ...event.data, kind: 'reminder', link: event.data.link });
        return;
      case 'WorkflowNoticeSent':
        addMessage({ ...event.data, kind: 'workflow', link: event.data.link });
        return;
      case 'DigestCompiled': {
        const d = event.data;
        const remove = statement(db, 'DELETE FROM nt_digest_items WHERE user_id = ? AND notification_id = ?');
        for (const id of d.notificationIds) remove.run(d.userId, id);
        statement(db, 'INSERT OR IGNORE INTO nt_digests_sent (user_id, plan_id, day) VALUES (?, ?, ?)').run(
          d.userId,
          d.planId,
          d.day,
        );
        addMessage({
          planId: d.planId,
          kind: 'digest',
          rule: 'daily-digest',
          title: d.title,
          body: d.body,
          link: '/notifications',
          recipients: [d.userId],
        });
        return;
      }
      case 'BriefingDrafted': {
        const d = event.data;
        statement(
          db,
          `INSERT OR IGNORE INTO nt_briefings (briefing_id, plan_id, period_start, period_end, title, status, content_hash,
             position, generated_at, generated_by, markdown, html)
           VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)`,
        ).run(
          d.briefingId,
          d.planId,
          d.periodStart,
          d.periodEnd,
          d.title,
          d.contentHash,
          d.position,
          time,
          recorded.metadata.actor,
          d.markdown,
          d.html,
        );
        return;
      }
      case 'BriefingPhotoAdded': {
        const { photoId, sha256, name, mediaType, size, briefingId } = event.data;
        const row = statement<[string], { photos: string }>(
          db,
          'SELECT photos FROM nt_briefings WHERE briefing_id = ?',
        ).get(briefingId);
        if (!row) return;
        const photos = [...(JSON.parse(row.photos) as object[]), { photoId, sha256, name, mediaType, size }];
        statement(db, 'UPDATE nt_briefings SET photos = ? WHERE briefing_id = ?').run(
          JSON.stringify(photos),
          briefingId,
        );
        return;
      }
      case 'BriefingSectionWritten': {
        const { kind, text, photoIds, briefingId } = event.data;
        const row = statement<[string], { sections: string }>(
          db,
          'SELECT sections FROM nt_briefings WHERE briefing_id = ?',
        ).get(briefingId);
        if (!row) return;
        const order = ['work-news', 'typical-cases'];
        const sections = [
          ...(JSON.parse(row.sections) as { kind: string }[]).filter((s) => s.kind !== kind),
          { kind, text, photoIds },
        ].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
        statement(db, 'UPDATE nt_briefings SET sections = ? WHERE briefing_id = ?').run(
          JSON.stringify(sections),
          briefingId,
        );
        return;
      }
      case 'BriefingApproved':
        statement(
          db,
          "UPDATE nt_briefings SET status = 'approved', approved_by = ?, approved_at = ? WHERE briefing_id = ?",
        ).run(event.data.by, time, event.data.briefingId);
        return;
      case 'BriefingPublished': {
        const d = event.data;
        statement(
          db,
          "UPDATE nt_briefings SET status = 'published', published_by = ?, published_at = ?, content_hash = ? WHERE briefing_id = ?",
        ).run(d.by, time, d.contentHash, d.briefingId);
        // The office's sections travel with the notice (and so with its email and robot message).
        const issue = statement<[string], { sections: string; photos: string }>(
          db,
          'SELECT sections, photos FROM nt_briefings WHERE briefing_id = ?',
        ).get(d.briefingId);
        const editorial = issue
          ? editorialText(
              JSON.parse(issue.sections) as BriefingSection[],
              JSON.parse(issue.photos) as BriefingPhoto[],
              BRIEFING_SECTION_TITLES,
            )
          : '';
        addMessage({
          planId: d.planId,
          kind: 'briefing',
          rule: 'briefing-published',
          title: `${d.title}已发布`,
          body: `项目办发布了${d.title}，请查阅。${editorial ? `\n\n${editorial}` : ''}`,
          link: `/briefings?briefing=${d.briefingId}`,
          recipients: d.recipients,
        });
        return;
      }
      case 'NotificationDelivered':
      case 'NotificationDeliveryFailed':
      case 'DeliveryRetryRequested': {
        const d = event.data;
        const status =
          event.type === 'NotificationDelivered'
            ? 'delivered'
            : event.type === 'NotificationDeliveryFailed'
              ? 'failed'
              : 'pending';
        const generation = event.type === 'NotificationDelivered' ? null : event.data.generation;
        const attempts = event.type === 'DeliveryRetryRequested' ? 0 : event.data.attempts;
        const error = event.type === 'NotificationDeliveryFailed' ? event.data.error : null;
        statement(
          db,
          `INSERT INTO nt_deliveries (delivery_id, notification_id, channel, recipient, status, generation, attempts, last_error, updated_at)
           VALUES (?, ?, ?, ?, ?, COALESCE(?, 0), ?, ?, ?)
           ON CONFLICT (delivery_id) DO UPDATE SET status = excluded.status,
             generation = COALESCE(?, nt_deliveries.generation), attempts = excluded.attempts,
             last_error = COALESCE(excluded.last_error, nt_deliveries.last_error), updated_at = excluded.updated_at`,
        ).run(
          d.deliveryId,
          d.notificationId,
          d.channel,
          d.recipient,
          status,
          generation,
          attempts,
          error,
          time,
          generation,
        );
        return;
      }
      case 'NotificationsRead': {
        const mark = statement(
          db,
          'UPDATE nt_inbox SET read_at = ? WHERE user_id = ? AND notification_id = ? AND read_at IS NULL',
        );
        for (const id of event.data.notificationIds) mark.run(time, event.data.userId, id);
        return;
      }
      case 'NotificationPreferencesSet':
        statement(
          db,
          `INSERT INTO nt_preferences (user_id, preferences) VALUES (?, ?)
           ON CONFLICT (user_id) DO UPDATE SET preferences = excluded.preferences`,
        ).run(event.data.userId, JSON.stringify(event.data.preferences));
        return;
      case 'NotificationsConfigured':
        statement(
          db,
          `INSERT INTO nt_settings (plan_id, settings, revision) VALUES (?, ?, ?)
           ON CONFLICT (plan_id) DO UPDATE SET settings = excluded.settings, revision = excluded.revision`,
        ).run(event.data.planId, JSON.stringify(event.data.settings), recorded.revision);
        return;
    }
  },
};
