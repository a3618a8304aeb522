import { Alert, App, Button, Empty, Input, List, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import type {
  CampaignFigureBlock,
  CampaignFigureTable,
  CampaignOverview,
  CampaignReportSummary,
  CampaignReportView,
  CampaignSummaryView,
  CampaignTodo,
  TypicalCaseView,
} from '@sg/contracts';
import { api, asApiError, type ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadedView, NoPlan, PageHeader, Section } from '../../components/Page';
import { navigate, useLocation } from '../../router';
import { useSession } from '../../session';

const STATUS_COLORS: Record<CampaignReportSummary['status'], string> = {
  draft: 'default',
  submitted: 'processing',
  'signed-off': 'success',
  returned: 'warning',
};

const BLOCK_NAMES: Record<CampaignFigureBlock, string> = {
  tasks: '建设任务完成情况',
  indicators: '绩效指标',
  achievements: '标志性成果',
  funds: '资金到位与执行',
};

const reportPath = (campaignId: string, reportId: string) => `/campaigns/${campaignId}/reports/${reportId}`;

function StatusTags({ report }: { report: CampaignReportSummary }) {
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[report.status]}>{report.statusName}</Tag>
      {report.late && <Tag color="error">逾期</Tag>}
    </Space>
  );
}

/** A live block: the scope's figures as of the cut-off, with the date printed under them. */
function FigureTable({ table }: { table: CampaignFigureTable }) {
  return (
    <div style={{ margin: '8px 0' }} data-testid="figure-block">
      <Typography.Text strong>{table.title}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        scroll={{ x: true }}
        rowKey={(_, i) => String(i)}
        dataSource={table.rows.map((r) => Object.fromEntries(r.map((v, i) => [String(i), v])))}
        columns={table.headers.map((h, i) => ({ title: h, dataIndex: String(i), key: String(i) }))}
        locale={{ emptyText: '无相关数据' }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {table.asOf}
      </Typography.Text>
    </div>
  );
}

/** Stored (sanitized) report HTML with its figure blocks drawn as the live tables. */
function RichText({
  html,
  figures,
}: {
  html: string;
  figures: Record<CampaignFigureBlock, CampaignFigureTable>;
}) {
  const parts = html.split(/<div data-sg-block="(\w+)"><\/div>/);
  return (
    <div className="report-text">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          figures[part as CampaignFigureBlock] ? (
            <FigureTable key={i} table={figures[part as CampaignFigureBlock]} />
          ) : null
        ) : (
          // The API stores only sanitized HTML (headings, paragraphs, lists, tables, evidence images).
          <div key={i} dangerouslySetInnerHTML={{ __html: part }} />
        ),
      )}
      {html.trim() === '' && <Typography.Text type="secondary">（未填写）</Typography.Text>}
    </div>
  );
}

/** In the editor a figure block is a marker; it prints its figures once saved and shown. */
const EDITOR_CSS = Object.entries(BLOCK_NAMES)
  .map(
    ([block, name]) =>
      `.report-editor div[data-sg-block="${block}"]::before{content:"［数据块：${name}，按统计截止日期计算］";color:#1f4e96;background:#f0f5ff;display:block;padding:4px 8px;border-radius:4px;margin:4px 0}`,
  )
  .join('');

