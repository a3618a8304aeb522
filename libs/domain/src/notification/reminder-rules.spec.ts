import { deciderSpec } from '@sg/testing';
import { briefingDecider, type BriefingDraft, type BriefingEvent } from '../briefing/briefing';
import {
  composeDigest,
  deliveryDecider,
  inboxDecider,
  type DeliveryEvent,
  type NotificationPreferences,
} from './notifications';
import { DEFAULT_REMINDER_THRESHOLDS, dueReminders, type ReminderSnapshot } from './reminder-rules';

const snapshot = (today: string, patch: Partial<ReminderSnapshot> = {}): ReminderSnapshot => ({
  planId: 'p1',
  today,
  tasks: [
    {
      taskId: 't1',
      projectId: 'pr1',
      title: '课程思政示范课建设',
      ownerId: 'u-owner',
      dueDate: '2026-12-31',
      completion: '0.4',
    },
  ],
  submissions: [],
  projectLeads: { pr1: ['u-lead'] },
  office: ['u-office'],
  names: { 'u-owner': '张老师', 'u-reviewer': '李审核' },
  ...patch,
});

const keys = (s: ReminderSnapshot) => dueReminders(s, DEFAULT_REMINDER_THRESHOLDS).map((r) => r.key);

describe('reminder rules', () => {
  it('reminds the owner once in the week before the due date, with one key for the whole week', () => {
    expect(keys(snapshot('2026-12-23'))).toEqual([]);
    const week = ['2026-12-24', '2026-12-28', '2026-12-31'].map((day) => keys(snapshot(day)));
    expect(week).toEqual([
      ['task-due-soon:t1:2026-12-31'],
      ['task-due-soon:t1:2026-12-31'],
      ['task-due-soon:t1:2026-12-31'],
    ]);
    const [reminder] = dueReminders(snapshot('2026-12-28'), DEFAULT_REMINDER_THRESHOLDS);
    expect(reminder.recipients).toEqual(['u-owner']);
    expect(reminder.body).toContain('还有 3 天');
    expect(reminder.body).toContain('40%');
  });

  it('reminds an overdue task weekly, its owner and its project lead, with a new key each week', () => {
    expect(keys(snapshot('2027-01-01'))).toEqual(['task-overdue:t1:2026-12-31:0']);
    expect(keys(snapshot('2027-01-07'))).toEqual(['task-overdue:t1:2026-12-31:0']);
    expect(keys(snapshot('2027-01-08'))).toEqual(['task-overdue:t1:2026-12-31:1']);
    const [reminder] = dueReminders(snapshot('2027-01-08'), DEFAULT_REMINDER_THRESHOLDS);
    expect(reminder.recipients).toEqual(['u-lead', 'u-owner']);
  });

  it('chases an overdue 整改 finding with its assignee, and escalates it to the office once per deadline', () => {
    const withFinding = (today: string, deadline = '2026-06-30') =>
      snapshot(today, {
        tasks: [],
        findings: [{ findingId: 'f1', title: '佐证不足', assignee: 'u-owner', deadline }],
      });
    expect(keys(withFinding('2026-06-30'))).toEqual([]);
    expect(keys(withFinding('2026-07-01'))).toEqual(['finding-overdue:f1:2026-06-30:0']);
    // Escalated from the fourth day overdue, under one key however often it is asked again.
    expect(keys(withFinding('2026-07-04'))).toEqual([
      'finding-overdue:f1:2026-06-30:0',
      'finding-escalated:f1:2026-06-30',
    ]);
    expect(keys(withFinding('2026-07-20'))).toEqual([
      'finding-overdue:f1:2026-06-30:2',
      'finding-escalated:f1:2026-06-30',
    ]);
    const escalation = dueReminders(withFinding('2026-07-04'), DEFAULT_REMINDER_THRESHOLDS)[1];
    expect(escalation.recipients).toEqual(['u-office']);
    expect(escalation.body).toContain('张老师');
    expect(escalation.link).toBe('/rectification?finding=f1');
  });

  it('never reminds a task that is done, including one done beyond its plan', () => {
    for (const completion of ['1', '1.25']) {
      const done = snapshot('2027-02-01');
      done.tasks[0].completion = completion;
      expect(keys(done)).toEqual([]);
    }
  });

  it('chases a waiting review with its reviewers, then the project lead, then the office', () => {
    const waiting = (today: string) =>
      snapshot(today, {
        tasks: snapshot(today).tasks.map((t) => ({ ...t, completion: '1' })),
        submissions: [
          {
            submissionId: 's1',
            taskId: 't1',
            status: 'under-review',
            version: 2,
            submitter: 'u-owner',
            stage: 1,
            stageName: '项目负责人审核',
            pendingReviewers: ['u-reviewer'],
            since: '2026-11-01',
            lastReason: null,
          },
        ],
      });
    expect(keys(waiting('2026-11-03'))).toEqual([]);
    expect(keys(waiting('2026-11-04'))).toEqual(['review-waiting:s1:v2:s1']);
    expect(keys(waiting('2026-11-07'))).toEqual([
      'review-waiting:s1:v2:s1',
      'review-escalated-lead:s1:v2:s1',
    ]);
    const all = dueReminders(waiting('2026-11-11'), DEFAULT_REMINDER_THRESHOLDS);
    expect(all.map((r) => [r.rule, r.recipients])).toEqual([
      ['review-waiting', ['u-reviewer']],
      ['review-escalated-lead', ['u-lead']],
      ['review-escalated-office', ['u-office']],
    ]);
    expect(all[2].body).toContain('李审核');
  });

  it('reminds a rejected submission not resubmitted, with the rejection reason', () => {
    const rejected = snapshot('2026-11-05', {
      submissions: [
        {
          submissionId: 's1',
          taskId: 't1',
          status: 'rejected',
          version: 1,
          submitter: 'u-owner',
          stage: 1,
          stageName: '项目负责人审核',
          pendingReviewers: [],
          since: '2026-11-02',
          lastReason: '佐证材料缺少盖章页',
        },
      ],
    });
    const reminder = dueReminders(rejected, DEFAULT_REMINDER_THRESHOLDS).find(
      (r) => r.rule === 'submission-rejected',
    );
    expect(reminder?.key).toBe('submission-rejected:s1:v1');
    expect(reminder?.body).toContain('佐证材料缺少盖章页');
  });
});

