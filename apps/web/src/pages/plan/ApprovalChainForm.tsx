import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, List, Select, Space, Tag } from 'antd';
import type { PlanCompletion } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { UserSelect } from './UserSelect';

interface StageValues {
  name: string;
  rule: 'any' | 'all';
  roles?: string[];
  users?: string[];
}

const STAGE_ROLES = [
  { value: 'project-lead', label: '项目负责人' },
  { value: 'reviewer', label: '审核人' },
  { value: 'office', label: '项目办' },
  { value: 'leadership', label: '领导小组' },
];

interface ConfiguredChain {
  scope: string;
  stages: {
    name: string;
    rule: { kind: 'any' } | { kind: 'all' } | { kind: 'share'; share: string };
    reviewers: { roles: string[]; users: string[] };
  }[];
}

const RULE_NAMES = { any: '或签', all: '会签', share: '按比例' } as const;

/** Configures the approval chain for the whole plan, or overrides it for a level or a project. */
export function ApprovalChainForm({ planId }: { planId: string }) {
  const completion = useApi<PlanCompletion>(`/api/plans/${planId}/completion`);
  const configured = useApi<{ items: ConfiguredChain[] }>(`/api/plans/${planId}/approval-chains`);
  const scopes = [
    { value: 'plan', label: '全方案' },
    ...(completion.data?.levels ?? []).flatMap((l) => [
      { value: `level:${l.levelId}`, label: `层面：${l.name}` },
      ...l.projects.map((p) => ({ value: `project:${p.projectId}`, label: `项目：${p.code} ${p.name}` })),
    ]),
  ];
  const scopeName = (scope: string) => scopes.find((s) => s.value === scope)?.label ?? scope;
  const roleName = (role: string) => STAGE_ROLES.find((r) => r.value === role)?.label ?? role;
  return (
    <>
      <Card size="small" title="当前审核流程" style={{ marginBottom: 16 }} data-testid="configured-chains">
        {configured.data && configured.data.items.length === 0 ? (
          <Empty description="尚未配置审核流程：进展提交后直接计入统计。" />
        ) : (
          <List
            size="small"
            dataSource={configured.data?.items ?? []}
            renderItem={(chain) => (
              <List.Item>
                <Space wrap>
                  <Tag color="blue">{scopeName(chain.scope)}</Tag>
                  {chain.stages.map((stage, i) => (
                    <span key={i}>
                      第 {i + 1} 级 {stage.name}（
                      {stage.rule.kind === 'share'
                        ? `${RULE_NAMES.share} ${stage.rule.share}`
                        : RULE_NAMES[stage.rule.kind]}
                      ；
                      {[
                        ...stage.reviewers.roles.map(roleName),
                        ...(stage.reviewers.users.length > 0
                          ? [`指定 ${stage.reviewers.users.length} 人`]
                          : []),
                      ].join('、')}
                      ）
                    </span>
                  ))}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title="配置审核流程">
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title="审核人在提交时按角色（与任务所在项目、方案相匹配）或按姓名确定；越具体的范围越优先。新的配置取代同一范围的旧配置。"
        />
        <ActionForm<{ scope: string; stages: StageValues[]; reason?: string }>
          path={`/api/plans/${planId}/approval-chains`}
          toBody={(v) => ({
            scope: v.scope,
            stages: v.stages.map((s) => ({
              name: s.name,
              rule: { kind: s.rule },
              reviewers: { roles: s.roles ?? [], users: (s.users ?? []).filter(Boolean) },
            })),
            ...(v.reason ? { reason: v.reason } : {}),
          })}
          submitText="保存审核流程"
          success="审核流程已保存"
          onDone={() => configured.reload()}
        >
          <Form.Item label="适用范围" name="scope" initialValue="plan" rules={[{ required: true }]}>
            <Select options={scopes} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.List
            name="stages"
            initialValue={[
              { name: '项目负责人审核', rule: 'any', roles: ['project-lead'] },
              { name: '项目办审核', rule: 'any', roles: ['office'] },
            ]}
          >
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card size="small" key={field.key} title={`第 ${index + 1} 级`} style={{ marginBottom: 8 }}>
                    <Space wrap align="baseline">
                      <Form.Item
                        label="环节名称"
                        name={[field.name, 'name']}
                        rules={[{ required: true, message: '必填' }]}
                      >
                        <Input style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item label="规则" name={[field.name, 'rule']} initialValue="any">
                        <Select
                          style={{ width: 110 }}
                          options={[
                            { value: 'any', label: '或签' },
                            { value: 'all', label: '会签' },
                          ]}
                        />
                      </Form.Item>
                      <Form.Item label="按角色" name={[field.name, 'roles']}>
                        <Select mode="multiple" style={{ minWidth: 200 }} options={STAGE_ROLES} />
                      </Form.Item>
                      <Form.Item label="按人员" name={[field.name, 'users', 0]}>
                        <UserSelect planId={planId} placeholder="可选：输入姓名查找" />
                      </Form.Item>
                      <MinusCircleOutlined aria-label="删除" onClick={() => remove(field.name)} />
                    </Space>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ rule: 'any' })}
                  style={{ marginBottom: 16 }}
                >
                  添加环节
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item label="说明（记入审计记录）" name="reason">
            <Input />
          </Form.Item>
        </ActionForm>
      </Card>
    </>
  );
}
