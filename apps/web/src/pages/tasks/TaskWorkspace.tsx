import { CameraOutlined, InboxOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tabs,
  Typography,
  Upload,
  type UploadFile,
  type UploadProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, asApiError, upload } from '../../api/client';
import { usePlanLookups } from '../../api/lookups';
import {
  EVIDENCE_EXTENSIONS,
  type CommandResult,
  type Limits,
  type SubmissionVersion,
  type SubmissionView,
  type TaskView,
} from '@sg/contracts';
import { fractionToPercent, megabytes, percentToFraction, sizeHint } from '../../api/submissions';
import { useApi } from '../../api/use-api';
import { ActionError, ErrorAlert } from '../../components/ErrorAlert';
import { LoadedView } from '../../components/Page';
import {
  indicatorValuesBody,
  indicatorValuesInput,
  IndicatorValuesList,
  type IndicatorValueInput,
} from './IndicatorValuesList';
import { History } from './SubmissionHistory';

interface FormValues {
  percent: number;
  effectiveDate: Dayjs;
  narrative: string;
  indicatorValues?: IndicatorValueInput[];
  achievements?: {
    levelId: string;
    title: string;
    tier: NonNullable<SubmissionView['content']['achievements']>[number]['tier'];
    attribution: string;
    awardedOn: Dayjs;
  }[];
}

const byTime = (a: SubmissionView, b: SubmissionView) => a.submittedAt.localeCompare(b.submittedAt);

/** One task: report progress with evidence, and every submission's history and rejection reasons. */
export function TaskWorkspace({ task, onChanged }: { task: TaskView; onChanged: () => void }) {
  const submissions = useApi<SubmissionView[]>(`/api/tasks/${task.taskId}/submissions`);
  const list = useMemo(() => [...(submissions.data ?? [])].sort(byTime), [submissions.data]);
  const latest = list[list.length - 1];
  const revisable =
    latest && (latest.status === 'rejected' || latest.status === 'withdrawn') ? latest : undefined;
  const [tab, setTab] = useState('report');

  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        {
          key: 'report',
          label: revisable ? '修改后重新提交' : '填报进展',
          children: submissions.data ? (
            <SubmissionForm
              key={`${latest?.submissionId ?? 'new'}:${latest?.version ?? 0}:${latest?.status ?? ''}`}
              task={task}
              revising={revisable}
              underReview={latest?.status === 'under-review' ? latest : undefined}
              onSubmitted={() => {
                submissions.reload();
                onChanged();
                setTab('history');
              }}
            />
          ) : (
            <LoadedView loaded={submissions}>{() => null}</LoadedView>
          ),
        },
        {
          key: 'history',
          label: `提交记录（${list.length}）`,
          children: (
            <LoadedView loaded={submissions}>
              {() => <History task={task} submissions={list} onChanged={submissions.reload} />}
            </LoadedView>
          ),
        },
      ]}
    />
  );
}

