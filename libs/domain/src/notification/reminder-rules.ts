import type { ReminderThresholdsView } from '@sg/contracts';
import Decimal from 'decimal.js';

/** When each reminder rule fires; every figure is in days (the shape the settings page edits). */
export type ReminderThresholds = ReminderThresholdsView;

export const DEFAULT_REMINDER_THRESHOLDS: ReminderThresholds = {
  dueSoonDays: 7,
  overdueRepeatDays: 7,
  rejectedAfterDays: 3,
  reviewWaitDays: 3,
  escalateToLeadDays: 3,
  escalateToOfficeDays: 4,
};

export type ReminderRule =
  | 'task-due-soon'
  | 'task-overdue'
  | 'submission-rejected'
  | 'review-waiting'
  | 'review-escalated-lead'
  | 'review-escalated-office'
  | 'campaign-window-closing'
  | 'campaign-overdue'
  | 'finding-overdue'
  | 'finding-escalated';

/** What the rules look at: the plan's state on one day, dates already in the plan's time zone. */
export interface ReminderSnapshot {
  planId: string;
  /** YYYY-MM-DD: the day of the scan. */
  today: string;
  tasks: {
    taskId: string;
    projectId: string;
    title: string;
    /** null while the task is 未分配: its project's leads are reminded instead. */
    ownerId: string | null;
    dueDate: string;
    /** Exact decimal, 1 = done. */
    completion: string;
  }[];
  submissions: {
    submissionId: string;
    taskId: string;
    status: 'under-review' | 'rejected' | 'other';
    version: number;
    submitter: string;
    /** 1-based stage now waiting. */
    stage: number;
    stageName: string;
    /** Reviewers of the waiting stage who have not approved yet. */
    pendingReviewers: string[];
    /** YYYY-MM-DD the waiting stage started (under review) or the version was rejected. */
    since: string;
    lastReason: string | null;
  }[];
  /** 整改 findings assigned and not closed (absent: none). */
  findings?: {
    findingId: string;
    title: string;
    assignee: string;
    /** YYYY-MM-DD */
    deadline: string;
  }[];
  /** Project leads by project id. */
  projectLeads: Record<string, string[]>;
  office: string[];
  /** Display names by user id, for the messages. */
  names: Record<string, string>;
}

