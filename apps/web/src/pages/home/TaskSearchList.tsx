import { Empty, Grid, Input, InputNumber, Pagination, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  TASK_STATE_LABELS,
  TASK_STATES,
  type Paged,
  type PlanCompletion,
  type TaskSearchHit,
  type TaskState,
} from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { RateBar, TaskStateTag } from '../../components/Figures';
import { LoadedView, PhoneCard } from '../../components/Page';
import { UserSelect } from '../plan/UserSelect';

const PAGE_SIZE = 20;

/** What the search narrows by, as `GET /api/plans/:planId/tasks/search` takes it. */
export interface TaskFilter {
  q?: string;
  code?: string;
  owner?: string;
  year?: number;
  state?: TaskState;
  projectId?: string;
  // A department filter (the people directory's 牵头单位) joins here with its API parameter.
}

/**
 * The plan's tasks as the API finds them, a page at a time (the API pages and counts): a table on
 * a desktop, a card per task on a phone. `fixed` filters are not offered (a project lead's project).
 */
export function TaskSearchList({
  planId,
  initial = {},
  fixed = {},
  testId = 'task-search',
}: {
  planId: string;
  initial?: TaskFilter;
  fixed?: TaskFilter;
  testId?: string;
}) {
  const phone = !Grid.useBreakpoint().md;
  const [filter, setFilter] = useState<TaskFilter>(initial);
  const [page, setPage] = useState(1);
  const found = useApi<Paged<TaskSearchHit>>(`/api/plans/${planId}/tasks/search`, {
    ...filter,
    ...fixed,
    page,
    pageSize: PAGE_SIZE,
  });
  const completion = useApi<PlanCompletion>(fixed.projectId ? null : `/api/plans/${planId}/completion`);
  const change = (next: TaskFilter) => {
    setFilter((f) => ({ ...f, ...next }));
    setPage(1);
  };

  return (
    <div data-testid={testId}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          aria-label="任务名称或负责人"
          placeholder="任务名称或负责人"
          defaultValue={initial.q}
          style={{ width: phone ? 300 : 240, maxWidth: '100%' }}
          onSearch={(v) => change({ q: v.trim() || undefined })}
        />
        <Input.Search
          allowClear
          aria-label="任务编号"
          placeholder="编号，如 1.3"
          defaultValue={initial.code}
          style={{ width: 150 }}
          onSearch={(v) => change({ code: v.trim() || undefined })}
        />
        {!fixed.owner && (
          <UserSelect
            planId={planId}
            value={filter.owner}
            onChange={(owner) => change({ owner })}
            placeholder="负责人：输入姓名查找"
            testId="owner-filter"
          />
        )}
        <Select
          allowClear
          aria-label="状态"
          placeholder="全部状态"
          style={{ width: 120 }}
          value={filter.state}
          onChange={(state?: TaskState) => change({ state })}
          options={TASK_STATES.map((s) => ({ value: s, label: TASK_STATE_LABELS[s] }))}
        />
        <InputNumber
          aria-label="年度"
          placeholder="年度"
          min={2000}
          max={2100}
          style={{ width: 100 }}
          value={filter.year}
          onChange={(year) => change({ year: year ?? undefined })}
        />
        {!fixed.projectId && (
          <Select
            allowClear
            aria-label="项目"
            placeholder="全部项目"
            style={{ width: 220, maxWidth: '100%' }}
            value={filter.projectId}
            onChange={(projectId?: string) => change({ projectId })}
            options={(completion.data?.levels ?? []).flatMap((l) =>
              l.projects.map((p) => ({ value: p.projectId, label: `项目${p.code} ${p.name}` })),
            )}
          />
        )}
      </Space>
      <LoadedView loaded={found}>
        {(data) => (
          <>
            <Typography.Paragraph type="secondary" data-testid="search-total">
              共 {data.total} 项任务
            </Typography.Paragraph>
            {phone ? (
              <div>
                {data.items.length === 0 && <Empty description="没有符合条件的任务。" />}
                {data.items.map((t) => (
                  <PhoneCard
                    key={t.taskId}
                    testId="search-card"
                    title={
                      <span style={{ whiteSpace: 'normal' }}>
                        {t.code} {t.title}
                      </span>
                    }
                  >
                    <Space wrap size={4}>
                      <TaskStateTag state={t.state} />
                      <span>负责人 {t.ownerName}</span>
                      <span>截止 {t.dueDate}</span>
                    </Space>
                    <div style={{ overflowWrap: 'anywhere' }}>
                      项目{t.projectCode} {t.projectName}
                    </div>
                    <RateBar rate={t.completion} display={t.completionPercent} size="small" />
                    {t.state === 'rejected' && t.latestSubmission?.lastReason && (
                      <div style={{ overflowWrap: 'anywhere' }}>
                        退回原因：
                        <Typography.Text type="danger">{t.latestSubmission.lastReason}</Typography.Text>
                      </div>
                    )}
                  </PhoneCard>
                ))}
              </div>
            ) : (
              <Table
                size="small"
                rowKey="taskId"
                dataSource={data.items}
                pagination={false}
                locale={{ emptyText: '没有符合条件的任务。' }}
                columns={[
                  { title: '编号', dataIndex: 'code', width: 80 },
                  { title: '建设任务', dataIndex: 'title' },
                  {
                    title: '项目',
                    width: 180,
                    render: (_, t) => `项目${t.projectCode} ${t.projectName}`,
                  },
                  { title: '负责人', dataIndex: 'ownerName', width: 100 },
                  { title: '截止日期', dataIndex: 'dueDate', width: 110 },
                  { title: '年度', dataIndex: 'year', width: 70, render: (y: number | null) => y ?? '—' },
                  { title: '状态', width: 90, render: (_, t) => <TaskStateTag state={t.state} /> },
                  {
                    title: '完成度',
                    width: 170,
                    render: (_, t) => (
                      <RateBar rate={t.completion} display={t.completionPercent} size="small" />
                    ),
                  },
                ]}
              />
            )}
            {data.total > PAGE_SIZE && (
              <Pagination
                simple={phone}
                style={{ marginTop: 8 }}
                current={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                showSizeChanger={false}
                onChange={setPage}
              />
            )}
          </>
        )}
      </LoadedView>
    </div>
  );
}
