import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography } from 'antd';
import { api, type ApiError } from '../../api/client';
import { AuthCard } from '../../components/AuthCard';
import { useAction } from '../../components/use-action';

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
  const { busy, error, run } = useAction();

  const submit = (values: { username: string; password: string }) =>
    run(async () => {
      const { token } = await api<{ token: string }>('/api/auth/login', { method: 'POST', body: values });
      onSignedIn(token);
    });

  return (
    <AuthCard
      title="双高计划建设管理平台"
      width={380}
      error={error}
      intro={
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          任务填报 · 审核 · 评分 · 审计
        </Typography.Paragraph>
      }
      notices={
        error
          ? []
          : [
              info ? { type: 'success', text: info, testId: 'signed-out-info' } : null,
              notice && { type: 'warning', text: notice.detail, testId: 'session-ended' },
            ]
      }
    >
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
    </AuthCard>
  );
}
