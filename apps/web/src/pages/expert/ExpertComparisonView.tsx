import { Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ExpertComparison, ExpertComparisonRow, ExpertReviewView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';
import { DayField } from '../../components/DayField';
import { LoadedView, Section } from '../../components/Page';
import { instantText } from './expert-parts';
import { InviteExpert } from './InviteExpert';

/** expert − self: red below the self-score, green above it. */
function Difference({ value }: { value: string | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const n = Number(value);
  return (
    <Typography.Text type={n < 0 ? 'danger' : n > 0 ? 'success' : undefined} data-testid="difference">
      {n > 0 ? `+${value}` : value}
    </Typography.Text>
  );
}

function Comparison({ reviewId }: { reviewId: string }) {
  const loaded = useApi<ExpertComparison>(`/api/expert-reviews/${reviewId}/comparison`);
  return (
    <LoadedView loaded={loaded}>
      {(c) => (
        <div data-testid="expert-comparison">
          <Typography.Paragraph type="secondary">
            评审期间 {c.review.period.from} 至 {c.review.period.to} · 自评分截至 {c.asOf} · 专家：
            {c.review.experts.map((e) => e.name).join('、') || '尚未邀请'} · 账号有效期至{' '}
            {instantText(c.review.accessUntil)}{' '}
            <Tag color={c.review.active ? 'processing' : 'default'}>
              {c.review.active ? '进行中' : '已结束'}
            </Tag>
          </Typography.Paragraph>
          <Table<ExpertComparisonRow>
            size="small"
            pagination={false}
            // Readable columns on a phone: the table scrolls inside its card, the page does not.
            scroll={{ x: 760 }}
            rowKey="indicatorId"
            dataSource={c.rows}
            locale={{ emptyText: '该方案尚无绩效指标' }}
            columns={[
              { title: '编号', dataIndex: 'code' },
              { title: '指标', dataIndex: 'name', width: 160 },
              { title: '分值', dataIndex: 'points' },
              { title: '自评得分', dataIndex: 'selfScore' },
              {
                title: '专家评分与意见',
                width: 240,
                render: (_: unknown, r) =>
                  r.experts.length === 0 ? (
                    <Typography.Text type="secondary">未评分</Typography.Text>
                  ) : (
                    <Space orientation="vertical" size={2}>
                      {r.experts.map((e) => (
                        <span key={e.expertId} data-testid="expert-score">
                          {e.name}：{e.score} 分（
                          <Difference value={e.difference} />）
                          {e.comment && <Typography.Text type="secondary"> {e.comment}</Typography.Text>}
                        </span>
                      ))}
                    </Space>
                  ),
              },
              { title: '专家平均', dataIndex: 'expertMean', render: (v: string | null) => v ?? '—' },
              {
                title: '差值（专家 − 自评）',
                dataIndex: 'meanDifference',
                render: (v: string | null) => <Difference value={v} />,
              },
            ]}
          />
        </div>
      )}
    </LoadedView>
  );
}

interface OpenValues {
  title: string;
  periodFrom: string;
  periodTo: string;
  accessUntil: string;
}

/** 发起专家评审: the period the experts judge and the day their accounts stop working. */
function OpenReviewForm({ planId, onOpened }: { planId: string; onOpened: () => void }) {
  return (
    <ActionForm<OpenValues>
      path={`/api/plans/${planId}/expert-reviews`}
      testId="open-expert-review"
      submitText="发起专家评审"
      success="已发起专家评审"
      // The account works to the end of the chosen day in China's time.
      toBody={(v) => ({ ...v, accessUntil: v.accessUntil ? `${v.accessUntil}T23:59:59+08:00` : '' })}
      onDone={onOpened}
    >
      <Form.Item name="title" label="评审名称" style={{ marginBottom: 8 }}>
        <Input placeholder="如：2021 年度绩效评价专家评审" />
      </Form.Item>
      <Space wrap>
        <DayField name="periodFrom" label="评审期间起" />
        <DayField name="periodTo" label="评审期间止" />
        <DayField name="accessUntil" label="专家账号有效期至" />
      </Space>
    </ActionForm>
  );
}

/** The office: the plan's expert reviews, self-score beside every expert's score, and the differences. */
export function ExpertComparisonView({ planId }: { planId: string }) {
  const reviews = useApi<{ items: ExpertReviewView[] }>(`/api/plans/${planId}/expert-reviews`);
  const [chosen, setChosen] = useState<string | undefined>();
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <LoadedView loaded={reviews}>
        {({ items }) => {
          const current = items.find((r) => r.reviewId === chosen) ?? items[items.length - 1];
          if (!current) return <Empty description="尚未发起专家评审。" style={{ marginBottom: 16 }} />;
          return (
            <Section
              title="自评分与专家评分对照"
              extra={
                items.length > 1 && (
                  <Select
                    aria-label="选择专家评审"
                    value={current.reviewId}
                    style={{ maxWidth: '70vw', minWidth: 160 }}
                    options={items.map((r) => ({ value: r.reviewId, label: r.title }))}
                    onChange={setChosen}
                  />
                )
              }
            >
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {current.title}
              </Typography.Title>
              <Comparison key={`${current.reviewId}:${generation}`} reviewId={current.reviewId} />
              {current.active && (
                <InviteExpert
                  review={current}
                  onInvited={() => {
                    reviews.reload();
                    setGeneration((g) => g + 1);
                  }}
                />
              )}
            </Section>
          );
        }}
      </LoadedView>
      <Section title="发起专家评审">
        <OpenReviewForm planId={planId} onOpened={reviews.reload} />
      </Section>
    </>
  );
}