/** A contentEditable section: paste from Word keeps headings, lists and tables (cleaned on save). */
function SectionEditor({
  name,
  initial,
  editorRef,
}: {
  name: string;
  initial: string;
  editorRef: (el: HTMLDivElement | null) => void;
}) {
  const command = (cmd: string, value?: string) => document.execCommand(cmd, false, value);
  const local = useRef<HTMLDivElement | null>(null);
  const insertBlock = (block: CampaignFigureBlock) => {
    local.current?.focus();
    command('insertHTML', `<div data-sg-block="${block}"></div><p><br></p>`);
  };
  return (
    <div style={{ marginBottom: 16 }}>
      <style>{EDITOR_CSS}</style>
      <Typography.Title level={5}>{name}</Typography.Title>
      <Space wrap size={4} style={{ marginBottom: 4 }}>
        <Button size="small" onClick={() => command('formatBlock', 'h3')}>
          小标题
        </Button>
        <Button size="small" onClick={() => command('bold')}>
          加粗
        </Button>
        <Button size="small" onClick={() => command('insertOrderedList')}>
          编号列表
        </Button>
        <Button size="small" onClick={() => command('insertUnorderedList')}>
          项目符号
        </Button>
        {(Object.keys(BLOCK_NAMES) as CampaignFigureBlock[]).map((b) => (
          <Button key={b} size="small" onClick={() => insertBlock(b)}>
            插入数据：{BLOCK_NAMES[b]}
          </Button>
        ))}
      </Space>
      <div
        ref={(el) => {
          local.current = el;
          editorRef(el);
          if (el && el.dataset.loaded !== 'yes') {
            el.innerHTML = initial;
            el.dataset.loaded = 'yes';
          }
        }}
        contentEditable
        suppressContentEditableWarning
        aria-label={name}
        className="report-editor"
        style={{
          minHeight: 96,
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          padding: 8,
          background: '#fff',
        }}
      />
    </div>
  );
}

function ReportPage({ campaignId, reportId }: { campaignId: string; reportId: string }) {
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
            {error && (
              <div style={{ marginBottom: 12 }}>
                <ErrorAlert error={error} />
              </div>
            )}
            <Section title="本范围数据（按记录计算）">
              {(Object.keys(BLOCK_NAMES) as CampaignFigureBlock[])
                .filter((b) => r.figures[b].rows.length > 0)
                .map((b) => (
                  <FigureTable key={b} table={r.figures[b]} />
                ))}
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
            {r.below.length > 0 && (
              <Section title="下一层的报告（可引用）">
                <List
                  dataSource={r.below}
                  renderItem={(b) => (
                    <List.Item>
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
                    </List.Item>
                  )}
                />
              </Section>
            )}
          </>
        )}
      </LoadedView>
    </div>
  );
}

