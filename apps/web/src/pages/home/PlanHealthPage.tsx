import { Card, Col, Grid, Row, Statistic, Table, Tag } from 'antd';
import { TASK_STATE_LABELS, TASK_STATES, WARNING_GRADES, type PlanHealth } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { GradeTag, RateBar } from '../../components/Figures';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { navigate } from '../../router';
import { useSession } from '../../session';

/** 运行情况, the office's home: how the plan stands (completion, states, 预警, reviews) and who is late. */
export default function PlanHealthPage() {
  const { plan } = useSession();
  const phone = !Grid.useBreakpoint().md;
  const health = useApi<PlanHealth>(plan ? `/api/plans/${plan.planId}/health` : null);
  if (!plan) return <NoPlan />;
  const find = (query: Record<string, string>) =>
    navigate(`/search?${new URLSearchParams(query).toString()}`);
  return (
    <div data-testid="page-health">
      <PageHeader title="运行情况" />
      <LoadedView loaded={health}>
        {(h) => (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              <Col xs={24} md={8}>
                <Card size="small" title="全方案完成率">
                  <RateBar rate={h.completion.rate} display={h.completion.display.rate} />
                  <div>
                    完成 {h.completion.completed} / {h.completion.total} 项（截至 {h.today}）
                  </div>
                </Card>
              </Col>
              <StatCard title="待审核" value={h.reviews.waiting} suffix="条" />
              <StatCard
                title="最久已等待"
                value={
                  h.reviews.oldestWaitingHours === null ? '—' : Math.floor(h.reviews.oldestWaitingHours / 24)
                }
                suffix={h.reviews.oldestWaitingHours === null ? '' : '天'}
              />
              <StatCard title="退回待修改" value={h.reviews.sentBack} suffix="条" />
              <Col xs={12} md={4}>
                <Card size="small" title="预警">
                  {WARNING_GRADES.map((g) => (
                    <span key={g} style={{ marginRight: 4 }}>
                      <GradeTag grade={g} /> {h.warnings[g]}
                    </span>
                  ))}
                </Card>
              </Col>
            </Row>
            <Section title="各状态任务数（点击查看）">
              <div data-testid="state-counts" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
                {TASK_STATES.map((s) => (
                  <Tag
                    key={s}
                    color={s === 'overdue' || s === 'rejected' ? 'red' : undefined}
                    style={{ cursor: 'pointer', fontSize: 14, padding: '4px 8px' }}
                    onClick={() => find({ state: s })}
                  >
                    {TASK_STATE_LABELS[s]} {h.states[s]}
                  </Tag>
                ))}
              </div>
            </Section>
            <Section title={`有逾期任务的负责人（${h.late.length} 人）`}>
              {phone ? (
                <div data-testid="late-owners">
                  {h.late.length === 0 && '没有逾期未完成的任务。'}
                  {h.late.map((o) => (
                    <Card
                      key={o.ownerId}
                      size="small"
                      style={{ marginBottom: 8, cursor: 'pointer' }}
                      onClick={() => find({ owner: o.ownerId })}
                    >
                      <strong>{o.ownerName}</strong>：逾期 {o.overdue} 项，最早截止 {o.oldestDue}
                    </Card>
                  ))}
                </div>
              ) : (
                <Table
                  size="small"
                  rowKey="ownerId"
                  data-testid="late-owners"
                  dataSource={h.late}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  locale={{ emptyText: '没有逾期未完成的任务。' }}
                  onRow={(o) => ({ onClick: () => find({ owner: o.ownerId }), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: '负责人', dataIndex: 'ownerName' },
                    { title: '逾期未完成任务', dataIndex: 'overdue', render: (n: number) => `${n} 项` },
                    { title: '最早截止日期', dataIndex: 'oldestDue' },
                  ]}
                />
              )}
            </Section>
          </>
        )}
      </LoadedView>
    </div>
  );
}

/** One review figure in the top row: half the width on a phone, a sixth on a wider screen. */
function StatCard(props: { title: string; value: number | string; suffix: string }) {
  return (
    <Col xs={12} md={4}>
      <Card size="small">
        <Statistic {...props} />
      </Card>
    </Col>
  );
}
