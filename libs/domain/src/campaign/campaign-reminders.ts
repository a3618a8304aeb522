import { daysBetween, type DueReminder, type ReminderThresholds } from '../notification/reminder-rules';
import { CAMPAIGN_KINDS, LAYER_NAMES, type CampaignState } from './campaign';

/**
 * Reminders a campaign asks for on `today`: before a layer's window closes, the authors of each
 * report not yet submitted (`dueSoonDays` ahead, once per window); after it closes, the authors
 * and the signers, again every `overdueRepeatDays`. A report submitted but not signed off after
 * its window closed reminds its signers. Nothing once the school's summary is signed off. Keys name the campaign, the report, the window's last
 * day and the round, so a scan run any number of times asks for each once.
 */
export function campaignReminders(
  state: CampaignState,
  today: string,
  thresholds: Pick<ReminderThresholds, 'dueSoonDays' | 'overdueRepeatDays'>,
): Omit<DueReminder, 'planId'>[] {
  const spec = state.spec;
  if (!spec) return [];
  // Once the school's summary is signed off the campaign is over: nobody is chased any more.
  if ([...state.reports.values()].some((r) => r.assignment.layer === 'school' && r.status === 'signed-off'))
    return [];
  const reminders: Omit<DueReminder, 'planId'>[] = [];
  const campaign = `${spec.periodEnd.slice(0, 4)} 年${CAMPAIGN_KINDS[spec.kind]}绩效自评`;
  for (const report of state.reports.values()) {
    const a = report.assignment;
    const window = spec.windows[a.layer];
    const link = `/campaigns/${spec.campaignId}/reports/${a.reportId}`;
    const layer = LAYER_NAMES[a.layer];
    const daysLeft = daysBetween(today, window.closes);
    if (report.status === 'draft' || report.status === 'returned') {
      if (today >= window.opens && daysLeft >= 0 && daysLeft <= thresholds.dueSoonDays) {
        reminders.push({
          key: `campaign-window-closing:${spec.campaignId}:${a.reportId}:${window.closes}`,
          rule: 'campaign-window-closing',
          subjectId: a.reportId,
          recipients: [...a.authors].sort(),
          title: `${layer}即将截止：${a.title}`,
          body:
            `${campaign}的「${layer}」将于 ${window.closes} 截止` +
            `${daysLeft === 0 ? '（今天截止）' : `（还有 ${daysLeft} 天）`}，「${a.title}」尚未提交。` +
            '请填写报告各部分并提交负责人签署意见。',
          link,
        });
      } else if (daysLeft < 0) {
        const overdue = -daysLeft;
        const round = Math.floor((overdue - 1) / thresholds.overdueRepeatDays);
        reminders.push({
          key: `campaign-overdue:${spec.campaignId}:${a.reportId}:${window.closes}:${round}`,
          rule: 'campaign-overdue',
          subjectId: a.reportId,
          recipients: [...new Set([...a.authors, ...a.signers])].sort(),
          title: `${layer}已逾期：${a.title}`,
          body:
            `${campaign}的「${layer}」已于 ${window.closes} 截止，「${a.title}」逾期 ${overdue} 天仍未提交` +
            `${report.status === 'returned' ? `（退回修改：${report.returnReason}）` : ''}。请尽快提交。`,
          link,
        });
      }
    } else if (report.status === 'submitted' && daysLeft < 0) {
      const overdue = -daysLeft;
      const round = Math.floor((overdue - 1) / thresholds.overdueRepeatDays);
      reminders.push({
        key: `campaign-overdue:${spec.campaignId}:${a.reportId}:${window.closes}:${round}:sign`,
        rule: 'campaign-overdue',
        subjectId: a.reportId,
        recipients: [...a.signers].sort(),
        title: `待签署意见：${a.title}`,
        body: `${campaign}的「${layer}」已于 ${window.closes} 截止，「${a.title}」已提交，等待您签署意见。`,
        link,
      });
    }
  }
  return reminders.filter((r) => r.recipients.length > 0);
}