function TypicalCaseButton({
  campaignId,
  item,
  onSaved,
}: {
  campaignId: string;
  item: TypicalCaseView;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(item.title ?? '');
  const [count, setCount] = useState(item.characters);
  const editor = useRef<HTMLDivElement | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { message } = App.useApp();
  const save = async () => {
    setError(null);
    try {
      await api(`/api/campaigns/${campaignId}/typical-cases/${item.achievementId}`, {
        method: 'PUT',
        body: { title, html: editor.current?.innerHTML ?? '' },
      });
      message.success('典型案例已保存');
      setOpen(false);
      onSaved();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {item.written ? '修改典型案例' : '撰写典型案例'}
      </Button>
      <Modal
        open={open}
        title={`典型案例：${item.achievement}`}
        onCancel={() => setOpen(false)}
        onOk={() => void save()}
        okText="保存"
        cancelText="取消"
        width={720}
      >
        {error && <ErrorAlert error={error} />}
        <Input
          placeholder="案例标题"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          style={{ marginBottom: 8 }}
        />
        <div
          ref={(el) => {
            editor.current = el;
            if (el && el.dataset.loaded !== 'yes') {
              el.innerHTML = item.html ?? '';
              el.dataset.loaded = 'yes';
            }
          }}
          contentEditable
          suppressContentEditableWarning
          aria-label="案例正文"
          onInput={(e) => setCount((e.currentTarget.textContent ?? '').replace(/\s/g, '').length)}
          style={{ minHeight: 200, border: '1px solid #d9d9d9', borderRadius: 6, padding: 8 }}
        />
        <Typography.Text type={count >= 1000 ? 'success' : 'secondary'}>
          已写 {count} 字（不少于 1000 字）
        </Typography.Text>
      </Modal>
    </>
  );
}

function TodoView({ campaignId }: { campaignId: string }) {
  const loaded = useApi<CampaignTodo>(`/api/campaigns/${campaignId}/todo`);
  return (
    <LoadedView loaded={loaded}>
      {(todo) =>
        todo.write.length + todo.sign.length + todo.typicalCases.length === 0 ? (
          <Empty description="本次自评没有需要您撰写或签署的报告。" />
        ) : (
          <div data-testid="campaign-todo">
            {todo.write.map((r) => (
              <Section
                key={r.reportId}
                title={
                  <Space wrap>
                    <span>{r.title}</span>
                    <StatusTags report={r} />
                  </Space>
                }
                extra={
                  <Button
                    type="primary"
                    size="small"
                    onClick={() => navigate(reportPath(campaignId, r.reportId))}
                  >
                    {r.status === 'draft' || r.status === 'returned' ? '撰写报告' : '查看报告'}
                  </Button>
                }
              >
                <Typography.Paragraph type="secondary">
                  {r.layerName} · 截止 {r.closes}
                  {r.returnReason ? ` · 退回原因：${r.returnReason}` : ''}
                </Typography.Paragraph>
                {(Object.keys(BLOCK_NAMES) as CampaignFigureBlock[])
                  .filter((b) => r.figures[b].rows.length > 0)
                  .map((b) => (
                    <FigureTable key={b} table={r.figures[b]} />
                  ))}
              </Section>
            ))}
            {todo.sign.length > 0 && (
              <Section title="待我签署意见">
                <List
                  dataSource={todo.sign}
                  renderItem={(r) => (
                    <List.Item
                      actions={[
                        <Button
                          key="open"
                          size="small"
                          onClick={() => navigate(reportPath(campaignId, r.reportId))}
                        >
                          查看并签署
                        </Button>,
                      ]}
                    >
                      <Space wrap>
                        {r.title}
                        <StatusTags report={r} />
                      </Space>
                    </List.Item>
                  )}
                />
              </Section>
            )}
            {todo.typicalCases.length > 0 && (
              <Section title="典型案例（省级及以上标志性成果）">
                <List
                  dataSource={todo.typicalCases}
                  renderItem={(c) => (
                    <List.Item
                      actions={[
                        <TypicalCaseButton
                          key="edit"
                          campaignId={campaignId}
                          item={c}
                          onSaved={loaded.reload}
                        />,
                      ]}
                    >
                      <Space wrap>
                        {c.achievement}
                        <Tag color={c.written ? 'success' : 'default'}>
                          {c.written ? `已写 ${c.characters} 字` : '未撰写'}
                        </Tag>
                      </Space>
                    </List.Item>
                  )}
                />
              </Section>
            )}
          </div>
        )
      }
    </LoadedView>
  );
}

function OverviewView({ campaignId }: { campaignId: string }) {
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
                    <Tag color={t.written ? 'success' : 'warning'}>
                      {t.written ? `已写 ${t.characters} 字` : '未撰写'}
                    </Tag>
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

/** 绩效自评: my to-do, the office's overview of who has and has not submitted, and each layer report. */
export default function CampaignsPage() {
  const { plan, can } = useSession();
  const { path, search } = useLocation();
  const match = /^\/campaigns\/([0-9a-f-]+)\/reports\/([0-9a-f-]+)/.exec(path);
  const list = useApi<CampaignSummaryView[]>(plan ? `/api/plans/${plan.planId}/campaigns` : null);
  if (!plan) return <NoPlan />;
  if (match) return <ReportPage campaignId={match[1]} reportId={match[2]} />;
  const office = can.officeOf(plan.planId);
  return (
    <div data-testid="page-campaigns">
      <LoadedView loaded={list}>
        {(campaigns) => {
          const current = campaigns.find((c) => c.campaignId === search.get('campaign')) ?? campaigns[0];
          if (!current)
            return <Empty description="尚未开展绩效自评。项目办开展自评后，这里会列出您要撰写的报告。" />;
          return (
            <>
              <PageHeader
                title={current.title}
                extra={
                  <Typography.Text type="secondary">
                    {current.periodStart} 至 {current.periodEnd} · 数据截至 {current.cutoff}
                  </Typography.Text>
                }
              />
              <Tabs
                defaultActiveKey={search.get('view') ?? 'todo'}
                items={[
                  {
                    key: 'todo',
                    label: '我的自评待办',
                    children: <TodoView campaignId={current.campaignId} />,
                  },
                  ...(office
                    ? [
                        {
                          key: 'overview',
                          label: '提交情况总览',
                          children: <OverviewView campaignId={current.campaignId} />,
                        },
                      ]
                    : []),
                ]}
              />
            </>
          );
        }}
      </LoadedView>
    </div>
  );
}
