import type { NotificationPreferences } from '@sg/contracts';
import {
  assertNever,
  eventTypesOf,
  evolvers,
  type Decider,
  type InPlaceDecider,
  type Message,
} from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_REMINDER_THRESHOLDS, type DueReminder, type ReminderThresholds } from './reminder-rules';

const invalid = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('invalid', code, message, details);

// ---------------------------------------------------------------------------------------------
// Per plan: when reminders and briefings run, and which group robots carry them.

export interface NotificationSettings {
  /** Cron expression of the daily reminder scan, in `timezone`. */
  reminderCron: string;
  /** Cron expression of the briefing (monthly by default). */
  briefingCron: string;
  timezone: string;
  thresholds: ReminderThresholds;
  /** Post to the deployment's WeCom / DingTalk group robot (their webhook addresses are secrets in the environment). */
  channels: { wecom: boolean; dingtalk: boolean };
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  reminderCron: '0 8 * * *',
  briefingCron: '0 9 1 * *',
  timezone: 'Asia/Shanghai',
  thresholds: DEFAULT_REMINDER_THRESHOLDS,
  channels: { wecom: true, dingtalk: true },
};

export type NotificationSettingsCommand = Message<
  'ConfigureNotifications',
  { planId: string; settings: NotificationSettings }
>;
export type NotificationSettingsEvent = Message<
  'NotificationsConfigured',
  { planId: string; settings: NotificationSettings }
>;

export const notificationSettingsStream = (planId: string) => `notification-settings-${planId}`;

function requireThresholds(t: ReminderThresholds): ReminderThresholds {
  const checked = {} as ReminderThresholds;
  for (const field of Object.keys(DEFAULT_REMINDER_THRESHOLDS) as (keyof ReminderThresholds)[]) {
    const value = t[field];
    if (!Number.isInteger(value) || value < (field === 'dueSoonDays' ? 0 : 1) || value > 365) {
      throw invalid(
        'invalid-threshold',
        `提醒阈值 ${field} 应为 1–365 之间的整数天数（到期前提醒可为 0）。`,
        {
          field,
        },
      );
    }
    checked[field] = value;
  }
  return checked;
}

function requireTimezone(zone: string): string {
  try {
    new Intl.DateTimeFormat('zh-CN', { timeZone: zone });
    return zone;
  } catch {
    throw invalid('invalid-timezone', `时区不正确：${zone}（例如 Asia/Shanghai）。`);
  }
}

export const notificationSettingsDecider: Decider<
  { configured: boolean },
  NotificationSettingsCommand,
  NotificationSettingsEvent
> = {
  initialState: () => ({ configured: false }),
  evolve: () => ({ configured: true }),
  decide(command) {
    const { planId, settings } = command.data;
    return [
      {
        type: 'NotificationsConfigured',
        data: {
          planId,
          settings: {
            reminderCron: settings.reminderCron.trim(),
            briefingCron: settings.briefingCron.trim(),
            timezone: requireTimezone(settings.timezone),
            thresholds: requireThresholds(settings.thresholds),
            channels: { wecom: settings.channels.wecom, dingtalk: settings.channels.dingtalk },
          },
        },
      },
    ];
  },
  eventTypes: eventTypesOf<NotificationSettingsEvent>({ NotificationsConfigured: true }),
};

// ---------------------------------------------------------------------------------------------
// A reminder, once. Its stream is named by its key and written only if it does not exist yet:
// that append is the moment the reminder is sent (it is also its in-app notification).

export type ReminderEvent = Message<'ReminderSent', DueReminder>;

/** Stream names stay short and safe whatever the key holds; `digest` is a hash of the key. */
export const reminderStream = (digest: string) => `reminder-${digest}`;

// ---------------------------------------------------------------------------------------------
// Each user's inbox state and preferences.

export type { NotificationPreferences };

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  email: false,
  emailAddress: null,
  mobile: null,
  wecom: true,
  dingtalk: true,
  digest: false,
};

export type InboxCommand =
  | Message<'MarkNotificationsRead', { userId: string; notificationIds: string[] }>
  | Message<'SetNotificationPreferences', { userId: string; preferences: NotificationPreferences }>;

export type InboxEvent =
  | Message<'NotificationsRead', { userId: string; notificationIds: string[] }>
  | Message<'NotificationPreferencesSet', { userId: string; preferences: NotificationPreferences }>;

export const inboxStream = (userId: string) => `inbox-${userId}`;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const MOBILE = /^1\d{10}$/;

function requirePreferences(p: NotificationPreferences): NotificationPreferences {
  const emailAddress = p.emailAddress?.trim() || null;
  const mobile = p.mobile?.trim() || null;
  if (emailAddress !== null && (emailAddress.length > 254 || !EMAIL.test(emailAddress))) {
    throw invalid('invalid-email', `邮箱地址格式不正确：${emailAddress}`);
  }
  if (p.email && emailAddress === null) {
    throw invalid('email-address-required', '开启邮件提醒前，请先填写邮箱地址。');
  }
  if (mobile !== null && !MOBILE.test(mobile)) {
    throw invalid('invalid-mobile', `手机号应为 11 位数字：${mobile}`);
  }
  const digest = p.digest === true;
  if (digest && !p.email) {
    throw invalid('digest-needs-email', '每日汇总通过电子邮件发送，请先开启邮件提醒并填写邮箱地址。');
  }
  return { email: p.email, emailAddress, mobile, wecom: p.wecom, dingtalk: p.dingtalk, digest };
}

