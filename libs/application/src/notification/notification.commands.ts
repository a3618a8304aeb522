import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  briefingDecider,
  briefingStream,
  deliveryDecider,
  deliveryStream,
  DomainError,
  inboxDecider,
  inboxStream,
  notificationSettingsDecider,
  notificationSettingsStream,
  type NotificationPreferences,
  type NotificationSettings,
} from '@sg/domain';
import { CompletionQueries, NotificationQueries, UserQueries } from '@sg/read-models';
import { CronExpressionParser } from 'cron-parser';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { loadExistingPlan } from '../pipeline/load-state';
import { OnEventStoreWith } from '../on-event-store-with';
import { OnNotifications, type NotificationViews } from './notification-views';
import { draftBriefing, issueHashOf } from './briefings';
import { OnEventStore } from '../pipeline/on-event-store';

export class ConfigureNotifications extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly settings: NotificationSettings,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class MarkNotificationsRead extends Command<CommandResult> {
  /** `all`: every notification unread now. */
  constructor(
    readonly notificationIds: string[] | 'all',
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class SetNotificationPreferences extends Command<CommandResult> {
  constructor(
    readonly preferences: NotificationPreferences,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RequestDeliveryRetry extends Command<CommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DraftBriefing extends Command<CommandResult & { created: boolean }> {
  constructor(
    readonly planId: string,
    readonly periodEnd: string | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ActOnBriefing extends Command<CommandResult> {
  constructor(
    readonly briefingId: string,
    readonly action: 'approve' | 'publish',
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** What a person reads when a schedule is refused: plain words and an example, no jargon. */
const invalidCron = (field: string, value: string) =>
  new DomainError(
    'invalid',
    'invalid-cron',
    `${field}格式不正确：${value}。请依次填写 分 时 日 月 星期，例如“0 8 * * *”表示每天 08:00，“0 9 1 * *”表示每月 1 日 09:00。`,
    { field },
  );

function requireCron(expression: string, timezone: string, field: string): void {
  let parsed;
  try {
    parsed = CronExpressionParser.parse(expression, { tz: timezone, strict: false });
  } catch {
    throw invalidCron(field, expression);
  }
  // A schedule firing more often than once a minute would flood people (and Redis) with jobs.
  const first = parsed.next().getTime();
  const second = parsed.next().getTime();
  if (second - first < 60_000) {
    throw new DomainError(
      'invalid',
      'cron-too-frequent',
      `${field}过于频繁：${expression}。两次之间至少间隔 1 分钟，例如“0 8 * * *”表示每天 08:00。`,
      {
        field,
      },
    );
  }
}

const settingsOf = targetsOf(notificationSettingsStream, notificationSettingsDecider);
const inbox = targetsOf(inboxStream, inboxDecider);
const delivery = targetsOf(deliveryStream, deliveryDecider);

/** A briefing's stream, addressed through the read model (the decider decides from the stream itself). */
function briefingAt(notifications: NotificationQueries, briefingId: string) {
  const briefing = notifications.briefing(briefingId);
  if (!briefing) throw new DomainError('not-found', 'briefing-not-found', '简报不存在。', { briefingId });
  return {
    id: briefingId,
    stream: briefingStream(briefing.planId, briefing.periodEnd),
    decider: briefingDecider,
    planId: briefing.planId,
  };
}

@CommandHandler(ConfigureNotifications)
export class ConfigureNotificationsHandler extends OnEventStore<ConfigureNotifications> {
  async execute({ planId, settings, context }: ConfigureNotifications): Promise<CommandResult> {
    await loadExistingPlan(this.store, planId);
    requireCron(settings.reminderCron, settings.timezone, '提醒时间');
    requireCron(settings.briefingCron, settings.timezone, '简报时间');
    const command = { type: 'ConfigureNotifications', data: { planId, settings } } as const;
    return commandOn(this.store, settingsOf(planId), command, context);
  }
}

@CommandHandler(MarkNotificationsRead)
export class MarkNotificationsReadHandler extends OnNotifications<MarkNotificationsRead> {
  async execute({ notificationIds, context }: MarkNotificationsRead): Promise<CommandResult> {
    const userId = context.actor;
    const ids = notificationIds === 'all' ? this.notifications.unreadIds(userId) : notificationIds;
    for (const id of ids) {
      if (!this.notifications.isInInbox(userId, id)) {
        throw new DomainError('not-found', 'notification-not-found', '通知不存在，或不是发给您的。', { id });
      }
    }
    const command = { type: 'MarkNotificationsRead', data: { userId, notificationIds: ids } } as const;
    return commandOn(this.store, inbox(userId), command, context);
  }
}

@CommandHandler(SetNotificationPreferences)
export class SetNotificationPreferencesHandler extends OnEventStore<SetNotificationPreferences> {
  async execute({ preferences, context }: SetNotificationPreferences): Promise<CommandResult> {
    const userId = context.actor;
    const command = { type: 'SetNotificationPreferences', data: { userId, preferences } } as const;
    return commandOn(this.store, inbox(userId), command, context);
  }
}

@CommandHandler(RequestDeliveryRetry)
export class RequestDeliveryRetryHandler extends OnEventStore<RequestDeliveryRetry> {
  async execute({ deliveryId, context }: RequestDeliveryRetry): Promise<CommandResult> {
    if (!/^[0-9a-f]{40}$/.test(deliveryId)) {
      throw new DomainError('not-found', 'delivery-not-found', '该发送记录不存在。');
    }
    const command = { type: 'RequestDeliveryRetry', data: { deliveryId } } as const;
    return commandOn(this.store, delivery(deliveryId), command, context);
  }
}

@CommandHandler(DraftBriefing)
export class DraftBriefingHandler extends OnNotifications<DraftBriefing> {
  async execute({
    planId,
    periodEnd,
    context,
  }: DraftBriefing): Promise<CommandResult & { created: boolean }> {
    await loadExistingPlan(this.store, planId);
    const { timezone } = this.notifications.settings(planId).settings;
    const drafted = await draftBriefing(this.store, { notifications: this.notifications }, planId, context, {
      periodEnd,
      timezone,
    });
    return {
      id: drafted.briefingId,
      revision: drafted.result.revision,
      position: drafted.result.position,
      created: drafted.created,
    };
  }
}

/** Everyone a plan's briefing goes to: its task owners and everyone holding a role over it. */
export function planAudience(
  views: Pick<NotificationViews, 'completion' | 'users'>,
  planId: string,
): string[] {
  const members = views.completion.planMembers(planId);
  const projects = new Set(members.projectIds.map((id) => `project:${id}`));
  const owners = new Set(members.ownerIds);
  return views.users
    .list()
    .filter(
      (u) =>
        !u.disabled &&
        (owners.has(u.userId) ||
          u.roles.some((r) => r.scope === '*' || r.scope === `plan:${planId}` || projects.has(r.scope))),
    )
    .map((u) => u.userId);
}

@CommandHandler(ActOnBriefing)
export class ActOnBriefingHandler extends OnEventStoreWith({
  notifications: NotificationQueries,
  completion: CompletionQueries,
  users: UserQueries,
})<ActOnBriefing> {
  async execute({ briefingId, action, context }: ActOnBriefing): Promise<CommandResult> {
    const briefing = briefingAt(this.notifications, briefingId);
    return commandOn(
      this.store,
      briefing,
      action === 'approve'
        ? { type: 'ApproveBriefing', data: { briefingId, by: context.actor } }
        : {
            type: 'PublishBriefing',
            data: {
              briefingId,
              by: context.actor,
              recipients: planAudience({ completion: this.completion, users: this.users }, briefing.planId),
              issueHash: issueHashOf,
            },
          },
      context,
    );
  }
}

/** The office's edit of an issue still in draft: a section's text and photos, or a new photo. */
export class EditBriefing extends Command<CommandResult> {
  constructor(
    readonly briefingId: string,
    readonly edit:
      | { type: 'section'; kind: string; text: string; photoIds: string[] }
      | { type: 'photo'; photoId: string; sha256: string; name: string; mediaType: string; size: number },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EditBriefing)
export class EditBriefingHandler extends OnNotifications<EditBriefing> {
  async execute({ briefingId, edit, context }: EditBriefing): Promise<CommandResult> {
    const briefing = briefingAt(this.notifications, briefingId);
    const by = context.actor;
    return commandOn(
      this.store,
      // A new photo answers with the photo's id, a section with the briefing's.
      { ...briefing, id: edit.type === 'photo' ? edit.photoId : briefingId },
      edit.type === 'section'
        ? {
            type: 'WriteBriefingSection',
            data: { briefingId, kind: edit.kind, text: edit.text, photoIds: edit.photoIds, by },
          }
        : {
            type: 'AddBriefingPhoto',
            data: {
              briefingId,
              photoId: edit.photoId,
              sha256: edit.sha256,
              name: edit.name,
              mediaType: edit.mediaType,
              size: edit.size,
              by,
            },
          },
      context,
    );
  }
}

export const NOTIFICATION_HANDLERS = [
  EditBriefingHandler,
  ConfigureNotificationsHandler,
  MarkNotificationsReadHandler,
  SetNotificationPreferencesHandler,
  RequestDeliveryRetryHandler,
  DraftBriefingHandler,
  ActOnBriefingHandler,
];
