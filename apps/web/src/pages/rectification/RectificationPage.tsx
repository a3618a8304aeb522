import {
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Input,
  Row,
  Space,
  Statistic,
  Switch,
  Tag,
  Timeline,
  Typography,
  message,
} from 'antd';
import { useState } from 'react';
import {
  FINDING_SEVERITY_LABELS,
  FINDING_SOURCE_LABELS,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  type FindingStatusName,
  type FindingView,
  type RectificationProgress,
} from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterSelects, type FilterSpec } from '../../components/FilterSelects';
import { optionsOf } from '../../components/FormField';
import { LoadedView, NoPlan, PageHeader } from '../../components/Page';
import { setQuery, useLocation } from '../../router';
import { useSession } from '../../session';

const SEVERITY_COLORS: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };
const STATUS_COLORS: Record<FindingStatusName, string> = {
  entered: 'default',
  assigned: 'processing',
  'in-review': 'warning',
  returned: 'error',
  closed: 'success',
};

const FILTERS: FilterSpec<'source' | 'severity'>[] = [
  { key: 'source', placeholder: '来源', width: 120, options: optionsOf(FINDING_SOURCE_LABELS) },
  { key: 'severity', placeholder: '严重程度', width: 110, options: optionsOf(FINDING_SEVERITY_LABELS) },
];

/** The board's filters; they live in the address, so a filtered board can be linked to. */
function FindingFilters({
  source,
  severity,
  overdue,
}: {
  source?: string;
  severity?: string;
  overdue?: true;
}) {
  return (
    <>
      <FilterSelects
        filters={FILTERS}
        values={{ source, severity }}
        onChange={(key, value) => setQuery({ [key]: value })}
        testIdPrefix="filter-"
      />
      <Space size={4}>
        <Switch
          size="small"
          checked={overdue === true}
          onChange={(checked) => setQuery({ overdue: checked ? 'true' : undefined })}
          data-testid="filter-overdue"
        />
        <Typography.Text>只看逾期</Typography.Text>
      </Space>
    </>
  );
}

