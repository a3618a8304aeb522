import { Alert, App, Button, Col, DatePicker, Empty, List, Row, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, asApiError, type ApiError } from '../../api/client';
import { useAction } from '../../components/use-action';
import type { Briefing, BriefingSummary } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionError, ErrorAlert } from '../../components/ErrorAlert';
import { StateTag } from '../../components/Figures';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { useSession } from '../../session';
import { BriefingSections } from './BriefingSections';

/** 简报: the archive, the draft awaiting approval, each issue readable in the page. */
export default function BriefingsPage() {
  const { plan, can } = useSession();
  const office = plan ? can.officeOf(plan.planId) : false;
  const list = useApi<{ items: BriefingSummary[] }>(plan ? `/api/plans/${plan.planId}/briefings` : null);
  const [selected, setSelected] = useState<string | null>(null);
  const [periodEnd, setPeriodEnd] = useState<Dayjs | null>(null);
  const { busy, error, run } = useAction();
  const { message } = App.useApp();
  if (!plan) return <NoPlan />;
  const current = selected ?? list.data?.items[0]?.id ?? null;

  const generate = () =>
    run(async () => {
      const created = await api<{ id: string }>(`/api/plans/${plan.planId}/briefings`, {
        method: 'POST',
        body: periodEnd ? { periodEnd: periodEnd.format('YYYY-MM-DD') } : {},
      });
      message.success('简报草稿已生成，等待审核');
      setSelected(created.id);
      list.reload();
    });

  return (
    <div data-testid="page-briefings">
      <PageHeader
        title="双高简报"
        extra={
          office && (
            <>
              <DatePicker placeholder="统计截至（默认上月末）" value={periodEnd} onChange={setPeriodEnd} />
              <Button type="primary" loading={busy} onClick={() => void generate()}>
                生成简报草稿
              </Button>
            </>
          )
        }
      />
      <ActionError error={error} style={{ marginBottom: 12 }} />
      <LoadedView loaded={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty description="还没有简报。" />
          ) : (
            <Row gutter={16}>
              <Col xs={24} lg={7}>
                <Section title="简报存档">
                  <List
                    size="small"
                    dataSource={data.items}
                    data-testid="briefing-list"
                    renderItem={(b) => (
                      <List.Item
                        onClick={() => setSelected(b.id)}
                        style={{ cursor: 'pointer', background: b.id === current ? '#e6f0ff' : undefined }}
                      >
                        <Space orientation="vertical" size={0}>
                          <Typography.Text strong>{b.title}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {b.periodStart} 至 {b.periodEnd}
                          </Typography.Text>
                        </Space>
                        <StateTag state={b.status === 'approved' ? 'approved-briefing' : b.status} />
                      </List.Item>
                    )}
                  />
                </Section>
              </Col>
              <Col xs={24} lg={17}>
                {current && (
                  <BriefingView key={current} id={current} office={office} onChanged={list.reload} />
                )}
              </Col>
            </Row>
          )
        }
      </LoadedView>
    </div>
  );
}

function BriefingView({ id, office, onChanged }: { id: string; office: boolean; onChanged: () => void }) {
  const briefing = useApi<Briefing>(`/api/briefings/${id}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [verify, setVerify] = useState<{ identical: boolean } | null>(null);
  const { message } = App.useApp();

  const act = async (action: 'approve' | 'publish') => {
    setError(null);
    try {
      await api(`/api/briefings/${id}/${action}`, { method: 'POST', body: {} });
      message.success(action === 'approve' ? '简报已审核通过' : '简报已发布');
      briefing.reload();
      onChanged();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const check = async () => {
    setError(null);
    try {
      setVerify(await api<{ identical: boolean }>(`/api/briefings/${id}/verify`));
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <LoadedView loaded={briefing}>
      {(b) => (
        <Section
          title={b.title}
          extra={
            <Space wrap>
              {office && b.status === 'draft' && (
                <Button type="primary" onClick={() => void act('approve')}>
                  审核通过
                </Button>
              )}
              {office && b.status === 'approved' && (
                <Button type="primary" onClick={() => void act('publish')}>
                  发布
                </Button>
              )}
              {b.status === 'published' && <Button onClick={() => void check()}>核验内容</Button>}
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">
            统计期 {b.periodStart} 至 {b.periodEnd} · 生成于 {dayjs(b.generatedAt).format('YYYY-MM-DD HH:mm')}
            {b.publishedAt ? ` · 发布于 ${dayjs(b.publishedAt).format('YYYY-MM-DD HH:mm')}` : ''}{' '}
            <Tag>
              {b.status === 'draft' ? '草稿，待审核' : b.status === 'approved' ? '已审核，待发布' : '已发布'}
            </Tag>
          </Typography.Paragraph>
          {error && <ErrorAlert error={error} />}
          {verify && (
            <Alert
              style={{ marginBottom: 12 }}
              type={verify.identical ? 'success' : 'error'}
              showIcon
              title={
                verify.identical
                  ? '核验通过：按记录重新生成的内容与发布的内容完全一致。'
                  : '核验未通过：按记录重新生成的内容与发布的内容不一致，请联系项目办。'
              }
            />
          )}
          <iframe
            title={b.title}
            sandbox=""
            srcDoc={b.html}
            data-testid="briefing-frame"
            style={{ width: '100%', height: 600, border: '1px solid #eee', background: '#fff' }}
          />
          <BriefingSections briefing={b} office={office} onSaved={briefing.reload} />
        </Section>
      )}
    </LoadedView>
  );
}
