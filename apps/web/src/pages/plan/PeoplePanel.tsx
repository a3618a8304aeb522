import { App, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DepartmentView, PeoplePage, PersonView } from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelects } from '../../components/FilterSelects';
import { LoadedView, Section } from '../../components/Page';
import { ROLE_NAMES, useSession } from '../../session';

const ROLE_FILTER = [
  // Outside experts are not members of the plan's directory.
  ...Object.entries(ROLE_NAMES)
    .filter(([value]) => value !== 'expert')
    .map(([value, label]) => ({ value, label })),
  { value: 'task-owner', label: '任务负责人' },
];

/**
 * 人员与部门: who is in the plan (name, department, roles in it), searchable; the school's
 * departments. What a caller sees is the API's decision (ADR 0026): the office of the plan also
 * finds people not yet in any plan; only the administrator sets a person's department.
 */
export function PeoplePanel({ planId }: { planId: string }) {
  const { message } = App.useApp();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<{ department?: string; role?: string }>({});
  const { department, role } = filters;
  const [page, setPage] = useState(1);
  const [error, setError] = useState<ApiError | null>(null);
  const people = useApi<PeoplePage>(`/api/plans/${planId}/people`, {
    page,
    pageSize: 20,
    ...(q ? { q } : {}),
    ...(department ? { department } : {}),
    ...(role ? { role } : {}),
  });
  const departments = useApi<{ items: DepartmentView[] }>('/api/departments');
  const departmentOptions = (departments.data?.items ?? []).map((d) => ({
    value: d.departmentId,
    label: d.name,
  }));

  const assign = async (person: PersonView, departmentId: string | null) => {
    setError(null);
    try {
      await api(`/api/users/${person.userId}/department`, {
        method: 'POST',
        body: { departmentId, reason: '设置所属部门' },
      });
      message.success('已设置所属部门');
      people.reload();
      departments.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Section title="本方案人员">
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search
              allowClear
              placeholder="按姓名查找"
              style={{ width: 200 }}
              onSearch={(value) => {
                setQ(value.trim());
                setPage(1);
              }}
              data-testid="people-search"
            />
            <FilterSelects
              filters={[
                { key: 'department', placeholder: '全部部门', width: 160, options: departmentOptions },
                { key: 'role', placeholder: '全部角色', width: 140, options: ROLE_FILTER },
              ]}
              values={filters}
              onChange={(key, value) => {
                setFilters((f) => ({ ...f, [key]: value }));
                setPage(1);
              }}
            />
          </Space>
          {error && <ErrorAlert error={error} />}
          <LoadedView loaded={people}>
            {(data) => (
              <Table<PersonView>
                size="small"
                rowKey="userId"
                dataSource={data.items}
                data-testid="people"
                scroll={{ x: 560 }}
                pagination={{
                  current: data.page,
                  pageSize: data.pageSize,
                  total: data.total,
                  onChange: setPage,
                  showSizeChanger: false,
                  showTotal: (total) => `共 ${total} 人`,
                }}
                columns={[
                  {
                    title: '姓名',
                    width: 120,
                    render: (_, p) => (
                      <Space size={4} wrap>
                        <span>{p.displayName}</span>
                        {p.username && <Typography.Text type="secondary">{p.username}</Typography.Text>}
                      </Space>
                    ),
                  },
                  {
                    title: '部门',
                    width: 170,
                    render: (_, p) =>
                      can.administrator ? (
                        <Select
                          size="small"
                          allowClear
                          placeholder="未设置"
                          style={{ width: 150 }}
                          value={p.department?.departmentId}
                          options={departmentOptions}
                          onChange={(v: string | undefined) => void assign(p, v ?? null)}
                        />
                      ) : (
                        (p.department?.name ?? '—')
                      ),
                  },
                  {
                    title: '在本方案中的角色',
                    render: (_, p) =>
                      p.member ? (
                        <Space size={[4, 4]} wrap>
                          {p.roles.map((r) => (
                            <Tag key={`${r.role}@${r.scope}`} style={{ marginInlineEnd: 0 }}>
                              {r.label}
                            </Tag>
                          ))}
                        </Space>
                      ) : (
                        <Typography.Text type="secondary">尚未加入任何方案</Typography.Text>
                      ),
                  },
                ]}
              />
            )}
          </LoadedView>
        </Section>
      </Col>
      <Col xs={24} xl={8}>
        <Section title="部门（建设单位）">
          <LoadedView loaded={departments}>
            {(data) => (
              <Table<DepartmentView>
                size="small"
                rowKey="departmentId"
                pagination={false}
                dataSource={data.items}
                data-testid="departments"
                locale={{ emptyText: '还没有部门' }}
                columns={[
                  { title: '名称', dataIndex: 'name' },
                  { title: '人数', dataIndex: 'people', width: 70 },
                ]}
              />
            )}
          </LoadedView>
          {(can.administrator || can.office) && !can.auditor && (
            <div style={{ marginTop: 12 }}>
              <ActionForm<{ name: string }>
                path="/api/departments"
                submitText="新建部门"
                success="部门已创建"
                onDone={departments.reload}
              >
                <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写部门名称' }]}>
                  <Input placeholder="如：教务处" maxLength={50} />
                </Form.Item>
              </ActionForm>
            </div>
          )}
        </Section>
      </Col>
    </Row>
  );
}
