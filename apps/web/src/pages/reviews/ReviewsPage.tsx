import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import { usePlanLookups } from '../../api/lookups';
import type { DepartmentRef, SubmissionVersion, SubmissionView, TaskView, UserView } from '@sg/contracts';
import { RULE_NAMES } from '../../api/submissions';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceList } from '../../components/Evidence';
import { LoadedView, PageHeader } from '../../components/Page';
import { SubmissionContentView } from '../../components/SubmissionContent';

/** 待办审核: what waits for me, oldest first; each submission exactly as submitted, with its files. */
export default function ReviewsPage() {
  const inbox = useApi<SubmissionView[]>('/api/reviews/inbox');
  const [selected, setSelected] = useState<string | null>(null);
  const current = inbox.data?.find((s) => s.submissionId === selected) ?? inbox.data?.[0];

  return (
    <div data-testid="page-reviews">
      <PageHeader title="待办审核" extra={<Button onClick={inbox.reload}>刷新</Button>} />
      <LoadedView loaded={inbox}>
        {(items) =>
          items.length === 0 ? (
            <Empty description="没有等待您审核的提交。" />
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={9}>
                <Table
                  size="small"
                  rowKey="submissionId"
                  dataSource={items}
                  pagination={false}
                  scroll={{ x: 510 }}
                  data-testid="inbox"
                  onRow={(s) => ({
                    onClick: () => setSelected(s.submissionId),
                    style: { cursor: 'pointer' },
                  })}
                  rowClassName={(s) =>
                    s.submissionId === current?.submissionId ? 'ant-table-row-selected' : ''
                  }
                  columns={[
                    { title: '任务', render: (_, s) => <TaskTitle taskId={s.taskId} /> },
                    { title: '提交人', width: 90, render: (_, s) => s.submitterName || '—' },
                    { title: '环节', dataIndex: 'stageName', width: 110 },
                    {
                      title: '已等待',
                      width: 90,
                      render: (_, s) =>
                        (s.waitingHours ?? 0) >= 24 ? (
                          <Tag color="orange">{Math.floor((s.waitingHours ?? 0) / 24)} 天</Tag>
                        ) : (
                          `${s.waitingHours ?? 0} 小时`
                        ),
                    },
                  ]}
                />
              </Col>
              <Col xs={24} lg={15}>
                {current && (
                  <ReviewPanel
                    key={`${current.submissionId}:${current.version}:${current.stage}`}
                    submission={current}
                    onDone={() => {
                      setSelected(null);
                      inbox.reload();
                    }}
                  />
                )}
              </Col>
            </Row>
          )
        }
      </LoadedView>
    </div>
  );
}

function TaskTitle({ taskId }: { taskId: string }) {
  const task = useApi<TaskView>(`/api/tasks/${taskId}`);
  return <>{task.data?.title ?? (task.error ? '（无权查看任务详情）' : '…')}</>;
}

type Action = 'approve' | 'reject' | 'transfer';
const ACTION_NAMES: Record<Action, string> = { approve: '通过', reject: '退回', transfer: '转办' };

function ReviewPanel({ submission, onDone }: { submission: SubmissionView; onDone: () => void }) {
  const { message } = App.useApp();
  const versions = useApi<SubmissionVersion[]>(`/api/submissions/${submission.submissionId}/versions`);
  const task = useApi<TaskView>(`/api/tasks/${submission.taskId}`);
  const lookups = usePlanLookups(submission.planId);
  const [action, setAction] = useState<Action | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ comment?: string; reason?: string; to?: string }>();

  const act = async (values: { comment?: string; reason?: string; to?: string }) => {
    if (!action) return;
    setBusy(true);
    setError(null);
    const body =
      action === 'approve'
        ? values.comment
          ? { comment: values.comment }
          : {}
        : action === 'reject'
          ? { reason: values.reason }
          : { to: values.to, reason: values.reason };
    try {
      await api(`/api/submissions/${submission.submissionId}/${action}`, { method: 'POST', body });
      message.success(`已${ACTION_NAMES[action]}`);
      setAction(null);
      form.resetFields();
      onDone();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const version = versions.data?.find((v) => v.version === submission.version);
  return (
    <Card
      size="small"
      data-testid="review-panel"
      title={task.data ? task.data.title : '提交详情'}
      extra={<Typography.Text type="secondary">第 {submission.version} 版</Typography.Text>}
    >
      <Steps
        size="small"
        current={submission.stage - 1}
        style={{ marginBottom: 16 }}
        items={submission.stages.map((s) => ({ title: s.name, description: RULE_NAMES[s.rule.kind] }))}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setAction('approve')} data-testid="approve">
          通过
        </Button>
        <Button danger onClick={() => setAction('reject')} data-testid="reject">
          退回
        </Button>
        <Button onClick={() => setAction('transfer')} data-testid="transfer">
          转办
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">
        提交于 {dayjs(submission.submittedAt).format('YYYY-MM-DD HH:mm')}，当前环节：{submission.stageName}
      </Typography.Paragraph>
      <LoadedView loaded={versions}>
        {() =>
          version ? (
            <>
              <SubmissionContentView
                content={version.content}
                indicatorName={lookups.indicatorName}
                levelName={lookups.levelName}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                佐证材料
              </Typography.Title>
              <EvidenceList files={version.evidence} open />
            </>
          ) : (
            <Alert type="warning" title="找不到该版本的内容，请刷新后重试。" />
          )
        }
      </LoadedView>
      {error && (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={error} />
        </div>
      )}
      <Modal
        open={action !== null}
        title={action ? `${ACTION_NAMES[action]}这次提交` : ''}
        okText={action ? `确认${ACTION_NAMES[action]}` : '确认'}
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void act(v)} preserve={false}>
          {action === 'approve' && (
            <Form.Item label="审核意见（可选）" name="comment">
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {action === 'transfer' && <TransferTarget submissionId={submission.submissionId} />}
          {(action === 'reject' || action === 'transfer') && (
            <Form.Item
              label={action === 'reject' ? '退回原因' : '转办原因'}
              name="reason"
              rules={[{ required: true, whitespace: true, message: '请写明原因' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} aria-label="原因" data-testid="reason-input" />
            </Form.Item>
          )}
        </Form>
        {error && <ErrorAlert error={error} />}
      </Modal>
    </Card>
  );
}

/** Only the people the stage could name for this task, active and not yet asked: what the API accepts. */
function TransferTarget({ submissionId }: { submissionId: string }) {
  const candidates = useApi<{
    items: (Pick<UserView, 'userId' | 'displayName'> & { department: DepartmentRef | null })[];
  }>(`/api/submissions/${submissionId}/transfer-candidates`);
  return (
    <Form.Item
      label="转办给"
      name="to"
      rules={[{ required: true, message: '请选择审核人' }]}
      extra={
        candidates.data?.items.length === 0
          ? '本环节没有其他可转办的审核人（须持有本环节可指定的角色）。'
          : undefined
      }
    >
      <Select
        loading={!candidates.data}
        showSearch={{ optionFilterProp: 'label' }}
        options={(candidates.data?.items ?? []).map((u) => ({
          value: u.userId,
          label: u.department ? `${u.displayName}（${u.department.name}）` : u.displayName,
        }))}
      />
    </Form.Item>
  );
}