function SubmissionForm({
  task,
  revising,
  underReview,
  onSubmitted,
}: {
  task: TaskView;
  revising?: SubmissionView;
  underReview?: SubmissionView;
  onSubmitted: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const lookups = usePlanLookups(task.planId);
  const previous = useApi<SubmissionVersion[]>(
    revising ? `/api/submissions/${revising.submissionId}/versions` : null,
  );
  const maxBytes = useApi<Limits>('/api/limits').data?.evidenceMaxBytes; // the server's configured limit
  const [files, setFiles] = useState<UploadFile<CommandResult>[]>([]);
  const [refusedBeforeUpload, setRefusedBeforeUpload] = useState<string[]>([]);
  const [uploadErrors, setUploadErrors] = useState<{ name: string; error: ApiError }[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // A resubmission starts from what was last submitted: its content and its files.
  const lastVersion = previous.data?.[previous.data.length - 1];
  useEffect(() => {
    if (!revising || !lastVersion) return;
    const c = lastVersion.content;
    form.setFieldsValue({
      percent: fractionToPercent(c.completion),
      effectiveDate: dayjs(c.effectiveDate),
      narrative: c.narrative,
      indicatorValues: indicatorValuesInput(c.indicatorValues),
      achievements: c.achievements?.map((a) => ({ ...a, awardedOn: dayjs(a.awardedOn) })),
    });
    setFiles(
      lastVersion.evidence.map((e) => ({
        uid: e.evidenceId,
        name: e.name,
        status: 'done',
        response: { id: e.evidenceId },
      })),
    );
  }, [revising, lastVersion, form]);

  const submit = async (values: FormValues) => {
    setError(null);
    if (files.some((f) => f.status === 'uploading')) {
      setError(new ApiError(-1, 'uploading', '文件仍在上传', '请等待佐证材料上传完成后再提交。'));
      return;
    }
    const body = {
      completion: percentToFraction(values.percent),
      effectiveDate: values.effectiveDate.format('YYYY-MM-DD'),
      narrative: values.narrative,
      evidenceIds: files.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id),
      indicatorValues: indicatorValuesBody(values.indicatorValues, lookups.indicators),
      achievements: (values.achievements ?? []).map((a) => ({
        ...a,
        awardedOn: a.awardedOn.format('YYYY-MM-DD'),
      })),
    };
    setBusy(true);
    try {
      await api<CommandResult>(
        revising
          ? `/api/submissions/${revising.submissionId}/resubmit`
          : `/api/tasks/${task.taskId}/submissions`,
        { method: 'POST', body },
      );
      message.success(revising ? '已重新提交，等待审核' : '已提交，等待审核');
      onSubmitted();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {revising && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="rejection-banner"
          title={revising.status === 'rejected' ? '上次提交已被退回' : '上次提交已撤回'}
          description={
            revising.lastReason ? (
              <>
                退回原因：<strong data-testid="rejection-reason">{revising.lastReason}</strong>
                。请按意见修改后重新提交（将从第 1 级重新审核）。
              </>
            ) : (
              '修改后可重新提交（将从第 1 级重新审核）。'
            )
          }
        />
      )}
      {underReview && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`第 ${underReview.version} 版正在审核：${underReview.stageName}`}
          description="审核结束前再次提交会被拒绝；如需修改，可在“提交记录”中撤回。"
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ effectiveDate: dayjs(), percent: fractionToPercent(task.completion) }}
        onFinish={(v) => void submit(v)}
        data-testid="submission-form"
      >
        <Space wrap size="large">
          <Form.Item
            label="完成度（%）"
            name="percent"
            tooltip="截至进展日期，本任务完成了多少（不是本次新增）；超额完成可大于 100"
            rules={[{ required: true, message: '请填写完成度' }]}
          >
            <InputNumber
              min={0}
              max={500}
              step={1}
              precision={2}
              style={{ width: 160 }}
              aria-label="完成度"
            />
          </Form.Item>
          <Form.Item
            label="进展日期"
            name="effectiveDate"
            rules={[{ required: true, message: '请选择进展日期' }]}
          >
            <DatePicker aria-label="进展日期" />
          </Form.Item>
        </Space>
        <Form.Item
          label="建设成果及成效"
          name="narrative"
          rules={[{ required: true, whitespace: true, message: '请填写建设成果及成效' }]}
        >
          <Input.TextArea rows={5} maxLength={10000} showCount aria-label="建设成果及成效" />
        </Form.Item>

        <IndicatorValuesList indicators={lookups.indicators} />

        <Typography.Title level={5}>标志性成果</Typography.Title>
        <Form.List name="achievements">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="baseline">
                  <Form.Item
                    name={[field.name, 'title']}
                    rules={[{ required: true, message: '请填写成果名称' }]}
                  >
                    <Input placeholder="成果名称" style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'tier']} rules={[{ required: true, message: '请选择级别' }]}>
                    <Select
                      placeholder="级别"
                      style={{ width: 100 }}
                      options={[
                        { value: 'national', label: '国家级' },
                        { value: 'regional', label: '省级' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'levelId']}
                    rules={[{ required: true, message: '请选择层面' }]}
                  >
                    <Select
                      placeholder="层面"
                      style={{ width: 130 }}
                      options={lookups.levels.map((l) => ({ value: l.levelId, label: l.name }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'attribution']}
                    rules={[{ required: true, message: '请填写归属' }]}
                  >
                    <Input placeholder="归属（部门）" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'awardedOn']}
                    rules={[{ required: true, message: '请选择日期' }]}
                  >
                    <DatePicker placeholder="获得日期" />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                  添加标志性成果
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>佐证材料</Typography.Title>
        {(() => {
          // One pipeline for both ways in: the dragger (files) and the phone's camera (a photo).
          const shared = {
            fileList: files,
            beforeUpload: (file: File) => {
              const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
              const problem = !(EVIDENCE_EXTENSIONS as readonly string[]).includes(ext)
                ? `「${file.name}」的类型不受支持：请上传 PDF、PNG、JPEG 或 Office 文件（DOCX、XLSX、PPTX、DOC、XLS、PPT）。`
                : maxBytes !== undefined && file.size > maxBytes
                  ? `「${file.name}」超过 ${megabytes(maxBytes)}，请压缩或拆分后再上传。`
                  : file.size === 0
                    ? `「${file.name}」是空文件。`
                    : null;
              if (problem) {
                setRefusedBeforeUpload((list) => [...list, problem]);
                return Upload.LIST_IGNORE;
              }
              return true;
            },
            customRequest: ({
              file,
              onProgress,
              onSuccess,
              onError,
            }: Parameters<NonNullable<UploadProps<CommandResult>['customRequest']>>[0]) => {
              const f = file as File;
              upload<CommandResult>(`/api/tasks/${task.taskId}/evidence`, f, (percent) =>
                onProgress?.({ percent }),
              ).then(
                (result) => onSuccess?.(result),
                (e: unknown) => {
                  const failure = asApiError(e);
                  setUploadErrors((list) => [...list, { name: f.name, error: failure }]);
                  onError?.(failure);
                },
              );
            },
            onChange: ({ fileList }: { fileList: UploadFile<CommandResult>[] }) =>
              setFiles(fileList.map((f) => (f.status === 'error' ? { ...f, response: undefined } : f))),
          };
          return (
            <>
              <Upload.Dragger<CommandResult>
                multiple
                data-testid="evidence-dragger"
                accept={EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(',')}
                {...shared}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">点击或将文件拖到此处上传</p>
                <p className="ant-upload-hint">
                  支持 PDF、图片（PNG、JPEG）和 Office 文件{sizeHint(maxBytes)}
                </p>
              </Upload.Dragger>
              <Upload<CommandResult>
                accept="image/*"
                capture="environment"
                showUploadList={false}
                data-testid="evidence-camera"
                {...shared}
              >
                <Button icon={<CameraOutlined />} style={{ marginTop: 8 }}>
                  拍照上传
                </Button>
              </Upload>
            </>
          );
        })()}
        {refusedBeforeUpload.length > 0 && (
          <Alert
            style={{ marginTop: 8 }}
            type="error"
            showIcon
            closable={{ onClose: () => setRefusedBeforeUpload([]) }}
            data-testid="upload-refused"
            title="以下文件未上传"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {refusedBeforeUpload.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        {uploadErrors.map(({ name, error: e }, i) => (
          <div key={i} style={{ marginTop: 8 }} data-testid="upload-error">
            <Typography.Text strong>「{name}」上传失败：</Typography.Text>
            <ErrorAlert error={e} />
          </div>
        ))}

        <ActionError error={error} style={{ marginTop: 16 }} />
        <Button
          type="primary"
          htmlType="submit"
          loading={busy}
          style={{ marginTop: 16 }}
          data-testid="submit-progress"
        >
          {revising ? '重新提交' : '提交审核'}
        </Button>
      </Form>
    </>
  );
}
