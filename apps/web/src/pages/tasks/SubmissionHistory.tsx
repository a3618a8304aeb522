import { App, Button, Collapse, Grid, Popconfirm, Space, Steps, Table, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { SubmissionVersion, SubmissionView, TaskView } from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { usePlanLookups } from '../../api/lookups';
import { RULE_NAMES } from '../../api/submissions';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceList } from '../../components/Evidence';
import { StateTag } from '../../components/Figures';
import { LoadedView, PhoneCard } from '../../components/Page';
import { SubmissionContentView } from '../../components/SubmissionContent';

export function History({
  task,
  submissions,
  onChanged,
}: {
  task: TaskView;
  submissions: SubmissionView[];
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const lookups = usePlanLookups(task.planId);
  const [error, setError] = useState<ApiError | null>(null);
  const withdraw = async (s: SubmissionView) => {
    setError(null);
    try {
      await api(`/api/submissions/${s.submissionId}/withdraw`, { method: 'POST', body: {} });
      message.success('已撤回');
      onChanged();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const phone = !Grid.useBreakpoint().md;
  const withdrawButton = (s: SubmissionView) =>
    s.status === 'under-review' ? (
      <Popconfirm title="撤回这次提交？" okText="撤回" cancelText="取消" onConfirm={() => void withdraw(s)}>
        <Button size="small">撤回</Button>
      </Popconfirm>
    ) : null;
  if (phone) {
    // A phone gets one card per submission: nothing scrolls sideways, the reason stays in sight.
    const newestFirst = [...submissions].reverse();
    return (
      <div data-testid="submission-history">
        {error && <ErrorAlert error={error} />}
        {newestFirst.length === 0 && <Typography.Text type="secondary">尚未提交过进展。</Typography.Text>}
        {newestFirst.map((s, i) => (
          <PhoneCard
            key={s.submissionId}
            testId="history-card"
            title={
              <Space wrap size={4}>
                <StateTag state={s.status} />
                <span>第 {s.version} 版</span>
              </Space>
            }
            extra={withdrawButton(s)}
          >
            <div>提交时间：{dayjs(s.submittedAt).format('YYYY-MM-DD HH:mm')}</div>
            <div>环节：{s.stageName}</div>
            {s.lastReason && (
              <div style={{ overflowWrap: 'anywhere' }}>
                退回原因：<Typography.Text type="danger">{s.lastReason}</Typography.Text>
              </div>
            )}
            <Collapse
              ghost
              size="small"
              defaultActiveKey={i === 0 ? ['trail'] : []}
              items={[
                {
                  key: 'trail',
                  label: '审核经过与提交内容',
                  children: (
                    <>
                      <Trail submissionId={s.submissionId} />
                      <Versions submissionId={s.submissionId} lookups={lookups} />
                    </>
                  ),
                },
              ]}
            />
          </PhoneCard>
        ))}
      </div>
    );
  }
  return (
    <>
      {error && <ErrorAlert error={error} />}
      <Table
        rowKey="submissionId"
        size="small"
        dataSource={[...submissions].reverse()}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: '尚未提交过进展。' }}
        data-testid="submission-history"
        expandable={{
          defaultExpandedRowKeys:
            submissions.length > 0 ? [submissions[submissions.length - 1].submissionId] : [],
          expandedRowRender: (s) => (
            <>
              <Trail submissionId={s.submissionId} />
              <Versions submissionId={s.submissionId} lookups={lookups} />
            </>
          ),
        }}
        columns={[
          {
            title: '提交时间',
            dataIndex: 'submittedAt',
            render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm'),
          },
          { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
          { title: '状态', dataIndex: 'status', render: (st: string) => <StateTag state={st} /> },
          { title: '环节', dataIndex: 'stageName' },
          {
            title: '退回原因',
            dataIndex: 'lastReason',
            render: (r: string | null) => (r ? <Typography.Text type="danger">{r}</Typography.Text> : '—'),
          },
          {
            title: '操作',
            render: (_, s) => withdrawButton(s),
          },
        ]}
      />
    </>
  );
}

interface TrailItem {
  position: number;
  time: string;
  actor: { name: string };
  summary: string;
  reason: string | null;
}

/** What happened to a submission: each submission, approval, rejection (with its reason), transfer. */
function Trail({ submissionId }: { submissionId: string }) {
  const trail = useApi<{ items: TrailItem[] }>(`/api/submissions/${submissionId}/history`);
  return (
    <LoadedView loaded={trail}>
      {(data) => (
        <Timeline
          style={{ marginTop: 8 }}
          items={data.items.map((i) => ({
            key: i.position,
            color: /退回/.test(i.summary) ? 'red' : /通过/.test(i.summary) ? 'green' : 'blue',
            content: (
              <>
                <Typography.Text type="secondary">{dayjs(i.time).format('YYYY-MM-DD HH:mm')}</Typography.Text>{' '}
                {i.actor.name}：{i.summary}
                {i.reason && <Typography.Text type="danger">（原因：{i.reason}）</Typography.Text>}
              </>
            ),
          }))}
        />
      )}
    </LoadedView>
  );
}

/** Every version of a submission, each exactly as submitted, with its evidence and chain. */
export function Versions({
  submissionId,
  lookups,
}: {
  submissionId: string;
  lookups: { indicatorName: (id: string) => string; levelName: (id: string) => string };
}) {
  const versions = useApi<SubmissionVersion[]>(`/api/submissions/${submissionId}/versions`);
  return (
    <LoadedView loaded={versions}>
      {(data) => (
        <>
          {[...data].reverse().map((v) => (
            <div key={v.version} style={{ marginBottom: 16 }}>
              <Typography.Text strong>
                第 {v.version} 版 · {dayjs(v.submittedAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
              <SubmissionContentView
                content={v.content}
                indicatorName={lookups.indicatorName}
                levelName={lookups.levelName}
              />
              <EvidenceList files={v.evidence} />
              <Steps
                size="small"
                style={{ marginTop: 8 }}
                items={v.stages.map((s) => ({ title: s.name, description: RULE_NAMES[s.rule.kind] }))}
              />
            </div>
          ))}
        </>
      )}
    </LoadedView>
  );
}