describe('deliveries', () => {
  const target = { deliveryId: 'd1', notificationId: 'n1', channel: 'email' as const, recipient: 'u1' };
  const failed: DeliveryEvent = {
    type: 'NotificationDeliveryFailed',
    data: { ...target, attempts: 5, error: 'SMTP 550', generation: 0 },
  };
  const spec = deciderSpec(deliveryDecider);

  it('records a delivery once, however many workers report it', () => {
    const delivered: DeliveryEvent = { type: 'NotificationDelivered', data: { ...target, attempts: 1 } };
    spec
      .given([])
      .when({ type: 'RecordDelivery', data: { ...target, attempts: 1 } })
      .then([delivered]);
    spec
      .given([delivered])
      .when({ type: 'RecordDelivery', data: { ...target, attempts: 2 } })
      .then([]);
  });

  it('retries only a failed delivery, and a stale generation cannot fail the retry', () => {
    spec
      .given([])
      .when({ type: 'RequestDeliveryRetry', data: { deliveryId: 'd1' } })
      .thenThrows('delivery-not-failed');
    const retried: DeliveryEvent = { type: 'DeliveryRetryRequested', data: { ...target, generation: 1 } };
    spec
      .given([failed])
      .when({ type: 'RequestDeliveryRetry', data: { deliveryId: 'd1' } })
      .then([retried]);
    spec
      .given([failed, retried])
      .when({ type: 'RecordDeliveryFailure', data: { ...target, attempts: 5, error: 'x', generation: 0 } })
      .then([]);
  });
});

