import type { AmendmentHistoryItem, AmendmentPreview } from '@sg/contracts';
import { App, Button, Card, DatePicker, Input, List, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, asApiError, upload } from '../../api/client';
import { BriefErrorAlert } from '../../components/ErrorAlert';
import { FileDragger } from '../../components/FileDragger';
import { useAction } from '../../components/use-action';
import { useSession } from '../../session';

interface DiffRow {
  key: string;
  kind: string;
  before: string;
  after: string;
}

/** One row per change: what kind, before, after. */
function rowsOf(preview: AmendmentPreview): DiffRow[] {
  const year = (y: number | null) => (y === null ? '' : `（${y} 年度）`);
  return [
    ...preview.tasks.added.map((t, i) => ({
      key: `ta${i}`,
      kind: '新增任务',
      before: '',
      after: `${t.title}${year(t.year)}`,
    })),
    ...preview.tasks.removed.map((t) => ({
      key: `tr${t.taskId}`,
      kind: '撤销任务',
      before: `${t.title}${year(t.year)}`,
      after: '',
    })),
    ...preview.tasks.changed.map((t) => ({
      key: `tc${t.taskId}`,
      kind: `修改任务（${t.changedText}）`,
      before: `${t.before.title}${year(t.before.year)}`,
      after: `${t.after.title}${year(t.after.year)}`,
    })),
    ...preview.indicators.added.map((i) => ({
      key: `ia${i.code}`,
      kind: '新增指标',
      before: '',
      after: `${i.code} ${i.name} ${i.target}`,
    })),
    ...preview.indicators.removed.map((i) => ({
      key: `ir${i.indicatorId}`,
      kind: '撤销指标',
      before: `${i.code} ${i.name} ${i.target}`,
      after: '',
    })),
    ...preview.indicators.changed.map((i) => ({
      key: `ic${i.indicatorId}`,
      kind: `修改指标（${i.changedText}）`,
      before: `${i.code} ${i.before.name} ${i.before.target}`,
      after: `${i.code} ${i.after.name} ${i.after.target}`,
    })),
  ];
}

/** 任务调整: upload a revised 任务书, read the difference, propose it with a reason; another person of the office approves. */
export function AmendmentsPanel({ planId }: { planId: string }) {
  const { message } = App.useApp();
  const { me, plan } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<AmendmentPreview | null>(null);
  const [reason, setReason] = useState('');
  const [effectiveDate, setEffectiveDate] = useState<Dayjs | null>(null);
  const { busy, error, setError, run } = useAction();
  const [history, setHistory] = useState<AmendmentHistoryItem[]>([]);

  const load = useCallback(async () => {
    try {
      setHistory((await api<{ items: AmendmentHistoryItem[] }>(`/api/plans/${planId}/amendments`)).items);
    } catch (e) {
      setError(asApiError(e));
    }
  }, [planId, setError]);
  useEffect(() => {
    void load();
  }, [load]);

  const read = (chosen: File) =>
    run(async () => {
      setFile(chosen);
      setPreview(await upload<AmendmentPreview>(`/api/plans/${planId}/amendments/preview`, chosen, () => {}));
    });

  const propose = () =>
    run(async () => {
      if (!file) return;
      await upload(`/api/plans/${planId}/amendments`, file, () => {}, {
        reason,
        ...(effectiveDate ? { effectiveDate: effectiveDate.format('YYYY-MM-DD') } : {}),
      });
      message.success('已提出任务调整，待建设办另一位同事审核');
      setFile(null);
      setPreview(null);
      setReason('');
      setEffectiveDate(null);
      await load();
    });

  const decide = (amendmentId: string) =>
    run(async () => {
      await api(`/api/plans/${planId}/amendments/${amendmentId}/approve`, { method: 'POST' });
      message.success('任务调整已审核通过');
      await load();
    });

  const rows = preview ? rowsOf(preview) : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="amendments">
      <Card size="small" title="上传修订后的任务书">
        <Typography.Paragraph>
          上传修订后的建设任务书（DOCX、XLS、XLSX），系统与当前方案逐项比对，列出新增、撤销与修改的任务和指标。提出调整须写明原因并可选定生效日期（建设周期内），由建设办另一位同事审核通过后自生效日期起生效；此前日期的统计仍按原方案计算。
        </Typography.Paragraph>
        <FileDragger
          accept={['.docx', '.xls', '.xlsx']}
          text="点击或将修订后的任务书拖到此处"
          onFile={(chosen) => void read(chosen)}
        />
      </Card>
      {error && <BriefErrorAlert error={error} />}
      {preview && (
        <Card size="small" title="与当前方案的差异" data-testid="amendment-diff">
          <Typography.Paragraph>
            任务：新增 {preview.summary.tasks.added}、撤销 {preview.summary.tasks.removed}、修改{' '}
            {preview.summary.tasks.changed}
            、未变 {preview.summary.tasks.unchanged}；指标：新增 {preview.summary.indicators.added}、撤销{' '}
            {preview.summary.indicators.removed}、修改 {preview.summary.indicators.changed}、未变{' '}
            {preview.summary.indicators.unchanged}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 640 }}
            columns={[
              { title: '变化', dataIndex: 'kind', width: 160 },
              { title: '原方案', dataIndex: 'before' },
              { title: '修订后', dataIndex: 'after' },
            ]}
          />
          {rows.length > 0 && (
            <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
              <Input.TextArea
                aria-label="调整原因"
                placeholder="调整原因（例如上级批复的文号）"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={2000}
              />
              <DatePicker
                aria-label="生效日期"
                data-testid="amendment-effective-date"
                value={effectiveDate}
                onChange={setEffectiveDate}
                style={{ width: '100%' }}
                placeholder={
                  plan ? `生效日期（不选则为审核当日；建设周期已结束时为 ${plan.endYear}-12-31）` : '生效日期'
                }
                disabledDate={(d) => !!plan && (d.year() < plan.startYear || d.year() > plan.endYear)}
              />
              <Button
                type="primary"
                loading={busy}
                disabled={reason.trim() === ''}
                onClick={() => void propose()}
              >
                提出调整
              </Button>
            </Space>
          )}
        </Card>
      )}
      <Card size="small" title="调整记录">
        <List
          dataSource={history}
          locale={{ emptyText: '尚无任务调整' }}
          renderItem={(item) => (
            <List.Item
              data-testid="amendment-item"
              actions={
                item.status === 'proposed' && item.proposedBy !== me?.displayName
                  ? [
                      <Button
                        key="approve"
                        type="primary"
                        loading={busy}
                        onClick={() => void decide(item.amendmentId)}
                      >
                        审核通过
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    <Tag
                      color={
                        item.status === 'approved' ? 'green' : item.status === 'rejected' ? 'red' : 'gold'
                      }
                    >
                      {item.statusText}
                    </Tag>
                    {item.reason}
                  </Space>
                }
                description={
                  <>
                    <div>
                      {item.proposedBy} 于 {item.proposedAt} 提出（{item.fileName}）
                      {item.decidedBy && `；${item.decidedBy} 于 ${item.decidedAt} ${item.statusText}`}
                      {item.effectiveDate &&
                        (item.status === 'proposed'
                          ? `，拟自 ${item.effectiveDate} 起生效`
                          : item.status === 'approved'
                            ? `，自 ${item.effectiveDate} 起生效`
                            : '')}
                    </div>
                    <ul>
                      {item.changes.map((change) => (
                        <li key={change}>{change}</li>
                      ))}
                    </ul>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
