import type { DeliveryChannel } from './enums';

/* Notifications, their delivery preferences and the deliveries that failed. */

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPreferences {
  email: boolean;
  emailAddress: string | null;
  /** Used to @mention the user in WeCom / DingTalk group messages. */
  mobile: string | null;
  wecom: boolean;
  dingtalk: boolean;
  /** 每日汇总: the user's emails come as one message a day; the inbox still shows each at once. */
  digest: boolean;
}

export interface FailedDelivery {
  id: string;
  channel: DeliveryChannel;
  recipient: string;
  /** The person's name, or 群机器人 for a group message. */
  recipientName: string;
  title: string;
  attempts: number;
  lastError: string;
  failedAt: string;
}
