import {
  App,
  Badge,
  Button,
  Checkbox,
  Form,
  Input,
  List,
  Segmented,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import type { FailedDelivery, Notification, NotificationPreferences } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadedView, PageHeader, Section } from '../../components/Page';
import { navigate } from '../../router';
import { useCountsContext } from '../../counts';
import { useSession } from '../../session';

const CHANNELS: Record<string, string> = {
  email: '电子邮件',
  wecom: '企业微信',
  dingtalk: '钉钉',
  inbox: '站内信',
};

/** 通知: the in-app inbox, my notification preferences, and (office) deliveries that failed. */
export default function NotificationsPage() {
  const { can } = useSession();
  const [filter, setFilter] = useState<'unread' | 'all'>('unread');
  const inbox = useApi<{ items: Notification[]; unread: number }>('/api/me/notifications', {
    unread: filter === 'unread' ? true : undefined,
    limit: 50,
  });
  const [error, setError] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  // A notice that arrives while the page is open shows at once: the menu's count changed.
  const unread = useCountsContext()?.unread;
  const reloadInbox = inbox.reload;
  useEffect(() => {
    if (unread !== undefined) reloadInbox();
  }, [unread, reloadInbox]);

  const markRead = async (path: string, done: string) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body: {} });
      message.success(done);
      inbox.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <div data-testid="page-notifications">
      <PageHeader title="通知" />
      <Section
        title={
          <Space>
            站内通知
            {inbox.data && <Badge count={inbox.data.unread} />}
          </Space>
        }
        extra={
          <Space wrap>
            <Segmented
              value={filter}
              onChange={(v) => setFilter(v as 'unread' | 'all')}
              options={[
                { value: 'unread', label: '未读' },
                { value: 'all', label: '全部' },
              ]}
            />
            <Button onClick={() => void markRead('/api/me/notifications/read-all', '已全部标为已读')}>
              全部标为已读
            </Button>
          </Space>
        }
      >
        {error && <ErrorAlert error={error} />}
        <LoadedView loaded={inbox}>
          {(data) => (
            <List
              dataSource={data.items}
              locale={{ emptyText: filter === 'unread' ? '没有未读通知。' : '没有通知。' }}
              data-testid="notification-list"
              renderItem={(n) => (
                <List.Item
                  actions={[
                    ...(n.link
                      ? [
                          <Button
                            key="open"
                            size="small"
                            type="link"
                            onClick={() => n.link && navigate(n.link)}
                          >
                            查看
                          </Button>,
                        ]
                      : []),
                    ...(!n.readAt
                      ? [
                          <Button
                            key="read"
                            size="small"
                            onClick={() => void markRead(`/api/me/notifications/${n.id}/read`, '已标为已读')}
                          >
                            标为已读
                          </Button>,
                        ]
                      : []),
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        {!n.readAt && <Badge status="processing" />}
                        <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                      </Space>
                    }
                    description={
                      <>
                        <div>{n.body}</div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </LoadedView>
      </Section>
      <Preferences />
      {can.administrator && <FailedDeliveries />}
    </div>
  );
}

function Preferences() {
  const prefs = useApi<NotificationPreferences>('/api/me/notification-preferences');
  return (
    <Section title="通知方式">
      <LoadedView loaded={prefs}>
        {(data) => <ActionFormWithValues values={data} onSaved={prefs.reload} />}
      </LoadedView>
    </Section>
  );
}

function ActionFormWithValues({ values, onSaved }: { values: NotificationPreferences; onSaved: () => void }) {
  return (
    <ActionForm<NotificationPreferences>
      path="/api/me/notification-preferences"
      method="PUT"
      toBody={(v) => ({
        email: Boolean(v.email),
        emailAddress: v.emailAddress ? v.emailAddress : null,
        mobile: v.mobile ? v.mobile : null,
        wecom: Boolean(v.wecom),
        dingtalk: Boolean(v.dingtalk),
        digest: Boolean(v.digest),
      })}
      submitText="保存"
      success="通知方式已保存"
      onDone={onSaved}
      initialValues={values}
    >
      <Form.Item name="email" valuePropName="checked" label="电子邮件">
        <Switch />
      </Form.Item>
      <Form.Item
        name="emailAddress"
        label="邮箱地址"
        rules={[{ type: 'email', message: '邮箱地址格式不正确' }]}
      >
        <Input placeholder="name@example.edu.cn" style={{ maxWidth: 320 }} />
      </Form.Item>
      <Form.Item
        name="mobile"
        label="手机号"
        extra="用于在企业微信、钉钉群消息中@您"
        rules={[{ pattern: /^1\d{10}$/, message: '手机号应为 11 位数字' }]}
      >
        <Input placeholder="13800000000" style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item name="wecom" valuePropName="checked">
        <Checkbox>企业微信群消息中@我</Checkbox>
      </Form.Item>
      <Form.Item name="dingtalk" valuePropName="checked">
        <Checkbox>钉钉群消息中@我</Checkbox>
      </Form.Item>
      <Form.Item
        name="digest"
        valuePropName="checked"
        extra="开启后，邮件每天汇总成一封，次日上午发送；站内通知仍即时显示。须先开启电子邮件。"
      >
        <Checkbox>每日汇总</Checkbox>
      </Form.Item>
    </ActionForm>
  );
}

function FailedDeliveries() {
  const failed = useApi<{ items: FailedDelivery[] }>('/api/deliveries/failed');
  const [error, setError] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  const retry = async (id: string) => {
    setError(null);
    try {
      await api(`/api/deliveries/${id}/retry`, { method: 'POST', body: {} });
      message.success('已重新发送');
      failed.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <Section title="发送失败的通知">
      {error && <ErrorAlert error={error} />}
      <LoadedView loaded={failed}>
        {(data) => (
          <Table
            size="small"
            rowKey="id"
            dataSource={data.items}
            pagination={false}
            scroll={{ x: 720 }}
            locale={{ emptyText: '没有发送失败的通知。' }}
            columns={[
              {
                title: '渠道',
                dataIndex: 'channel',
                width: 90,
                render: (c: string) => <Tag>{CHANNELS[c] ?? '其他'}</Tag>,
              },
              { title: '接收人', dataIndex: 'recipientName', width: 160 },
              { title: '标题', dataIndex: 'title' },
              { title: '尝试次数', dataIndex: 'attempts', width: 80 },
              { title: '失败原因', dataIndex: 'lastError', width: 200 },
              {
                title: '失败时间',
                dataIndex: 'failedAt',
                width: 140,
                render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm'),
              },
              {
                title: '操作',
                width: 90,
                render: (_, d) => (
                  <Button size="small" onClick={() => void retry(d.id)}>
                    重新发送
                  </Button>
                ),
              },
            ]}
          />
        )}
      </LoadedView>
    </Section>
  );
}
