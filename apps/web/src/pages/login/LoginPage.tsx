import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

export function LoginPage({
  onSignedIn,
  notice,
  info,
}: {
  onSignedIn: (token: string) => void;
  notice?: ApiError | null;
  /** Good news to show above the form (the password was changed). */
  info?: string;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const { token } = await api<{ token: string }>('/api/auth/login', { method: 'POST', body: values });
      onSignedIn(token);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #e8eef8 0%, #f7f9fc 100%)',
        padding: 16,
      }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#1f4e96' }}>
          双高计划建设管理平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          任务填报 · 审核 · 评分 · 审计
        </Typography.Paragraph>
        {info && !error && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="signed-out-info"
            title={info}
          />
        )}
        {notice && !error && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="session-ended"
            title={notice.detail}
          />
        )}
        {error && (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        )}
        <Form layout="vertical" onFinish={(v: { username: string; password: string }) => void submit(v)}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
