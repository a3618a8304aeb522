import { SafetyCertificateOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Grid,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import {
  EVENT_NAMES,
  eventName,
  type AuditChange,
  type AuditEntry,
  type AuditObject,
  type AuditPage as AuditPageView,
  type AuditSubject,
  type UserView,
} from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { useDebounced, useSearch } from '../../api/use-search';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader, Section } from '../../components/Page';
import { setQuery, useLocation } from '../../router';
import { optionsOf } from '../../components/FormField';

interface Filters {
  entity?: string;
  actor?: string;
  type?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  internal?: boolean;
}

const PAGE = 50;
const NONE = '（无）';

/** 对象: search plans, projects, tasks and people by name; the trail is filtered by the one picked. */
function ObjectPicker({
  value,
  onChange,
  initialLabel,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  initialLabel?: string;
}) {
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim());
  const found = useSearch<AuditObject[]>(q ? '/api/audit/objects' : null, { q });
  // Only the answer to what is typed now: a slower answer to an earlier text never stands in for it.
  const searching = typed.trim() !== q || found.loading;
  const options = searching ? [] : (found.data ?? []);
  const known = options.some((o) => o.entity === value);
  return (
    <Select
      aria-label="对象"
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      placeholder="输入任务、项目、方案或人员名称"
      style={{ width: 280, maxWidth: '100%' }}
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      loading={searching}
      notFoundContent={searching ? '查找中…' : q ? '没有找到' : '输入名称查找'}
      options={[
        ...(value && !known ? [{ value, label: initialLabel ?? '已选对象' }] : []),
        ...options.map((o) => ({
          value: o.entity,
          label: `${o.kindName}：${o.name}${o.detail ? `（${o.detail}）` : ''}`,
        })),
      ]}
    />
  );
}

function Subjects({ subjects }: { subjects: AuditSubject[] }) {
  if (subjects.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {subjects.map((s) => (
        <Tag key={s.entity} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
          {s.kindName}：{s.name}
        </Tag>
      ))}
    </Space>
  );
}

function Changes({ changes }: { changes: AuditChange[] }) {
  return (
    <Space orientation="vertical" size={2} data-testid="audit-changes">
      {changes.map((c, i) => (
        <span key={i}>
          <Typography.Text strong>{c.field}</Typography.Text>：
          <Typography.Text type={c.before === null ? 'secondary' : undefined} delete={c.before !== null}>
            {c.before ?? NONE}
          </Typography.Text>
          {' → '}
          <Typography.Text type={c.after === null ? 'secondary' : 'success'}>
            {c.after ?? NONE}
          </Typography.Text>
        </span>
      ))}
    </Space>
  );
}

/** What an entry opens to: the changes before → after, what it concerns, and the stored record for experts. */
function Details({ item }: { item: AuditEntry }) {
  const [raw, setRaw] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="变更">
          {item.changes.length > 0 ? (
            <Changes changes={item.changes} />
          ) : (
            <Typography.Text type="secondary">本条记录不改变已有数据。</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="涉及">
          <Subjects subjects={item.subjects} />
        </Descriptions.Item>
        <Descriptions.Item label="日志位置">第 {item.position} 条</Descriptions.Item>
      </Descriptions>
      <Button size="small" type="link" onClick={() => setRaw(!raw)} style={{ padding: 0 }}>
        {raw ? '收起原始记录' : '查看原始记录'}
      </Button>
      {raw && (
        <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(item.event, null, 2)}
        </pre>
      )}
    </Space>
  );
}

