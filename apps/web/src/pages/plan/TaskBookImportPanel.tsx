import type {
  TaskBookConfirmResult,
  TaskBookFinding,
  TaskBookFundSource,
  TaskBookPreviewView,
} from '@sg/contracts';
import { Alert, App, Button, Card, Descriptions, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { upload } from '../../api/client';
import { BriefErrorAlert } from '../../components/ErrorAlert';
import { FileDragger } from '../../components/FileDragger';
import { useAction } from '../../components/use-action';
import { usePlanImport } from './use-plan-import';

const PREVIEW = '/api/plan-imports/task-book/preview';
const CONFIRM = '/api/plan-imports/task-book/confirm';
const ACCEPTED = ['.docx', '.xls', '.xlsx'];
const PAGE_SIZE = 20;

const SOURCES: [TaskBookFundSource | 'all', string][] = [
  ['central', '中央财政'],
  ['local', '地方财政'],
  ['sponsor', '举办方'],
  ['industry', '行业企业'],
  ['school', '学校自筹'],
  ['all', '合计'],
];

function partName(part: TaskBookPreviewView['parts'][number]): string {
  return part.name ? `${part.title}：${part.name}` : part.title;
}

/** The full list of one kind of finding, a page at a time, read again from the same file. */
function FindingsDialog({
  file,
  kind,
  label,
  onClose,
}: {
  file: File;
  kind: string;
  label: string;
  onClose: () => void;
}) {
  const [page, setPage] = useState<{ total: number; items: TaskBookFinding[]; current: number } | null>(null);
  const { busy: loading, error, run } = useAction();
  const load = (current: number) =>
    run(async () => {
      const query = `?findings=${encodeURIComponent(kind)}&offset=${(current - 1) * PAGE_SIZE}&limit=${PAGE_SIZE}`;
      const preview = await upload<TaskBookPreviewView>(`${PREVIEW}${query}`, file, () => {});
      setPage({ total: preview.findings?.total ?? 0, items: preview.findings?.items ?? [], current });
    });
  useEffect(() => {
    void load(1);
    // The first page once, when the dialog opens; later pages on request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Modal open title={`全部「${label}」`} footer={null} onCancel={onClose} width={820}>
      {error && <Alert type="error" showIcon title={error.title} description={error.detail} />}
      <Table
        size="small"
        rowKey={(f) => `${f.ref}:${f.message}`}
        loading={loading}
        data-testid="task-book-findings-all"
        dataSource={page?.items ?? []}
        scroll={{ x: 600 }}
        pagination={{
          current: page?.current ?? 1,
          pageSize: PAGE_SIZE,
          total: page?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 处`,
          onChange: (current) => void load(current),
        }}
        columns={[
          { title: '位置', dataIndex: 'ref', width: 200 },
          { title: '问题', dataIndex: 'message' },
          { title: '原文', dataIndex: 'text', width: 220, render: (t?: string) => t ?? '' },
        ]}
      />
    </Modal>
  );
}

/** What the 任务书 holds, part by part, for the office to check before confirming. */
function PreviewView({ file, preview }: { file: File; preview: TaskBookPreviewView }) {
  const [listing, setListing] = useState<{ kind: string; label: string } | null>(null);
  const r = preview.recognised;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="task-book-preview">
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label="学校">{preview.school ?? '（未写明）'}</Descriptions.Item>
        <Descriptions.Item label="文件类型">{preview.format.toUpperCase()}</Descriptions.Item>
        <Descriptions.Item label="识别的部分">{r.parts}</Descriptions.Item>
        <Descriptions.Item label="识别的表格">{r.tables}</Descriptions.Item>
        <Descriptions.Item label="二级任务">{r.tasks}</Descriptions.Item>
        <Descriptions.Item label="年度任务">{r.yearlyTasks}</Descriptions.Item>
        <Descriptions.Item label="绩效指标">{r.indicators}</Descriptions.Item>
        <Descriptions.Item label="预算行">{r.budgetLines}</Descriptions.Item>
      </Descriptions>
      {preview.parts.map((part, index) => (
        <Card key={`${part.title}:${index}`} size="small" title={partName(part)} data-testid="task-book-part">
          <Typography.Paragraph data-testid="task-book-part-counts">
            一级任务 {part.tasks.level1} 项，二级任务 {part.tasks.level2} 项，年度任务 {part.tasks.yearly}{' '}
            项（
            {part.tasks.byYear.map((y) => `${y.label} ${y.count} 项`).join('，')}）；绩效指标{' '}
            {part.indicators.total} 项（
            {part.indicators.byLevel1.map((l) => `${l.code} ${l.name} ${l.count} 项`).join('，')}）。
          </Typography.Paragraph>
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            {part.tables.map((t) => (
              <Tag key={`${t.kind}:${t.ref}`} title={t.heading}>
                {t.label}（{t.ref}）
              </Tag>
            ))}
          </Space>
          {part.budgets.length > 0 && (
            <Table
              size="small"
              rowKey={(b) => `${b.kind}:${b.year ?? ''}:${b.heading}`}
              pagination={false}
              scroll={{ x: 760 }}
              dataSource={part.budgets}
              columns={[
                {
                  title: '预算表（万元）',
                  width: 180,
                  render: (_, b) => (b.kind === 'total' ? '项目总预算' : `${b.year ?? ''} 年度预算`),
                },
                { title: '行数', dataIndex: 'lines', width: 60 },
                ...SOURCES.map(([source, label]) => ({
                  title: label,
                  width: 100,
                  render: (_: unknown, b: TaskBookPreviewView['parts'][number]['budgets'][number]) => {
                    const printed = b.printedTotal?.[source];
                    const differs = printed !== undefined && Number(printed) !== Number(b.totals[source]);
                    return differs ? (
                      <span title={`表中合计为 ${printed}`}>
                        {b.totals[source]} <Tag color="warning">表中 {printed}</Tag>
                      </span>
                    ) : (
                      b.totals[source]
                    );
                  },
                })),
              ]}
            />
          )}
        </Card>
      ))}
      <Card size="small" title={`未识别或需要核对的内容（共 ${preview.notRecognised.total} 处）`}>
        {preview.notRecognised.kinds.length === 0 ? (
          <Typography.Text type="secondary">全部内容均已识别。</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="kind"
            pagination={false}
            data-testid="task-book-findings"
            dataSource={preview.notRecognised.kinds}
            scroll={{ x: 640 }}
            columns={[
              { title: '类别', dataIndex: 'label', width: 200 },
              { title: '处数', dataIndex: 'count', width: 60 },
              {
                title: '示例（位置与原文）',
                render: (_, k) => (
                  <Space orientation="vertical" size={0}>
                    {k.examples.map((f, i) => (
                      <Typography.Text key={i}>
                        <Typography.Text type="secondary">{f.ref}</Typography.Text> {f.message}
                        {f.text ? `「${f.text.length > 60 ? `${f.text.slice(0, 60)}…` : f.text}」` : ''}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
              {
                title: '',
                width: 90,
                render: (_, k) => (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setListing({ kind: k.kind, label: k.label })}
                  >
                    查看全部
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      {listing && (
        <FindingsDialog
          file={file}
          kind={listing.kind}
          label={listing.label}
          onClose={() => setListing(null)}
        />
      )}
    </Space>
  );
}

/** 导入建设任务书（教育部模板）: upload, read the preview, confirm; the same file is sent both times. */
export function TaskBookImportPanel() {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<TaskBookPreviewView | null>(null);
  const [result, setResult] = useState<TaskBookConfirmResult | null>(null);
  const { busy, error, setError, progress, setProgress, withProgress: run, created } = usePlanImport();

  const read = (chosen: File) =>
    run(async () => {
      setFile(chosen);
      setPreview(null);
      setResult(null);
      setPreview(await upload<TaskBookPreviewView>(PREVIEW, chosen, setProgress));
    });

  const confirm = () =>
    run(async () => {
      if (!file) return;
      const done = await upload<TaskBookConfirmResult>(CONFIRM, file, setProgress);
      setResult(done);
      setPreview(null);
      setFile(null);
      await created(done.id);
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="task-book-import">
      <Card size="small" title="导入建设任务书（教育部模板）">
        <Typography.Paragraph>
          上传国家双高计划项目管理系统导出的建设任务书（DOCX、XLS 或
          XLSX）。系统按标题识别学校与各专业群的六张表，先显示识别结果，确认后才新建建设方案。任务负责人与分值不在任务书中，导入后在「方案结构」中批量指定。
        </Typography.Paragraph>
        <FileDragger
          accept={ACCEPTED}
          text="点击或将建设任务书拖到此处"
          disabled={busy}
          testId="task-book-dragger"
          onFile={(chosen) => void read(chosen)}
          onRefused={(chosen) => {
            setError(null);
            message.error(`「${chosen.name}」不是 DOCX、XLS 或 XLSX 文件。`);
          }}
        />
        {progress !== null && <Progress percent={progress} status="active" />}
      </Card>
      {error && <BriefErrorAlert error={error} testId="task-book-error" />}
      {result && (
        <Alert
          type="success"
          showIcon
          data-testid="task-book-result"
          title="导入成功，已切换到新的建设方案"
          description={`新建层面 ${result.levels} 个、项目 ${result.projects} 个、年度任务 ${result.tasks} 项、绩效指标 ${result.indicators} 项、预算表 ${result.budgets} 张；${result.findings.total} 处内容未读取或需核对。任务负责人均为「未分配」。`}
        />
      )}
      {file && preview && (
        <>
          <PreviewView file={file} preview={preview} />
          <Space>
            <Button type="primary" loading={busy} onClick={() => void confirm()}>
              确认导入
            </Button>
            <Button
              disabled={busy}
              onClick={() => {
                setFile(null);
                setPreview(null);
              }}
            >
              取消
            </Button>
          </Space>
        </>
      )}
    </Space>
  );
}
