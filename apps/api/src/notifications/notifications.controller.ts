import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Query,
  Req,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ActOnBriefing,
  checkBriefing,
  ConfigureNotifications,
  DraftBriefing,
  EVENT_STORE,
  MarkNotificationsRead,
  RequestDeliveryRetry,
  SetNotificationPreferences,
  type CommandContext,
  type CommandResult,
} from '@sg/application';
import { DomainError } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { NotificationQueries, SubmissionQueries, UserQueries } from '@sg/read-models';
import type { Request } from 'express';
import { SignedIn } from '../auth/access';
import { seesUnpublishedBriefings } from '../auth/policies';
import { IdParam } from '../http/ids';
import { ReasonDto } from '../http/reason.dto';
import { Ctx } from '../http/request-context';
import {
  CountsQueryDto,
  DraftBriefingDto,
  NotificationPreferencesDto,
  NotificationSettingsDto,
} from './notifications.dto';
import { GetRoute, PostRoute, PutRoute } from '../http/routes';

/** How often a waiting counts request looks again: two indexed counts, well under a millisecond. */
const COUNTS_RECHECK_MS = 200;

const briefingNotFound = (id: string) =>
  new DomainError('not-found', 'briefing-not-found', '简报不存在。', { id });

@ApiTags('提醒、通知与简报')
@Controller()
export class NotificationsController implements BeforeApplicationShutdown {
  /** Set when the API begins to shut down: a waiting counts request then answers at once. */
  private closing = false;
  /** Wakes each counts request now pausing between two looks (one entry per open page). */
  private readonly pausing = new Set<() => void>();

