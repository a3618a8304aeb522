import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import type { Me } from '@sg/contracts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newPasswordRules, PASSWORD_HINT, PASSWORD_MAX_LENGTH } from '../../components/password-rules';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * The only page a session whose password must be changed may see (the first administrator's
 * generated password): the API refuses everything else until it is changed. A change ends every
 * session, so the person signs in again with the new password.
 */
export function ChangePasswordPage({
  me,
  onChanged,
  onSignOut,
}: {
  me: Me;
  onChanged: () => void;
  onSignOut: () => void;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ currentPassword, newPassword }: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
      onChanged();
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
      <Card style={{ width: 420, maxWidth: '100%' }} data-testid="change-password">
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#1f4e96' }}>
          修改初始密码
        </Typography.Title>
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${me.displayName}（${me.username}）当前使用的是系统生成的初始密码，请先设置自己的密码，之后才能使用其他功能。`}
        />
        {error && (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        )}
        <Form<Values> layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            label="当前密码"
            name="currentPassword"
            rules={[{ required: true, message: '请填写当前密码' }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={newPasswordRules(me.username)}
            extra={PASSWORD_HINT}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="new-password"
              maxLength={PASSWORD_MAX_LENGTH}
            />
          </Form.Item>
          <Form.Item
            label="再次输入新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            修改密码
          </Button>
          <Button type="link" block onClick={onSignOut} style={{ marginTop: 8 }}>
            退出登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