/** A reminder that is due: its key names the rule, the subject and the period, so it is sent once. */
export interface DueReminder {
  key: string;
  rule: ReminderRule;
  planId: string;
  subjectId: string;
  recipients: string[];
  title: string;
  body: string;
  link: string;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const percent = (completion: string) =>
  `${new Decimal(completion).times(100).toDecimalPlaces(2).toString()}%`;

/**
 * Every reminder due on the snapshot's day. Pure: the same snapshot always gives the same keys, so
 * a scan repeated any number of times (or by several workers) asks for each reminder once.
 */
export function dueReminders(snapshot: ReminderSnapshot, thresholds: ReminderThresholds): DueReminder[] {
  const { planId, today } = snapshot;
  const name = (id: string) => snapshot.names[id] ?? id;
  const taskTitle = new Map(snapshot.tasks.map((t) => [t.taskId, t.title]));
  const projectOf = new Map(snapshot.tasks.map((t) => [t.taskId, t.projectId]));
  const reminders: DueReminder[] = [];
  const add = (reminder: Omit<DueReminder, 'planId'>) => {
    const recipients = [...new Set(reminder.recipients)].sort();
    if (recipients.length > 0) reminders.push({ ...reminder, planId, recipients });
  };

  for (const task of snapshot.tasks) {
    if (new Decimal(task.completion).gte(1)) continue;
    const daysLeft = daysBetween(today, task.dueDate);
    const link = `/tasks?task=${task.taskId}`;
    const leads = snapshot.projectLeads[task.projectId] ?? [];
    if (daysLeft >= 0 && daysLeft <= thresholds.dueSoonDays && task.ownerId === null) {
      add({
        key: `task-due-soon:${task.taskId}:${task.dueDate}`,
        rule: 'task-due-soon',
        subjectId: task.taskId,
        recipients: leads,
        title: `任务即将到期且未分配负责人：${task.title}`,
        body:
          `建设任务「${task.title}」将于 ${task.dueDate} 到期` +
          `${daysLeft === 0 ? '（今天到期）' : `（还有 ${daysLeft} 天）`}，尚未分配负责人。` +
          '请尽快指定任务负责人。',
        link,
      });
    } else if (daysLeft >= 0 && daysLeft <= thresholds.dueSoonDays && task.ownerId !== null) {
      add({
        key: `task-due-soon:${task.taskId}:${task.dueDate}`,
        rule: 'task-due-soon',
        subjectId: task.taskId,
        recipients: [task.ownerId],
        title: `任务即将到期：${task.title}`,
        body:
          `您负责的建设任务「${task.title}」将于 ${task.dueDate} 到期` +
          `${daysLeft === 0 ? '（今天到期）' : `（还有 ${daysLeft} 天）`}，当前完成度 ${percent(task.completion)}。` +
          '请及时填报进展并上传佐证材料。',
        link,
      });
    } else if (daysLeft < 0) {
      const overdue = -daysLeft;
      const round = Math.floor((overdue - 1) / thresholds.overdueRepeatDays);
      add({
        key: `task-overdue:${task.taskId}:${task.dueDate}:${round}`,
        rule: 'task-overdue',
        subjectId: task.taskId,
        recipients: [...(task.ownerId === null ? [] : [task.ownerId]), ...leads],
        title: `任务已逾期：${task.title}`,
        body:
          `建设任务「${task.title}」（负责人：${task.ownerId === null ? '未分配' : name(task.ownerId)}）已于 ${task.dueDate} 到期，` +
          `逾期 ${overdue} 天，当前完成度 ${percent(task.completion)}。请尽快填报进展；如需调整计划，请联系项目办。`,
        link,
      });
    }
  }

  for (const s of snapshot.submissions) {
    const title = taskTitle.get(s.taskId) ?? s.taskId;
    const days = daysBetween(s.since, today);
    if (s.status === 'rejected' && days >= thresholds.rejectedAfterDays) {
      add({
        key: `submission-rejected:${s.submissionId}:v${s.version}`,
        rule: 'submission-rejected',
        subjectId: s.submissionId,
        recipients: [s.submitter],
        title: `提交被退回，尚未重新提交：${title}`,
        body:
          `您就「${title}」提交的第 ${s.version} 版于 ${s.since} 被退回` +
          `${s.lastReason ? `，原因：${s.lastReason}` : ''}。已过 ${days} 天仍未重新提交，请修改后重新提交。`,
        link: `/tasks?task=${s.taskId}`,
      });
    }
    if (s.status !== 'under-review' || s.pendingReviewers.length === 0) continue;
    const where = `「${title}」的第 ${s.version} 版提交在第 ${s.stage} 审核环节（${s.stageName}）`;
    const base = `${s.submissionId}:v${s.version}:s${s.stage}`;
    const link = `/reviews?submission=${s.submissionId}`;
    const reviewers = s.pendingReviewers.map(name).join('、');
    const toLead = thresholds.reviewWaitDays + thresholds.escalateToLeadDays;
    const toOffice = toLead + thresholds.escalateToOfficeDays;
    if (days >= thresholds.reviewWaitDays) {
      add({
        key: `review-waiting:${base}`,
        rule: 'review-waiting',
        subjectId: s.submissionId,
        recipients: s.pendingReviewers,
        title: `催办：待审核已等待 ${days} 天`,
        body: `${where}已等待 ${days} 天，请尽快审核。`,
        link,
      });
    }
    const leads = snapshot.projectLeads[projectOf.get(s.taskId) ?? ''] ?? [];
    if (days >= toLead && leads.length > 0) {
      add({
        key: `review-escalated-lead:${base}`,
        rule: 'review-escalated-lead',
        subjectId: s.submissionId,
        recipients: leads,
        title: `催办升级：审核已等待 ${days} 天`,
        body: `${where}已等待 ${days} 天仍未审核（审核人：${reviewers}）。请督促审核人尽快处理。`,
        link,
      });
    }
    if (days >= toOffice) {
      add({
        key: `review-escalated-office:${base}`,
        rule: 'review-escalated-office',
        subjectId: s.submissionId,
        recipients: snapshot.office,
        title: `催办升级至项目办：审核已等待 ${days} 天`,
        body: `${where}已等待 ${days} 天仍未审核（审核人：${reviewers}），已催办项目负责人。请项目办协调处理。`,
        link,
      });
    }
  }
  for (const finding of snapshot.findings ?? []) {
    const overdue = daysBetween(finding.deadline, today);
    if (overdue < 1) continue;
    const link = `/rectification?finding=${finding.findingId}`;
    const round = Math.floor((overdue - 1) / thresholds.overdueRepeatDays);
    add({
      key: `finding-overdue:${finding.findingId}:${finding.deadline}:${round}`,
      rule: 'finding-overdue',
      subjectId: finding.findingId,
      recipients: [finding.assignee],
      title: `整改已逾期：${finding.title}`,
      body:
        `您负责整改的问题「${finding.title}」整改期限为 ${finding.deadline}，已逾期 ${overdue} 天。` +
        '请尽快提交整改情况和佐证材料。',
      link,
    });
    // Once per finding and deadline: a scan repeated, or run by two workers, escalates it once.
    if (overdue >= thresholds.escalateToOfficeDays) {
      add({
        key: `finding-escalated:${finding.findingId}:${finding.deadline}`,
        rule: 'finding-escalated',
        subjectId: finding.findingId,
        recipients: snapshot.office,
        title: `整改逾期升级至项目办：${finding.title}`,
        body:
          `问题「${finding.title}」（整改责任人：${name(finding.assignee)}）整改期限为 ${finding.deadline}，` +
          `已逾期 ${overdue} 天仍未销号，已催办责任人。请项目办督办。`,
        link,
      });
    }
  }
  return reminders;
}
