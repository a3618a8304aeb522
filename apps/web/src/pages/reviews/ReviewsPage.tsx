import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Pagination,
  Row,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import { usePlanLookups } from '../../api/lookups';
import {
  INBOX_SORTS,
  SORT_ORDERS,
  type BatchApprovalResult,
  type DepartmentRef,
  type InboxItem,
  type InboxSort,
  type Paged,
  type PlanCompletion,
  type SortOrder,
  type SubmissionVersion,
  type SubmissionView,
  type TaskView,
  type UserView,
} from '@sg/contracts';
import { useCountsContext } from '../../counts';
import { useSession } from '../../session';
import { RULE_NAMES } from '../../api/submissions';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceList } from '../../components/Evidence';
import { LoadedView, PageHeader } from '../../components/Page';
import { SubmissionContentView } from '../../components/SubmissionContent';

const PAGE_SIZE = 10;

interface QueueQuery {
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

/**
 * 待办审核, a reviewer's home: what waits for me with who submitted it, for which project and task,
 * when it is due and when it came (the plan's time zone); filtered, sorted and paged by the API.
 * Items at 或签 stages can be approved together with one reason. On a phone each item is a card.
 */
export default function ReviewsPage() {
  const { message } = App.useApp();
  const { plan } = useSession();
  const phone = !Grid.useBreakpoint().md;
  const [query, setQuery] = useState<QueueQuery>({ sort: 'waiting', order: 'asc', page: 1 });
  const queue = useApi<Paged<InboxItem>>('/api/reviews/queue', { ...query, pageSize: PAGE_SIZE });
  const projects = useApi<PlanCompletion>(plan ? `/api/plans/${plan.planId}/completion` : null);
  const counts = useCountsContext();
  const [selected, setSelected] = useState<string | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);
  const [batchResult, setBatchResult] = useState<BatchApprovalResult | null>(null);
  const items = queue.data?.items ?? [];
  const current = items.find((s) => s.submissionId === selected) ?? items[0];
  const reload = queue.reload;
  // A change of the 待办 count (someone else acted, a new submission) reloads the list.
  const waiting = counts?.reviews;
  const [seen, setSeen] = useState(waiting);
  useEffect(() => {
    if (waiting !== seen) {
      setSeen(waiting);
      reload();
    }
  }, [waiting, seen, reload]);

  const change = (next: Partial<QueueQuery>) => {
    setQuery((q) => ({ ...q, page: 1, ...next }));
    setChecked([]);
  };
  const batchable = (s: InboxItem) => s.stageRule === 'any';
  const toggle = (id: string, on: boolean) =>
    setChecked((list) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id)));

  const filters = (
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
        options={(projects.data?.levels ?? []).flatMap((l) =>
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

  const pager = queue.data && queue.data.total > PAGE_SIZE && (
    <Pagination
      simple={phone}
      style={{ marginTop: 8 }}
      current={query.page}
      pageSize={PAGE_SIZE}
      total={queue.data.total}
      showTotal={phone ? undefined : (total) => `共 ${total} 条`}
      onChange={(page) => setQuery((q) => ({ ...q, page }))}
    />
  );

  const list = phone ? (
    <div data-testid="inbox">
      {items.map((s) => (
        <Card
          key={s.submissionId}
          size="small"
          data-testid="inbox-card"
          style={{
            marginBottom: 8,
            borderColor: s.submissionId === current?.submissionId ? '#1677ff' : undefined,
          }}
          onClick={() => setSelected(s.submissionId)}
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
        onChange: (keys) => setChecked(keys.map(String)),
        getCheckboxProps: (s) => ({
          disabled: !batchable(s),
          title: batchable(s) ? '选中' : '会签或按比例环节须逐条审核',
        }),
      }}
      onRow={(s) => ({ onClick: () => setSelected(s.submissionId), style: { cursor: 'pointer' } })}
      rowClassName={(s) => (s.submissionId === current?.submissionId ? 'ant-table-row-selected' : '')}
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

  return (
    <div data-testid="page-reviews">
      <PageHeader
        title="待办审核"
        extra={
          <>
            <Button
              type="primary"
              disabled={checked.length === 0}
              data-testid="batch-approve"
              onClick={() => setBatchOpen(true)}
            >
              批量通过{checked.length > 0 ? `（${checked.length}）` : ''}
            </Button>
            <Button onClick={queue.reload}>刷新</Button>
          </>
        }
      />
      {filters}
      <LoadedView loaded={queue}>
        {(data) =>
          data.total === 0 ? (
            <Empty
              description={
                query.q || query.projectId || query.batchable
                  ? '没有符合条件的待办。'
                  : '没有等待您审核的提交。'
              }
            />
          ) : (
            <Row gutter={[16, 16]}>
              <Col span={24}>
                {list}
                {pager}
              </Col>
              <Col span={24}>
                {current && (
                  <ReviewPanel
                    key={`${current.submissionId}:${current.version}:${current.stage}`}
                    submission={current}
                    onDone={() => {
                      setSelected(null);
                      setChecked([]);
                      queue.reload();
                    }}
                  />
                )}
              </Col>
            </Row>
          )
        }
      </LoadedView>
      <BatchApprove
        open={batchOpen}
        submissionIds={checked}
        onClose={() => setBatchOpen(false)}
        onDone={(result) => {
          setBatchOpen(false);
          setBatchResult(result);
          setChecked([]);
          setSelected(null);
          queue.reload();
          void message.success(
            `已通过 ${result.approved} 条${result.refused > 0 ? `，${result.refused} 条未通过` : ''}`,
          );
        }}
      />
      <Modal
        open={batchResult !== null}
        title="批量通过的结果"
        footer={<Button onClick={() => setBatchResult(null)}>关闭</Button>}
        onCancel={() => setBatchResult(null)}
      >
        {batchResult && (
          <div data-testid="batch-result">
            <Typography.Paragraph>
              已通过 {batchResult.approved} 条，未通过 {batchResult.refused} 条。
            </Typography.Paragraph>
            {batchResult.items
              .filter((i) => i.outcome === 'refused')
              .map((i) => (
                <Alert
                  key={i.submissionId}
                  type="warning"
                  style={{ marginBottom: 8 }}
                  title={i.title}
                  description={i.detail}
                />
              ))}
          </div>
        )}
      </Modal>
    </div>
  );
}

function Waited({ hours }: { hours: number }) {
  return hours >= 24 ? (
    <Tag color="orange">已等待 {Math.floor(hours / 24)} 天</Tag>
  ) : (
    <span>{hours} 小时</span>
  );
}

/** One reason for all: each item is still decided on its own, and the answer says which were not. */
function BatchApprove({
  open,
  submissionIds,
  onClose,
  onDone,
}: {
  open: boolean;
  submissionIds: string[];
  onClose: () => void;
  onDone: (result: BatchApprovalResult) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api<BatchApprovalResult>('/api/reviews/batch-approve', {
          method: 'POST',
          body: { submissionIds, reason },
        }),
      );
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`批量通过 ${submissionIds.length} 条提交`}
      okText="确认通过"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        仅限或签环节；每条按您当前的审核权限分别核验，未能通过的会逐条说明，不影响其他各条。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void send(v)} preserve={false}>
        <Form.Item
          label="审核意见（统一理由）"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请写明理由' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="batch-reason" />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={error} />}
    </Modal>
  );
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
