import { Col, Form, Input, InputNumber, Row, Switch, Typography } from 'antd';
import type { NotificationSettingsView, ReminderThresholdsView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { LoadedView, Section } from '../../components/Page';

/** When the scans run: cron expressions in the plan's time zone, and that zone. */
const SCHEDULE: {
  field: 'reminderCron' | 'briefingCron' | 'timezone';
  label: string;
  extra?: string;
  message: string;
}[] = [
  {
    field: 'reminderCron',
    label: '每日提醒时间',
    extra: '依次为 分 时 日 月 星期，如 0 8 * * * 表示每天 8 点',
    message: '请填写提醒时间',
  },
  {
    field: 'briefingCron',
    label: '简报生成时间',
    extra: '如 0 9 1 * * 表示每月 1 日 9 点',
    message: '请填写简报时间',
  },
  { field: 'timezone', label: '时区', message: '请填写时区' },
];

const CHANNELS = [
  { channel: 'wecom', label: '推送到企业微信群' },
  { channel: 'dingtalk', label: '推送到钉钉群' },
];

const THRESHOLDS: { field: keyof ReminderThresholdsView; label: string; min: number }[] = [
  { field: 'dueSoonDays', label: '到期前几天提醒负责人', min: 0 },
  { field: 'overdueRepeatDays', label: '逾期后每隔几天再提醒', min: 1 },
  { field: 'rejectedAfterDays', label: '退回后几天未重新提交时提醒', min: 1 },
  { field: 'reviewWaitDays', label: '审核等待几天后催办审核人', min: 1 },
  { field: 'escalateToLeadDays', label: '再过几天告知项目负责人', min: 1 },
  { field: 'escalateToOfficeDays', label: '再过几天告知项目办', min: 1 },
];

/**
 * 提醒与简报设置 of a plan: when the reminder scan and the briefing run (cron expressions, in the plan's time
 * zone), the reminder thresholds in days, and whether the group robots carry them.
 */
export function NotificationSettingsForm({ planId }: { planId: string }) {
  const settings = useApi<NotificationSettingsView>(`/api/plans/${planId}/notification-settings`);
  return (
    <Section title="提醒与简报设置">
      <LoadedView loaded={settings}>
        {(current) => (
          <ActionForm<NotificationSettingsView>
            path={`/api/plans/${planId}/notification-settings`}
            method="PUT"
            initialValues={current}
            submitText="保存设置"
            success="提醒与简报设置已保存"
            onDone={settings.reload}
            testId="notification-settings-form"
          >
            <Row gutter={16}>
              {SCHEDULE.map((f) => (
                <Col xs={24} md={8} key={f.field}>
                  <Form.Item
                    label={f.label}
                    name={f.field}
                    extra={f.extra}
                    rules={[{ required: true, whitespace: true, message: f.message }]}
                  >
                    <Input aria-label={f.label} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Typography.Title level={5}>提醒阈值（天）</Typography.Title>
            <Row gutter={16}>
              {THRESHOLDS.map((t) => (
                <Col xs={24} sm={12} md={8} key={t.field}>
                  <Form.Item
                    label={t.label}
                    name={['thresholds', t.field]}
                    rules={[{ required: true, message: `请填写 ${t.min}–365 的天数` }]}
                  >
                    <InputNumber aria-label={t.label} min={t.min} max={365} precision={0} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Row gutter={16}>
              {CHANNELS.map((c) => (
                <Col xs={12} md={8} key={c.channel}>
                  <Form.Item label={c.label} name={['channels', c.channel]} valuePropName="checked">
                    <Switch aria-label={c.label} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </ActionForm>
        )}
      </LoadedView>
    </Section>
  );
}