const time = (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm:ss');

/** 审计: every change with who, when, what (by name, before → after) and why, newest first; exported as filtered. */
export default function AuditPage() {
  const { search } = useLocation();
  const screens = Grid.useBreakpoint();
  const filters = {
    entity: search.get('entity') ?? undefined,
    actor: search.get('actor') ?? undefined,
    type: search.get('type') ?? undefined,
    from: search.get('from') ?? undefined,
    to: search.get('to') ?? undefined,
    internal: search.get('internal') === 'true' ? 'true' : undefined,
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
    async (before?: number) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api<AuditPageView>('/api/audit', {
          query: { ...(JSON.parse(key) as Record<string, string>), before, limit: PAGE },
        });
        setItems((old) => (before === undefined ? page.items : [...old, ...page.items]));
        setNext(page.nextBefore ?? null);
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
      entity: v.entity || undefined,
      actor: v.actor || undefined,
      type: v.type || undefined,
      from: v.range?.[0] ? v.range[0].startOf('day').toISOString() : undefined,
      to: v.range?.[1] ? v.range[1].endOf('day').toISOString() : undefined,
      internal: v.internal ? 'true' : undefined,
    });

  // The picked object's name, as the entries already loaded give it (the URL carries only its key).
  const entityLabel = filters.entity
    ? items.flatMap((i) => i.subjects).find((s) => s.entity === filters.entity)
    : undefined;

  return (
    <div data-testid="page-audit">
      <PageHeader
        title="审计记录"
        extra={
          <Space wrap>
            <DownloadButton
              path="/api/audit.xlsx"
              query={filters}
              fileName={`审计记录-${dayjs().format('YYYY-MM-DD')}.xlsx`}
            >
              导出审计记录（XLSX）
            </DownloadButton>
            <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()}>
              校验哈希链
            </Button>
          </Space>
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
          key={key}
          layout={screens.md ? 'inline' : 'vertical'}
          initialValues={{
            entity: filters.entity,
            actor: filters.actor,
            type: filters.type,
            internal: filters.internal === 'true',
            range:
              filters.from || filters.to
                ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]
                : null,
          }}
          onFinish={apply}
          style={{ rowGap: 8 }}
        >
          <Form.Item label="对象" name="entity" tooltip="输入名称查找任务、项目、方案或人员">
            <ObjectPicker
              initialLabel={entityLabel ? `${entityLabel.kindName}：${entityLabel.name}` : undefined}
            />
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
              options={optionsOf(EVENT_NAMES)}
            />
          </Form.Item>
          <Form.Item label="时间" name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="internal" valuePropName="checked">
            <Checkbox>含系统内部记录</Checkbox>
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
      </Section>
      {error && <ErrorAlert error={error} onRetry={() => void load()} />}
      {screens.md ? (
        <Table
          size="small"
          rowKey="position"
          loading={loading && items.length === 0}
          dataSource={items}
          pagination={false}
          data-testid="audit-table"
          locale={{ emptyText: '没有符合条件的记录。' }}
          expandable={{ expandedRowRender: (item) => <Details item={item} /> }}
          columns={[
            { title: '时间', dataIndex: 'time', width: 160, render: time },
            { title: '操作人', width: 110, render: (_, i) => i.actor.name },
            { title: '类型', dataIndex: 'type', width: 110, render: (t: string) => eventName(t) },
            { title: '对象', width: 240, render: (_, i) => <Subjects subjects={i.subjects} /> },
            {
              title: '内容',
              render: (_, i) => (
                <Space orientation="vertical" size={2}>
                  <span>{i.summary}</span>
                  {i.changes.length > 0 && <Changes changes={i.changes} />}
                </Space>
              ),
            },
            {
              title: '原因',
              dataIndex: 'reason',
              width: 180,
              render: (r: string | null) => r ?? <Typography.Text type="secondary">—</Typography.Text>,
            },
          ]}
        />
      ) : (
        <List
          data-testid="audit-cards"
          loading={loading && items.length === 0}
          dataSource={items}
          locale={{ emptyText: '没有符合条件的记录。' }}
          renderItem={(i) => (
            <Card size="small" style={{ marginBottom: 8 }} title={eventName(i.type)} extra={time(i.time)}>
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                <Typography.Text type="secondary">操作人：{i.actor.name}</Typography.Text>
                <span>{i.summary}</span>
                {i.changes.length > 0 && <Changes changes={i.changes} />}
                <Subjects subjects={i.subjects} />
                {i.reason && <Typography.Text type="secondary">原因：{i.reason}</Typography.Text>}
              </Space>
            </Card>
          )}
        />
      )}
      <Space style={{ marginTop: 12 }}>
        {next !== null && (
          <Button loading={loading} onClick={() => void load(next)}>
            加载更早的记录
          </Button>
        )}
        <Typography.Text type="secondary">已显示 {items.length} 条（最新在前）</Typography.Text>
      </Space>
    </div>
  );
}
