import { LockOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { api } from '../../api/client';
import type { Me } from '@sg/contracts';
import { AuthCard } from '../../components/AuthCard';
import { checkedAgainst } from '../../components/FormField';
import { useAction } from '../../components/use-action';
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
  const { busy, error, run } = useAction();

  const submit = ({ currentPassword, newPassword }: Values) =>
    run(async () => {
      await api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
      onChanged();
    });

  return (
    <AuthCard
      title="修改初始密码"
      width={420}
      testId="change-password"
      error={error}
      notices={[
        {
          type: 'warning',
          text: `${me.displayName}（${me.username}）当前使用的是系统生成的初始密码，请先设置自己的密码，之后才能使用其他功能。`,
        },
      ]}
    >
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
          {...checkedAgainst(
            'newPassword',
            (value?: string, newPassword?: unknown) => !value || value === newPassword,
            '两次输入的新密码不一致',
            [{ required: true, message: '请再次输入新密码' }],
          )}
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
    </AuthCard>
  );
}
