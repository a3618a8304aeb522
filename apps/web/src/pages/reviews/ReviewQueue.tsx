import { Card, Checkbox, Input, Select, Space, Table, Tag } from 'antd';
import {
  INBOX_SORTS,
  SORT_ORDERS,
  type InboxItem,
  type InboxSort,
  type PlanCompletion,
  type SortOrder,
} from '@sg/contracts';

/* The reviewer's queue: its filters and its items, as a table or (on a phone) as cards. */

export interface QueueQuery {
  q?: string;
  projectId?: string;
  batchable?: 'true';
  sort: InboxSort;
  order: SortOrder;
  page: number;
}

const SORT_LABELS: Record<InboxSort, string> = {
  waiting: '等待最久',
  due: '截止日期',
  submitted: '提交时间',
  project: '项目',
};

/** Only items at a 或签 stage can be approved in a batch. */
export const batchable = (s: InboxItem) => s.stageRule === 'any';

export function QueueFilters({
  query,
  change,
  projects,
  phone,
}: {
  query: QueueQuery;
  change: (next: Partial<QueueQuery>) => void;
  projects: PlanCompletion | undefined;
  phone: boolean;
}) {
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder="任务名称或提交人"
        aria-label="查找待办"
        style={{ width: phone ? 300 : 220, maxWidth: '100%' }}
        onSearch={(value) => change({ q: value.trim() || undefined })}
      />
      <Select
        allowClear
        placeholder="全部项目"
        aria-label="项目"
        style={{ width: 200, maxWidth: '100%' }}
        value={query.projectId}
        onChange={(projectId?: string) => change({ projectId })}
        options={(projects?.levels ?? []).flatMap((l) =>
          l.projects.map((p) => ({ value: p.projectId, label: `项目${p.code} ${p.name}` })),
        )}
      />
      <Select
        aria-label="排序"
        style={{ width: 150 }}
        value={`${query.sort}:${query.order}`}
        onChange={(v: string) => {
          const [sort, order] = v.split(':') as [InboxSort, SortOrder];
          change({ sort, order });
        }}
        options={INBOX_SORTS.flatMap((sort) =>
          SORT_ORDERS.map((order) => ({
            value: `${sort}:${order}`,
            label: `${SORT_LABELS[sort]}${order === 'asc' ? '（升序）' : '（降序）'}`,
          })),
        )}
      />
      <Checkbox
        checked={query.batchable === 'true'}
        onChange={(e) => change({ batchable: e.target.checked ? 'true' : undefined })}
      >
        只看或签环节
      </Checkbox>
    </Space>
  );
}

export function QueueList({
  items,
  currentId,
  checked,
  setChecked,
  select,
  phone,
}: {
  items: InboxItem[];
  currentId: string | undefined;
  checked: string[];
  setChecked: (update: (list: string[]) => string[]) => void;
  select: (submissionId: string) => void;
  phone: boolean;
}) {
  const toggle = (id: string, on: boolean) =>
    setChecked((list) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id)));
  return phone ? (
    <div data-testid="inbox">
      {items.map((s) => (
        <Card
          key={s.submissionId}
          size="small"
          data-testid="inbox-card"
          style={{
            marginBottom: 8,
            borderColor: s.submissionId === currentId ? '#1677ff' : undefined,
          }}
          onClick={() => select(s.submissionId)}
          title={<span style={{ whiteSpace: 'normal' }}>{s.taskTitle || '（任务）'}</span>}
          extra={
            batchable(s) ? (
              <Checkbox
                aria-label="选中"
                checked={checked.includes(s.submissionId)}
                onClick={(e) => e.stopPropagation()}
                onChange={(e) => toggle(s.submissionId, e.target.checked)}
              />
            ) : null
          }
        >
          <div>提交人：{s.submitterName}</div>
          <div style={{ overflowWrap: 'anywhere' }}>
            项目{s.projectCode} {s.projectName}
          </div>
          <div>截止 {s.dueDate}</div>
          <div>提交于 {s.submittedAtLocal}</div>
          <Space wrap size={4}>
            <Tag>{s.stageName}</Tag>
            <Waited hours={s.waitingHours} />
          </Space>
        </Card>
      ))}
    </div>
  ) : (
    <Table
      size="small"
      rowKey="submissionId"
      dataSource={items}
      pagination={false}
      data-testid="inbox"
      rowSelection={{
        selectedRowKeys: checked,
        onChange: (keys) => setChecked(() => keys.map(String)),
        getCheckboxProps: (s) => ({
          disabled: !batchable(s),
          title: batchable(s) ? '选中' : '会签或按比例环节须逐条审核',
        }),
      }}
      onRow={(s) => ({ onClick: () => select(s.submissionId), style: { cursor: 'pointer' } })}
      rowClassName={(s) => (s.submissionId === currentId ? 'ant-table-row-selected' : '')}
      columns={[
        { title: '提交人', dataIndex: 'submitterName', width: 100 },
        { title: '项目', render: (_, s) => `项目${s.projectCode} ${s.projectName}`, width: 170 },
        { title: '任务', dataIndex: 'taskTitle' },
        { title: '截止日期', dataIndex: 'dueDate', width: 110 },
        { title: '提交时间', dataIndex: 'submittedAtLocal', width: 150 },
        { title: '环节', dataIndex: 'stageName', width: 120 },
        { title: '已等待', width: 100, render: (_, s) => <Waited hours={s.waitingHours} /> },
      ]}
    />
  );
}

function Waited({ hours }: { hours: number }) {
  return hours >= 24 ? (
    <Tag color="orange">已等待 {Math.floor(hours / 24)} 天</Tag>
  ) : (
    <span>{hours} 小时</span>
  );
}
