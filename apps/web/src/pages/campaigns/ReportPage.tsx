import { Alert, App, Button, Input, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { CampaignReportView } from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ActionError } from '../../components/ErrorAlert';
import { LoadedView, PageHeader, Section } from '../../components/Page';
import { navigate } from '../../router';
import { ListSection, RichText, ScopeFigureTables, StatusTags } from './campaign-parts';
import { SectionEditor } from './SectionEditor';

/** One layer report: its sections (written or read), its figures, sign-off or return, and the reports below it. */
export function ReportPage({ campaignId, reportId }: { campaignId: string; reportId: string }) {
  const loaded = useApi<CampaignReportView>(`/api/campaigns/${campaignId}/reports/${reportId}`);
  const editors = useRef<Record<string, HTMLDivElement | null>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [opinion, setOpinion] = useState('');
  const { message } = App.useApp();

  const act = async (label: string, run: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
      message.success(label);
      for (const el of Object.values(editors.current)) if (el) el.dataset.loaded = '';
      loaded.reload();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const sections = () =>
    Object.fromEntries(Object.entries(editors.current).map(([k, el]) => [k, el?.innerHTML ?? '']));

  return (
    <div data-testid="page-campaign-report">
      <Button type="link" style={{ padding: 0 }} onClick={() => navigate('/campaigns')}>
        ← 返回自评待办
      </Button>
      <LoadedView loaded={loaded}>
        {(r) => (
          <>
            <PageHeader title={r.title} extra={<StatusTags report={r} />} />
            <Typography.Paragraph type="secondary">
              {r.campaignTitle} · {r.layerName} · {r.window.opens} 至 {r.window.closes} · 数据截至 {r.cutoff}{' '}
              · 第 {r.version} 版 · 撰写：{r.authors.map((a) => a.name).join('、')} · 签署：
              {r.signers.map((a) => a.name).join('、')}
            </Typography.Paragraph>
            {r.returnReason && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={`退回修改：${r.returnReason}`}
              />
            )}
            {r.opinion && (
              <Alert type="success" showIcon style={{ marginBottom: 12 }} title={`签署意见：${r.opinion}`} />
            )}
            <ActionError error={error} style={{ marginBottom: 12 }} />
            <Section title="本范围数据（按记录计算）">
              <ScopeFigureTables figures={r.figures} />
            </Section>
            <Section
              title="报告内容"
              extra={
                r.mayWrite && (
                  <Space wrap>
                    <Button
                      loading={busy}
                      onClick={() =>
                        void act('已保存', () =>
                          api(`/api/campaigns/${campaignId}/reports/${reportId}`, {
                            method: 'PUT',
                            body: { sections: sections(), expectedVersion: r.version },
                          }),
                        )
                      }
                    >
                      保存
                    </Button>
                    <Button
                      type="primary"
                      loading={busy}
                      onClick={() =>
                        void act('已提交，等待签署意见', async () => {
                          await api(`/api/campaigns/${campaignId}/reports/${reportId}`, {
                            method: 'PUT',
                            body: { sections: sections(), expectedVersion: r.version },
                          });
                          await api(`/api/campaigns/${campaignId}/reports/${reportId}/submit`, {
                            method: 'POST',
                            body: {},
                          });
                        })
                      }
                    >
                      保存并提交
                    </Button>
                  </Space>
                )
              }
            >
              {r.sections.map((s) =>
                r.mayWrite ? (
                  <SectionEditor
                    key={`${s.key}:${r.version}`}
                    name={s.name}
                    initial={s.html}
                    editorRef={(el) => (editors.current[s.key] = el)}
                  />
                ) : (
                  <div key={s.key} style={{ marginBottom: 16 }}>
                    <Typography.Title level={5}>{s.name}</Typography.Title>
                    <RichText html={s.html} figures={r.figures} />
                  </div>
                ),
              )}
            </Section>
            {r.maySign && (
              <Section title="签署意见">
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    placeholder="签署意见，或退回修改的原因"
                    value={opinion}
                    onChange={(e) => setOpinion(e.target.value)}
                  />
                </Space.Compact>
                <Space style={{ marginTop: 8 }} wrap>
                  <Button
                    type="primary"
                    loading={busy}
                    onClick={() =>
                      void act('已签署', () =>
                        api(`/api/campaigns/${campaignId}/reports/${reportId}/sign-off`, {
                          method: 'POST',
                          body: { opinion },
                        }),
                      )
                    }
                  >
                    签署同意
                  </Button>
                  <Button
                    danger
                    loading={busy}
                    onClick={() =>
                      void act('已退回修改', () =>
                        api(`/api/campaigns/${campaignId}/reports/${reportId}/return`, {
                          method: 'POST',
                          body: { reason: opinion },
                        }),
                      )
                    }
                  >
                    退回修改
                  </Button>
                </Space>
              </Section>
            )}
            <ListSection
              title="下一层的报告（可引用）"
              items={r.below}
              renderItem={(b) => (
                <div style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{b.title}</Typography.Text>
                    <StatusTags report={b} />
                  </Space>
                  {b.sections
                    .filter((s) => s.html !== '')
                    .map((s) => (
                      <div key={s.key} style={{ marginTop: 8 }}>
                        <Space wrap>
                          <Typography.Text type="secondary">{s.name}</Typography.Text>
                          {r.mayWrite && (
                            <Button
                              size="small"
                              onClick={() => {
                                const el = editors.current[s.key];
                                if (el) el.innerHTML += `<blockquote>${s.html}</blockquote>`;
                              }}
                            >
                              引用到本报告
                            </Button>
                          )}
                        </Space>
                        <RichText html={s.html} figures={r.figures} />
                      </div>
                    ))}
                </div>
              )}
            />
          </>
        )}
      </LoadedView>
    </div>
  );
}
