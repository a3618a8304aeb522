import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import type { UserView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader, Section } from '../../components/Page';
import { setQuery, useLocation } from '../../router';
import { EVENT_NAMES, eventName } from '@sg/contracts';
import type { AuditEntry } from '@sg/contracts';

interface Filters {
  entity?: string;
  actor?: string;
  type?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE = 100;

/** 审计: every change with who, when, what and why, filtered; the hash chain checked on demand. */
export default function AuditPage() {
  const { search } = useLocation();
  const filters = {
    entity: search.get('entity') ?? undefined,
    actor: search.get('actor') ?? undefined,
    type: search.get('type') ?? undefined,
    from: search.get('from') ?? undefined,
    to: search.get('to') ?? undefined,
  };
  const key = JSON.stringify(filters);
  const users = useApi<UserView[]>('/api/users');
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [chain, setChain] = useState<{ ok: boolean; message: string } | null>(null);
  const [checking, setChecking] = useState(false);

  const load = useCallback(
    async (after?: number) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api<{ items: AuditEntry[]; nextAfter: number | null }>('/api/audit', {
          query: { ...(JSON.parse(key) as Record<string, string>), after, limit: PAGE },
        });
        setItems((old) => (after === undefined ? page.items : [...old, ...page.items]));
        setNext(page.items.length === PAGE ? page.nextAfter : null);
      } catch (e) {
        setError(asApiError(e));
      } finally {
        setLoading(false);
      }
    },
    [key],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const verify = async () => {
    setChecking(true);
    setError(null);
    try {
      setChain(await api<{ ok: boolean; message: string }>('/api/audit/chain/verify'));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setChecking(false);
    }
  };

  const apply = (v: Filters) =>
    setQuery({
      entity: v.entity?.trim() || undefined,
      actor: v.actor || undefined,
      type: v.type || undefined,
      from: v.range?.[0] ? v.range[0].startOf('day').toISOString() : undefined,
      to: v.range?.[1] ? v.range[1].endOf('day').toISOString() : undefined,
    });

  return (
    <div data-testid="page-audit">
      <PageHeader
        title="审计记录"
        extra={
          <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()}>
            校验哈希链
          </Button>
        }
      />
      {chain && (
        <Alert
          style={{ marginBottom: 16 }}
          type={chain.ok ? 'success' : 'error'}
          showIcon
          data-testid="chain-result"
          title={chain.ok ? '哈希链完整' : '哈希链校验未通过'}
          description={chain.message}
        />
      )}
      <Section title="筛选">
        <Form<Filters>
          layout="inline"
          initialValues={{
            entity: filters.entity,
            actor: filters.actor,
            type: filters.type,
            range:
              filters.from || filters.to
                ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]
                : null,
          }}
          onFinish={apply}
          style={{ rowGap: 8 }}
        >
          <Form.Item
            label="对象"
            name="entity"
            tooltip="如 task:<任务编号>、plan:<方案编号>、user:<用户编号>"
          >
            <Input placeholder="如 task:…" style={{ width: 220 }} allowClear aria-label="对象" />
          </Form.Item>
          <Form.Item label="操作人" name="actor">
            {users.data ? (
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 180 }}
                options={users.data.map((u) => ({ value: u.userId, label: u.displayName }))}
              />
            ) : (
              <Input placeholder="用户编号" style={{ width: 180 }} allowClear />
            )}
          </Form.Item>
          <Form.Item label="类型" name="type">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 160 }}
              options={Object.entries(EVENT_NAMES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item label="时间" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
      </Section>
      {error && <ErrorAlert error={error} onRetry={() => void load()} />}
      <Table
        size="small"
        rowKey="position"
        loading={loading && items.length === 0}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="audit-table"
        locale={{ emptyText: '没有符合条件的记录。' }}
        expandable={{
          expandedRowRender: (item) => (
            <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(item.event, null, 2)}
            </pre>
          ),
        }}
        columns={[
          { title: '序号', dataIndex: 'position', width: 70 },
          {
            title: '时间',
            dataIndex: 'time',
            width: 150,
            render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm:ss'),
          },
          { title: '操作人', width: 120, render: (_, i) => i.actor.name },
          { title: '类型', dataIndex: 'type', width: 110, render: (t: string) => eventName(t) },
          { title: '内容', dataIndex: 'summary' },
          {
            title: '原因',
            dataIndex: 'reason',
            width: 220,
            render: (r: string | null) => r ?? <Typography.Text type="secondary">—</Typography.Text>,
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        {next !== null && (
          <Button loading={loading} onClick={() => void load(next)}>
            加载更多
          </Button>
        )}
        <Typography.Text type="secondary">已显示 {items.length} 条</Typography.Text>
      </Space>
    </div>
  );
}