describe('inbox', () => {
  it('marks only what is still unread', () => {
    deciderSpec(inboxDecider)
      .given([{ type: 'NotificationsRead', data: { userId: 'u1', notificationIds: ['a'] } }])
      .when({ type: 'MarkNotificationsRead', data: { userId: 'u1', notificationIds: ['a', 'b', 'b'] } })
      .then([{ type: 'NotificationsRead', data: { userId: 'u1', notificationIds: ['b'] } }]);
  });

  /** Preferences as set by u1: WeCom on, everything else off unless `changes` says otherwise. */
  const preferences = (changes: Partial<NotificationPreferences>): NotificationPreferences => ({
    email: false,
    emailAddress: null,
    mobile: null,
    wecom: true,
    dingtalk: false,
    digest: false,
    ...changes,
  });
  const setPreferences = (p: NotificationPreferences) =>
    ({ type: 'SetNotificationPreferences', data: { userId: 'u1', preferences: p } }) as const;

  it('refuses email reminders without an address, and a malformed mobile', () => {
    const spec = deciderSpec(inboxDecider).given([]);
    spec.when(setPreferences(preferences({ email: true }))).thenThrows('email-address-required');
    spec
      .when(setPreferences(preferences({ email: true, emailAddress: 'a@b.cn', mobile: '12345' })))
      .thenThrows('invalid-mobile');
  });

  it('takes the daily digest only with email on, since the digest is an email', () => {
    const spec = deciderSpec(inboxDecider).given([]);
    spec.when(setPreferences(preferences({ dingtalk: true, digest: true }))).thenThrows('digest-needs-email');
    const withEmail = preferences({ dingtalk: true, digest: true, email: true, emailAddress: 'a@b.cn' });
    spec
      .when(setPreferences(withEmail))
      .then([{ type: 'NotificationPreferencesSet', data: { userId: 'u1', preferences: withEmail } }]);
  });
});

describe('daily digest', () => {
  it('puts a user’s notifications of one day into one message, oldest first, keyed by user, plan and day', () => {
    const digest = composeDigest('u1', 'p1', '2026-11-30', [
      { notificationId: 'n1', title: '提交被退回：任务甲', body: '原因：材料不全。' },
      { notificationId: 'n2', title: '提交被退回：任务乙', body: '原因：数据有误。' },
    ]);
    expect(digest).toMatchObject({
      key: 'digest:u1:p1:2026-11-30',
      notificationIds: ['n1', 'n2'],
      title: '每日汇总：2026-11-30 共 2 条通知',
    });
    expect(digest.body).toBe(
      '以下是您 2026-11-30 收到的 2 条通知：\n\n1. 提交被退回：任务甲\n   原因：材料不全。\n\n2. 提交被退回：任务乙\n   原因：数据有误。',
    );
  });
});

describe('briefing', () => {
  const draft: BriefingDraft = {
    briefingId: 'b1',
    planId: 'p1',
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    position: 42,
    title: '双高简报 2026年10月',
    markdown: '# 简报',
    html: '<h1>简报</h1>',
    contentHash: 'abc',
  };
  const drafted: BriefingEvent = { type: 'BriefingDrafted', data: draft };
  const spec = deciderSpec(briefingDecider);

  it('has one issue per period: a second draft of the same period is a no-op', () => {
    spec.given([]).when({ type: 'DraftBriefing', data: draft }).then([drafted]);
    spec
      .given([drafted])
      .when({ type: 'DraftBriefing', data: { ...draft, briefingId: 'b2' } })
      .then([]);
  });

  it('is published only after the office approved it, once', () => {
    const publish = {
      type: 'PublishBriefing' as const,
      data: {
        briefingId: 'b1',
        by: 'u-office',
        recipients: ['u2', 'u1'],
        // Without sections the issue's hash is the generated figures' own.
        issueHash: (generated: { markdown: string }, editorial: string) =>
          editorial === '' ? 'abc' : `${generated.markdown}|${editorial}`,
      },
    };
    spec.given([drafted]).when(publish).thenThrows('briefing-not-approved');
    const approved: BriefingEvent = {
      type: 'BriefingApproved',
      data: { briefingId: 'b1', planId: 'p1', by: 'u-office' },
    };
    spec
      .given([drafted, approved])
      .when(publish)
      .then([
        {
          type: 'BriefingPublished',
          data: {
            briefingId: 'b1',
            planId: 'p1',
            by: 'u-office',
            contentHash: 'abc',
            title: draft.title,
            recipients: ['u1', 'u2'],
          },
        },
      ]);
    spec
      .given([
        drafted,
        approved,
        {
          type: 'BriefingPublished',
          data: { briefingId: 'b1', planId: 'p1', by: 'x', contentHash: 'abc', title: '', recipients: [] },
        },
      ])
      .when(publish)
      .thenThrows('briefing-already-published');
  });
});
