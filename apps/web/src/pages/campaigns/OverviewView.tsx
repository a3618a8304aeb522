import { App, Button, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CampaignOverview, CampaignReportSummary } from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadedView, Section } from '../../components/Page';
import { navigate } from '../../router';
import { CaseTag, reportPath, StatusTags } from './campaign-parts';

/** The office's overview: per layer who has and has not submitted, the 典型案例, the published versions. */
export function OverviewView({ campaignId }: { campaignId: string }) {
  const loaded = useApi<CampaignOverview>(`/api/campaigns/${campaignId}`);
  const [error, setError] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  return (
    <LoadedView loaded={loaded}>
      {(c) => (
        <div data-testid="campaign-overview">
          <Space wrap style={{ marginBottom: 12 }}>
            <DownloadButton
              path={`/api/campaigns/${campaignId}/report.docx`}
              fileName={`${c.title}报告.docx`}
            >
              下载学校自评报告（DOCX）
            </DownloadButton>
            <Button
              type="primary"
              onClick={() =>
                void api<{ sha256: string }>(`/api/campaigns/${campaignId}/publish`, {
                  method: 'POST',
                  body: {},
                }).then(
                  (r) => {
                    message.success(`报告已发布，SHA-256：${r.sha256.slice(0, 12)}…`);
                    loaded.reload();
                  },
                  (e: unknown) => setError(asApiError(e)),
                )
              }
            >
              发布学校自评报告
            </Button>
            {c.publications.map((p) => (
              <Tag key={p.version}>
                第 {p.version} 版 {p.publishedOn} · {p.sha256.slice(0, 12)}…
              </Tag>
            ))}
          </Space>
          {error && <ErrorAlert error={error} />}
          {c.layers.map((layer) => (
            <Section
              key={layer.layer}
              title={`${layer.name}（${layer.opens} 至 ${layer.closes}）`}
              extra={
                <Typography.Text>
                  已提交 {layer.submitted} / {layer.total}，已签署 {layer.signedOff}
                </Typography.Text>
              }
            >
              <Table
                size="small"
                pagination={false}
                scroll={{ x: true }}
                rowKey="reportId"
                dataSource={layer.reports}
                columns={[
                  {
                    title: '报告',
                    dataIndex: 'title',
                    render: (title: string, r: CampaignReportSummary) => (
                      <Button
                        type="link"
                        style={{ padding: 0 }}
                        onClick={() => navigate(reportPath(campaignId, r.reportId))}
                      >
                        {title}
                      </Button>
                    ),
                  },
                  {
                    title: '撰写人',
                    render: (_: unknown, r: CampaignReportSummary) => r.authors.map((a) => a.name).join('、'),
                  },
                  {
                    title: '状态',
                    render: (_: unknown, r: CampaignReportSummary) => <StatusTags report={r} />,
                  },
                  { title: '提交日期', dataIndex: 'submittedOn', render: (d: string | null) => d ?? '—' },
                ]}
              />
            </Section>
          ))}
          <Section title="典型案例">
            <List
              dataSource={c.typicalCases}
              locale={{ emptyText: '截至统计截止日期无省级及以上标志性成果' }}
              renderItem={(t) => (
                <List.Item>
                  <Space wrap>
                    {t.achievement}
                    <Typography.Text type="secondary">
                      {t.achievers.map((a) => a.name).join('、')}
                    </Typography.Text>
                    <CaseTag item={t} missing="warning" />
                  </Space>
                </List.Item>
              )}
            />
          </Section>
        </div>
      )}
    </LoadedView>
  );
}
