import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, Grid, Pagination, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { taskStateOf, type TaskView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { RateBar, StateTag, TaskStateTag } from '../../components/Figures';
import { LoadedView, PageHeader, PhoneCard } from '../../components/Page';
import { TaskWorkspace } from './TaskWorkspace';

const PAGE_SIZE = 20;

/**
 * 我的任务, a task owner's home: sent-back tasks first, then the soonest due; open one to report
 * progress and see its history. On a phone each task is a card carrying the essentials.
 */
export default function MyTasksPage() {
  const tasks = useApi<{ items: TaskView[] }>('/api/me/tasks');
  const [open, setOpen] = useState<TaskView | null>(null);
  const [page, setPage] = useState(1);
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const today = dayjs().format('YYYY-MM-DD');
  const stateOf = (t: TaskView) =>
    taskStateOf(
      { completion: t.completion, dueDate: t.dueDate, latestStatus: t.latestSubmission?.status },
      today,
    );
  const report = (t: TaskView) => (
    <Button type="primary" size="small" onClick={() => setOpen(t)}>
      填报 / 记录
    </Button>
  );

  if (phone && open) {
    // On a phone the task takes the page (a drawer would lock the page under it and cover it anyway).
    return (
      <div data-testid="page-tasks">
        <Button
          icon={<ArrowLeftOutlined />}
          onClick={() => {
            setOpen(null);
            tasks.reload();
          }}
          style={{ marginBottom: 8 }}
        >
          返回我的任务
        </Button>
        <Typography.Title level={4} style={{ marginTop: 0, overflowWrap: 'anywhere' }}>
          {open.title}
        </Typography.Title>
        <TaskWorkspace task={open} onChanged={tasks.reload} />
      </div>
    );
  }
  return (
    <div data-testid="page-tasks">
      <PageHeader title="我的任务" />
      <LoadedView loaded={tasks}>
        {(data) =>
          phone ? (
            <div data-testid="my-tasks">
              {data.items.length === 0 && <Empty description="您目前没有负责的建设任务。" />}
              {data.items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((t) => (
                <PhoneCard
                  key={t.taskId}
                  testId="task-card"
                  title={<span style={{ whiteSpace: 'normal' }}>{t.title}</span>}
                >
                  <Space wrap size={4} style={{ marginBottom: 4 }}>
                    <TaskStateTag state={stateOf(t)} />
                    <Typography.Text type="secondary">截止 {t.dueDate}</Typography.Text>
                  </Space>
                  <div style={{ overflowWrap: 'anywhere' }}>
                    项目{t.projectCode ?? ''} {t.projectName ?? ''}
                  </div>
                  <RateBar rate={t.completion} display={t.completionPercent} size="small" />
                  {t.latestSubmission?.lastReason && t.latestSubmission.status === 'rejected' && (
                    <div style={{ overflowWrap: 'anywhere' }}>
                      退回原因：
                      <Typography.Text type="danger">{t.latestSubmission.lastReason}</Typography.Text>
                    </div>
                  )}
                  <div style={{ marginTop: 8 }}>{report(t)}</div>
                </PhoneCard>
              ))}
              {data.items.length > PAGE_SIZE && (
                <Pagination
                  simple
                  current={page}
                  pageSize={PAGE_SIZE}
                  total={data.items.length}
                  onChange={setPage}
                />
              )}
            </div>
          ) : (
            <Table
              rowKey="taskId"
              dataSource={data.items}
              scroll={{ x: 960 }}
              pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, current: page, onChange: setPage }}
              locale={{ emptyText: '您目前没有负责的建设任务。' }}
              data-testid="my-tasks"
              columns={[
                {
                  title: '项目',
                  width: 200,
                  render: (_, t) => `项目${t.projectCode ?? ''} ${t.projectName ?? ''}`,
                },
                { title: '建设任务', dataIndex: 'title', width: 240 },
                { title: '状态', width: 90, render: (_, t) => <TaskStateTag state={stateOf(t)} /> },
                { title: '截止日期', dataIndex: 'dueDate', width: 110 },
                {
                  title: '完成度',
                  width: 180,
                  render: (_, t) => (
                    <RateBar rate={t.completion} display={t.completionPercent} size="small" />
                  ),
                },
                {
                  title: '最近提交',
                  width: 200,
                  render: (_, t) =>
                    t.latestSubmission ? (
                      <>
                        {/* 已退回 and 审核中 are the task's own state, in the column before. */}
                        {t.latestSubmission.status !== 'rejected' &&
                          t.latestSubmission.status !== 'under-review' && (
                            <StateTag state={t.latestSubmission.status} />
                          )}
                        {t.latestSubmission.status === 'under-review' && t.latestSubmission.stageName}
                        {t.latestSubmission.lastReason && (
                          <Typography.Text type="danger" ellipsis style={{ maxWidth: 180, display: 'block' }}>
                            {t.latestSubmission.lastReason}
                          </Typography.Text>
                        )}
                      </>
                    ) : (
                      <Typography.Text type="secondary">尚未提交</Typography.Text>
                    ),
                },
                {
                  title: '进展日期',
                  dataIndex: 'progressDate',
                  width: 110,
                  render: (d: string | null) => d ?? '尚未填报',
                },
                { title: '操作', width: 110, fixed: 'right', render: (_, t) => report(t) },
              ]}
            />
          )
        }
      </LoadedView>
      <Drawer
        open={open !== null && !phone}
        onClose={() => {
          setOpen(null);
          tasks.reload();
        }}
        size={screens.md ? 820 : '100%'}
        title={open ? <Typography.Text ellipsis>{open.title}</Typography.Text> : ''}
        destroyOnHidden
      >
        {open && <TaskWorkspace task={open} onChanged={tasks.reload} />}
      </Drawer>
    </div>
  );
}