/** 整改看板: the plan's findings in columns by state, filtered by source, severity and overdue. */
export default function RectificationPage() {
  const { plan, can, me } = useSession();
  const { search } = useLocation();
  const source = search.get('source') ?? undefined;
  const severity = search.get('severity') ?? undefined;
  const overdue = search.get('overdue') === 'true' ? true : undefined;
  const open = search.get('finding');
  const base = plan ? `/api/plans/${plan.planId}` : null;
  const findings = useApi<{ items: FindingView[] }>(base && `${base}/findings`, {
    source,
    severity,
    overdue,
  });
  const progress = useApi<RectificationProgress>(base && `${base}/rectification-progress`);

  if (!plan) return <NoPlan />;
  const office = can.officeOf(plan.planId);
  const reload = () => {
    findings.reload();
    progress.reload();
  };

  return (
    <div data-testid="page-rectification">
      <PageHeader
        title="整改看板"
        extra={<FindingFilters source={source} severity={severity} overdue={overdue} />}
      />
      <LoadedView loaded={progress}>
        {(p) => (
          <Row gutter={[8, 8]} style={{ marginBottom: 12 }} data-testid="rectification-progress">
            <Col xs={8} md={4}>
              <Card size="small">
                <Statistic title="问题总数" value={p.total} />
              </Card>
            </Col>
            <Col xs={8} md={4}>
              <Card size="small">
                <Statistic title="已销号" value={p.byStatus.closed} />
              </Card>
            </Col>
            <Col xs={8} md={4}>
              <Card size="small">
                <Statistic
                  title="逾期未销号"
                  value={p.overdue}
                  valueStyle={p.overdue > 0 ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Col>
          </Row>
        )}
      </LoadedView>
      <LoadedView loaded={findings}>
        {({ items }) => (
          <div
            style={{
              display: 'flex',
              gap: 12,
              flexWrap: 'wrap',
              paddingBottom: 8,
              alignItems: 'flex-start',
            }}
            data-testid="rectification-board"
          >
            {FINDING_STATUSES.map((status) => {
              const column = items.filter((f) => f.status === status);
              return (
                <div
                  key={status}
                  style={{ flex: '1 1 190px', minWidth: 190 }}
                  data-testid={`column-${status}`}
                >
                  <Space style={{ marginBottom: 8 }}>
                    <Badge status={STATUS_COLORS[status] as 'default'} />
                    <Typography.Text strong>{FINDING_STATUS_LABELS[status]}</Typography.Text>
                    <Tag>{column.length}</Tag>
                  </Space>
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {column.map((f) => (
                      <Card
                        key={f.findingId}
                        size="small"
                        hoverable
                        onClick={() => setQuery({ finding: f.findingId })}
                        data-testid="finding-card"
                        style={f.overdue ? { borderColor: '#ff4d4f' } : undefined}
                      >
                        <Typography.Text strong>{f.title}</Typography.Text>
                        <div style={{ marginTop: 4 }}>
                          <Tag color={SEVERITY_COLORS[f.severity]}>
                            {FINDING_SEVERITY_LABELS[f.severity] ?? f.severity}
                          </Tag>
                          <Tag>{FINDING_SOURCE_LABELS[f.source] ?? f.source}</Tag>
                          {f.overdue && <Tag color="red">逾期</Tag>}
                        </div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {f.assignee ? `责任人：${f.assignee.name}` : '未分派'}
                          {f.deadline ? ` · 期限 ${f.deadline}` : ''}
                        </Typography.Text>
                      </Card>
                    ))}
                  </Space>
                </div>
              );
            })}
          </div>
        )}
      </LoadedView>
      {open && (
        <FindingDrawer
          findingId={open}
          office={office}
          me={me.userId}
          onClose={() => setQuery({ finding: undefined })}
          onChanged={reload}
        />
      )}
    </div>
  );
}

function FindingDrawer({
  findingId,
  office,
  me,
  onClose,
  onChanged,
}: {
  findingId: string;
  office: boolean;
  me: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const finding = useApi<FindingView>(`/api/findings/${findingId}`);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (path: string, body: object, done: string) => {
    setError(null);
    try {
      await api(`/api/findings/${findingId}/${path}`, { method: 'POST', body });
      void message.success(done);
      finding.reload();
      onChanged();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <Drawer
      open
      width={Math.min(560, window.innerWidth)}
      title="整改问题"
      onClose={onClose}
      data-testid="finding-drawer"
    >
      <LoadedView loaded={finding}>
        {(f) => (
          <>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="问题">{f.title}</Descriptions.Item>
              <Descriptions.Item label="描述">{f.description}</Descriptions.Item>
              <Descriptions.Item label="来源">
                {FINDING_SOURCE_LABELS[f.source] ?? f.source}
              </Descriptions.Item>
              <Descriptions.Item label="严重程度">
                {FINDING_SEVERITY_LABELS[f.severity] ?? f.severity}
              </Descriptions.Item>
              <Descriptions.Item label={f.subject.kind === 'indicator' ? '涉及指标' : '涉及任务'}>
                {f.subject.name}
              </Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag>{FINDING_STATUS_LABELS[f.status]}</Tag>
                {f.overdue && <Tag color="red">逾期</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label="责任人">{f.assignee?.name ?? '未分派'}</Descriptions.Item>
              {f.departmentName && <Descriptions.Item label="责任部门">{f.departmentName}</Descriptions.Item>}
              <Descriptions.Item label="整改期限">{f.deadline ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              整改情况
            </Typography.Title>
            {(f.actions ?? []).length === 0 ? (
              <Typography.Text type="secondary">尚未提交整改情况。</Typography.Text>
            ) : (
              <Timeline
                items={(f.actions ?? []).map((a) => ({
                  color: a.decision === 'approved' ? 'green' : a.decision === 'returned' ? 'red' : 'blue',
                  children: (
                    <>
                      <Typography.Text strong>第 {a.version} 次提交</Typography.Text>
                      <div>{a.narrative}</div>
                      <Typography.Text type="secondary">
                        佐证：{a.evidence.map((e) => e.name).join('、')}
                      </Typography.Text>
                      {a.decision && (
                        <div>
                          {a.decision === 'approved' ? '审核通过（销号）' : '退回'}
                          {a.note ? `：${a.note}` : ''}
                        </div>
                      )}
                    </>
                  ),
                }))}
              />
            )}
            {error && <ErrorAlert error={error} />}
            {office && f.status === 'in-review' && f.assignee?.userId !== me && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  rows={2}
                  placeholder="审核意见 / 退回原因"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <Space>
                  <Button
                    type="primary"
                    onClick={() => void act('approve', reason ? { comment: reason } : {}, '已销号')}
                  >
                    审核通过并销号
                  </Button>
                  <Button danger onClick={() => void act('return', { reason }, '已退回')}>
                    退回
                  </Button>
                </Space>
              </Space>
            )}
          </>
        )}
      </LoadedView>
    </Drawer>
  );
}
