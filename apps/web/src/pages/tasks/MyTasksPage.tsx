import { Button, Drawer, Grid, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { TaskView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { RateBar, StateTag } from '../../components/Figures';
import { LoadedView, PageHeader } from '../../components/Page';
import { TaskWorkspace } from './TaskWorkspace';

/** 我的任务: the tasks I own, due soonest first; open one to report progress and see its history. */
export default function MyTasksPage() {
  const tasks = useApi<{ items: TaskView[] }>('/api/me/tasks');
  const [open, setOpen] = useState<TaskView | null>(null);
  const screens = Grid.useBreakpoint();
  const today = dayjs().format('YYYY-MM-DD');

  return (
    <div data-testid="page-tasks">
      <PageHeader title="我的任务" />
      <LoadedView loaded={tasks}>
        {(data) => (
          <Table
            rowKey="taskId"
            dataSource={data.items}
            scroll={{ x: 960 }}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            locale={{ emptyText: '您目前没有负责的建设任务。' }}
            data-testid="my-tasks"
            columns={[
              {
                title: '项目',
                width: 200,
                render: (_, t) => `项目${t.projectCode ?? ''} ${t.projectName ?? ''}`,
              },
              { title: '建设任务', dataIndex: 'title', width: 240 },
              {
                title: '截止日期',
                dataIndex: 'dueDate',
                width: 130,
                render: (due: string, t) => (
                  <>
                    {due} {due < today && Number(t.completion) < 1 && <Tag color="red">已逾期</Tag>}
                  </>
                ),
              },
              {
                title: '完成度',
                width: 180,
                render: (_, t) => <RateBar rate={t.completion} display={t.completionPercent} size="small" />,
              },
              {
                title: '最近提交',
                width: 200,
                render: (_, t) =>
                  t.latestSubmission ? (
                    <>
                      <StateTag state={t.latestSubmission.status} />
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
              {
                title: '操作',
                width: 110,
                fixed: 'right',
                render: (_, t) => (
                  <Button type="primary" size="small" onClick={() => setOpen(t)}>
                    填报 / 记录
                  </Button>
                ),
              },
            ]}
          />
        )}
      </LoadedView>
      <Drawer
        open={open !== null}
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
