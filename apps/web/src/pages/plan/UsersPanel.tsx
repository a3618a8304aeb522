import { App, Button, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import type { PlanCompletion, RoleGrant, UserView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadedView, Section } from '../../components/Page';
import { newPasswordRules, PASSWORD_HINT } from '../../components/password-rules';
import { roleLabel, ROLE_NAMES, useSession } from '../../session';
import { optionsOf } from '../../components/FormField';

/** A long scope name ends in … rather than widening the table; the tag's title holds it whole. */
const ROLE_TAG_STYLE = {
  cursor: 'pointer',
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  marginInlineEnd: 0,
} as const;

const ROLES = optionsOf(ROLE_NAMES);

/** Scopes a role may be granted on: everything, the selected plan, or one of its projects. */
function useScopes() {
  const { plan } = useSession();
  const completion = useApi<PlanCompletion>(plan ? `/api/plans/${plan.planId}/completion` : null);
  return [
    { value: '*', label: '全部方案' },
    ...(plan ? [{ value: `plan:${plan.planId}`, label: `方案：${plan.name}` }] : []),
    ...(completion.data?.levels ?? []).flatMap((l) =>
      l.projects.map((p) => ({
        value: `project:${p.projectId}`,
        label: `项目：${l.name} ${p.code} ${p.name}`,
      })),
    ),
  ];
}

function scopeText(scope: string, scopes: { value: string; label: string }[]): string {
  return scopes.find((s) => s.value === scope)?.label ?? (scope === '*' ? '全部' : '其他方案或项目');
}

/** 用户与角色: the user list, new accounts, role grants and revocations (administrator). */
export function UsersPanel() {
  const { message } = App.useApp();
  const users = useApi<UserView[]>('/api/users');
  const scopes = useScopes();
  const [granting, setGranting] = useState<UserView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const revoke = async (user: UserView, grant: RoleGrant) => {
    setError(null);
    try {
      await api(`/api/users/${user.userId}/roles/revoke`, {
        method: 'POST',
        body: { ...grant, reason: '撤销角色' },
      });
      message.success('已撤销');
      users.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <Row gutter={16}>
      {/* Below 1600 px the table takes the full width: beside the form its columns collapse. */}
      <Col xs={24} xxl={16}>
        <Section title="用户">
          {error && <ErrorAlert error={error} />}
          <LoadedView loaded={users}>
            {(data) => (
              <Table
                size="small"
                rowKey="userId"
                dataSource={data}
                tableLayout="fixed"
                scroll={{ x: 760 }}
                pagination={{ pageSize: 15, showSizeChanger: false }}
                data-testid="users-table"
                columns={[
                  { title: '姓名', dataIndex: 'displayName', width: 120, ellipsis: true },
                  { title: '用户名', dataIndex: 'username', width: 150, ellipsis: true },
                  {
                    title: '角色',
                    render: (_, u) => (
                      <Space wrap size={4} style={{ maxWidth: '100%' }}>
                        {u.roles.map((g) => (
                          <Popconfirm
                            key={`${g.role}@${g.scope}`}
                            title={`撤销「${roleLabel(g)}」？`}
                            okText="撤销"
                            cancelText="取消"
                            onConfirm={() => void revoke(u, g)}
                          >
                            <Tag
                              color="blue"
                              title={`${ROLE_NAMES[g.role] ?? '角色'} · ${scopeText(g.scope, scopes)}`}
                              style={ROLE_TAG_STYLE}
                            >
                              {ROLE_NAMES[g.role] ?? '角色'} · {scopeText(g.scope, scopes)}
                            </Tag>
                          </Popconfirm>
                        ))}
                      </Space>
                    ),
                  },
                  {
                    title: '状态',
                    width: 80,
                    render: (_, u) => (u.disabled ? <Tag>已停用</Tag> : <Tag color="green">正常</Tag>),
                  },
                  {
                    title: '操作',
                    width: 110,
                    fixed: 'right',
                    render: (_, u) => (
                      <Button size="small" onClick={() => setGranting(u)}>
                        授予角色
                      </Button>
                    ),
                  },
                ]}
              />
            )}
          </LoadedView>
        </Section>
      </Col>
      <Col xs={24} xxl={8}>
        <Section title="新建用户">
          <ActionForm<{
            username: string;
            displayName: string;
            password: string;
            role?: string;
            scope?: string;
          }>
            path="/api/users"
            toBody={({ role, scope, ...v }) => ({ ...v, roles: role && scope ? [{ role, scope }] : [] })}
            submitText="新建用户"
            testId="create-user"
            success="用户已创建"
            onDone={users.reload}
          >
            <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input />
            </Form.Item>
            <Form.Item
              label="初始密码"
              name="password"
              dependencies={['username']}
              rules={newPasswordRules({ field: 'username' })}
              tooltip={PASSWORD_HINT}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item label="角色（可选）" name="role">
              <Select allowClear options={ROLES} />
            </Form.Item>
            <Form.Item label="范围" name="scope">
              <Select allowClear options={scopes} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </ActionForm>
        </Section>
      </Col>
      <Modal
        open={granting !== null}
        title={granting ? `为 ${granting.displayName} 授予角色` : ''}
        footer={null}
        onCancel={() => setGranting(null)}
        destroyOnHidden
      >
        {granting && (
          <ActionForm<{ role: string; scope: string; reason?: string }>
            path={`/api/users/${granting.userId}/roles`}
            submitText="授予"
            success="已授予"
            onDone={() => {
              setGranting(null);
              users.reload();
            }}
          >
            <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
              <Select options={ROLES} />
            </Form.Item>
            <Form.Item label="范围" name="scope" rules={[{ required: true, message: '请选择范围' }]}>
              <Select options={scopes} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
            <Form.Item label="原因（记入审计记录）" name="reason">
              <Input />
            </Form.Item>
          </ActionForm>
        )}
      </Modal>
    </Row>
  );
}