export const inboxDecider: InPlaceDecider<{ read: Set<string> }, InboxCommand, InboxEvent> = {
  initialState: () => ({ read: new Set() }),
  // The read set grows with every notification read: folded in place, copied only for `evolve`.
  ...evolvers(
    (state: { read: Set<string> }) => ({ read: new Set(state.read) }),
    (state, event: InboxEvent) => {
      switch (event.type) {
        case 'NotificationsRead':
          for (const id of event.data.notificationIds) state.read.add(id);
          return state;
        case 'NotificationPreferencesSet':
          return state;
        default:
          return assertNever(event);
      }
    },
  ),
  decide(command, state) {
    switch (command.type) {
      case 'MarkNotificationsRead': {
        const unread = [...new Set(command.data.notificationIds)].filter((id) => !state.read.has(id));
        return unread.length === 0
          ? []
          : [{ type: 'NotificationsRead', data: { userId: command.data.userId, notificationIds: unread } }];
      }
      case 'SetNotificationPreferences':
        return [
          {
            type: 'NotificationPreferencesSet',
            data: { userId: command.data.userId, preferences: requirePreferences(command.data.preferences) },
          },
        ];
      default:
        return assertNever(command);
    }
  },
  eventTypes: eventTypesOf<InboxEvent>({ NotificationsRead: true, NotificationPreferencesSet: true }),
};

// ---------------------------------------------------------------------------------------------
// Delivery of one notification over one outside channel to one recipient (or group).

export type DeliveryChannel = 'email' | 'wecom' | 'dingtalk';

export interface DeliveryTarget {
  deliveryId: string;
  notificationId: string;
  channel: DeliveryChannel;
  /** A user id, or `group` for a robot message to the plan's group. */
  recipient: string;
}

export type DeliveryCommand =
  | Message<'RecordDelivery', DeliveryTarget & { attempts: number }>
  | Message<'RecordDeliveryFailure', DeliveryTarget & { attempts: number; error: string; generation: number }>
  | Message<'RequestDeliveryRetry', { deliveryId: string }>;

export type DeliveryEvent =
  | Message<'NotificationDelivered', DeliveryTarget & { attempts: number }>
  | Message<
      'NotificationDeliveryFailed',
      DeliveryTarget & { attempts: number; error: string; generation: number }
    >
  | Message<'DeliveryRetryRequested', DeliveryTarget & { generation: number }>;

export interface DeliveryState {
  status: 'pending' | 'delivered' | 'failed';
  /** Bumped by each retry an administrator asks for; a job carries the generation it serves. */
  generation: number;
  target: DeliveryTarget | undefined;
}

export const deliveryStream = (deliveryId: string) => `delivery-${deliveryId}`;

export const deliveryDecider: Decider<DeliveryState, DeliveryCommand, DeliveryEvent> = {
  initialState: () => ({ status: 'pending', generation: 0, target: undefined }),
  evolve(state, event) {
    const { deliveryId, notificationId, channel, recipient } = event.data;
    const target = { deliveryId, notificationId, channel, recipient };
    switch (event.type) {
      case 'NotificationDelivered':
        return { ...state, status: 'delivered', target };
      case 'NotificationDeliveryFailed':
        return { ...state, status: 'failed', target };
      case 'DeliveryRetryRequested':
        return { status: 'pending', generation: event.data.generation, target };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RecordDelivery':
        // A second worker that raced this one to the same delivery has nothing left to record.
        return state.status === 'delivered' ? [] : [{ type: 'NotificationDelivered', data: command.data }];
      case 'RecordDeliveryFailure':
        return state.status !== 'pending' || command.data.generation !== state.generation
          ? []
          : [{ type: 'NotificationDeliveryFailed', data: command.data }];
      case 'RequestDeliveryRetry':
        if (state.status !== 'failed' || !state.target) {
          throw new DomainError('conflict', 'delivery-not-failed', '该通知没有发送失败，无需重试。');
        }
        return [
          { type: 'DeliveryRetryRequested', data: { ...state.target, generation: state.generation + 1 } },
        ];
      default:
        return assertNever(command);
    }
  },
  eventTypes: eventTypesOf<DeliveryEvent>({
    NotificationDelivered: true,
    NotificationDeliveryFailed: true,
    DeliveryRetryRequested: true,
  }),
};

// ---------------------------------------------------------------------------------------------
// 每日汇总: one email a day with everything a user who asked for it was sent that day. Its stream
// is named by (user, plan, day) and written only if it does not exist yet, so it is sent once.

export interface DigestItem {
  notificationId: string;
  title: string;
  body: string;
}

export interface Digest {
  key: string;
  userId: string;
  planId: string;
  /** YYYY-MM-DD in the plan's time zone: the day the notifications were sent. */
  day: string;
  notificationIds: string[];
  title: string;
  body: string;
}

export type DigestEvent = Message<'DigestCompiled', Digest>;

export const digestStream = (digest: string) => `digest-${digest}`;

/** The digest of one user's notifications of one day, oldest first. */
export function composeDigest(userId: string, planId: string, day: string, items: DigestItem[]): Digest {
  return {
    key: `digest:${userId}:${planId}:${day}`,
    userId,
    planId,
    day,
    notificationIds: items.map((i) => i.notificationId),
    title: `每日汇总：${day} 共 ${items.length} 条通知`,
    body: [
      `以下是您 ${day} 收到的 ${items.length} 条通知：`,
      ...items.map((item, i) => `${i + 1}. ${item.title}\n   ${item.body}`),
    ].join('\n\n'),
  };
}