  constructor(
    private readonly commands: CommandBus,
    private readonly notifications: NotificationQueries,
    private readonly users: UserQueries,
    private readonly submissions: SubmissionQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Before the HTTP server stops (it waits for open requests) and the read models close: a wait
   * would otherwise hold the shutdown for up to `wait` seconds, then read a closed database.
   */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const wake of this.pausing) wake();
  }

  /** Waits `ms`, or less if the API begins to shut down meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pausing.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pausing.add(wake);
    });
  }

  @Get('me/counts')
  @SignedIn()
  @ApiOperation({
    summary: '菜单角标：等待我审核的提交数、未读通知数',
    description:
      '给出页面已知的 unread、reviews 与 wait（秒）时，计数有变化才应答（最多等 wait 秒）：页面据此在一秒内更新角标，而不必频繁轮询。',
  })
  async counts(
    @Req() req: Request,
    @Query() query: CountsQueryDto,
  ): Promise<{ reviews: number; unread: number }> {
    const userId = req.principal!.userId;
    const read = () => ({
      reviews: this.submissions.waitingCount(userId),
      unread: this.notifications.unreadCount(userId),
    });
    let counts = read();
    if (query.unread === undefined || query.reviews === undefined || !query.wait) return counts;
    const known = { reviews: Number(query.reviews), unread: Number(query.unread) };
    const deadline = Date.now() + Number(query.wait) * 1000;
    const over = () => req.socket.destroyed || this.closing; // no one to answer, or closing
    while (
      counts.reviews === known.reviews &&
      counts.unread === known.unread &&
      Date.now() < deadline &&
      !over()
    ) {
      await this.pause(COUNTS_RECHECK_MS);
      if (over()) break; // no one to read for, or an answer due now: the counts last read
      counts = read();
    }
    // Closing: the connection ends with this answer. Kept alive, it would hold the HTTP server's
    // close until the client let it go (3 s here), and the page would ask again on it at once.
    if (this.closing) req.res?.setHeader('Connection', 'close');
    return counts;
  }

  @GetRoute('me/notifications', 'signed-in', '站内通知：我的提醒与简报通知，最新的在前')
  @ApiQuery({ name: 'unread', required: false, description: 'true：只看未读' })
  @ApiQuery({ name: 'limit', required: false, description: '最多条数（1–200，默认 50）' })
  inbox(@Req() req: Request, @Query('unread') unread?: string, @Query('limit') limit?: string) {
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 200) {
      throw new DomainError('invalid', 'invalid-limit', 'limit 应为 1–200 之间的整数。');
    }
    return this.notifications.inbox(req.principal!.userId, { unreadOnly: unread === 'true', limit: n });
  }

  @PostRoute('me/notifications/read-all', 'signed-in', '全部标为已读')
  readAll(@Body() _body: ReasonDto, @Ctx() context: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new MarkNotificationsRead('all', context));
  }

  @PostRoute('me/notifications/:notificationId/read', 'signed-in', '标为已读')
  read(
    @IdParam('notificationId') notificationId: string,
    @Body() _body: ReasonDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new MarkNotificationsRead([notificationId], context));
  }

  @GetRoute('me/notification-preferences', 'signed-in', '我的通知方式')
  preferences(@Req() req: Request) {
    return this.notifications.preferences(req.principal!.userId);
  }

  @PutRoute('me/notification-preferences', 'signed-in', '设置我的通知方式（邮件、企业微信、钉钉）')
  async setPreferences(
    @Body() body: NotificationPreferencesDto,
    @Req() req: Request,
    @Ctx() context: CommandContext,
  ) {
    const { reason: _reason, ...preferences } = body;
    const result: CommandResult = await this.commands.execute(
      new SetNotificationPreferences(
        {
          ...preferences,
          emailAddress: preferences.emailAddress ?? null,
          mobile: preferences.mobile ?? null,
          digest: preferences.digest ?? false,
        },
        context,
      ),
    );
    return { ...result, preferences: this.notifications.preferences(req.principal!.userId) };
  }

  @GetRoute(
    'plans/:planId/notification-settings',
    'plan.read',
    '方案的提醒与简报设置（时间、阈值、群机器人）',
  )
  settings(@IdParam('planId') planId: string) {
    return this.notifications.settings(planId).settings;
  }

  @PutRoute(
    'plans/:planId/notification-settings',
    'plan.manage',
    '设置方案的提醒与简报（cron 时间、提醒阈值、是否推送到群机器人）',
  )
  configure(
    @IdParam('planId') planId: string,
    @Body() body: NotificationSettingsDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    const { reason: _reason, ...settings } = body;
    return this.commands.execute(new ConfigureNotifications(planId, settings, context));
  }

  @GetRoute(
    'plans/:planId/briefings',
    'plan.read',
    '简报归档：每一期，最新的在前（未发布的草稿只有项目办可见）',
  )
  briefings(@IdParam('planId') planId: string, @Req() req: Request) {
    const drafts = seesUnpublishedBriefings(req.principal!, planId);
    return { items: this.notifications.briefings(planId).filter((b) => drafts || b.status === 'published') };
  }

  @PostRoute(
    'plans/:planId/briefings',
    'plan.manage',
    '生成一期简报草稿（默认为上一个完整的月份；该期已有则返回已有的）',
  )
  draft(
    @IdParam('planId') planId: string,
    @Body() body: DraftBriefingDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new DraftBriefing(planId, body.periodEnd, context));
  }

  @GetRoute('briefings/:briefingId', 'briefing.read', '一期简报：HTML 与 Markdown 全文')
  briefing(@IdParam('briefingId') briefingId: string) {
    const briefing = this.notifications.briefing(briefingId);
    if (!briefing) throw briefingNotFound(briefingId);
    return briefing;
  }

  @PostRoute('briefings/:briefingId/approve', 'briefing.manage', '项目办审核通过简报草稿')
  approve(
    @IdParam('briefingId') briefingId: string,
    @Body() _body: ReasonDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new ActOnBriefing(briefingId, 'approve', context));
  }

  @PostRoute(
    'briefings/:briefingId/publish',
    'briefing.manage',
    '发布已审核的简报：通知方案相关人员，并推送到邮件和群机器人',
  )
  publish(
    @IdParam('briefingId') briefingId: string,
    @Body() _body: ReasonDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new ActOnBriefing(briefingId, 'publish', context));
  }

  @GetRoute(
    'briefings/:briefingId/verify',
    'briefing.audit',
    '从事件日志重新生成该期简报，与发布的内容逐字节比对',
  )
  verify(@IdParam('briefingId') briefingId: string) {
    const briefing = this.notifications.briefing(briefingId);
    if (!briefing) throw briefingNotFound(briefingId);
    return checkBriefing(this.store, briefing.planId, briefing.periodEnd);
  }

  @GetRoute('deliveries/failed', 'deliveries.manage', '发送失败的通知（重试已用尽），可逐条重新发送')
  failed() {
    return {
      items: this.notifications.deliveries('failed').map((d) => {
        const message = this.notifications.message(d.notificationId);
        return {
          id: d.deliveryId,
          channel: d.channel,
          recipient: d.recipient,
          recipientName:
            d.recipient === 'group' ? '群机器人' : (this.users.byId(d.recipient)?.displayName ?? d.recipient),
          title: message?.title ?? '',
          attempts: d.attempts,
          lastError: d.lastError,
          failedAt: d.updatedAt,
        };
      }),
    };
  }

  @PostRoute(
    'deliveries/:deliveryId/retry',
    'deliveries.manage',
    '重新发送一条失败的通知（由后台任务服务执行）',
  )
  retry(
    @Param('deliveryId') deliveryId: string,
    @Body() _body: ReasonDto,
    @Ctx() context: CommandContext,
  ): Promise<CommandResult> {
    return this.commands.execute(new RequestDeliveryRetry(deliveryId, context));
  }
}
