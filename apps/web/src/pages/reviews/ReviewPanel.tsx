import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Steps, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useAction } from '../../components/use-action';
import { usePlanLookups } from '../../api/lookups';
import type { DepartmentRef, SubmissionVersion, SubmissionView, TaskView, UserView } from '@sg/contracts';
import { RULE_NAMES } from '../../api/submissions';
import { useApi } from '../../api/use-api';
import { ActionError, ErrorAlert } from '../../components/ErrorAlert';
import { EvidenceList } from '../../components/Evidence';
import { LoadedView } from '../../components/Page';
import { SubmissionContentView } from '../../components/SubmissionContent';

type Action = 'approve' | 'reject' | 'transfer';
const ACTION_NAMES: Record<Action, string> = { approve: '通过', reject: '退回', transfer: '转办' };
/** One submission under review: its stages, its content and evidence, and 通过 / 退回 / 转办. */
export function ReviewPanel({ submission, onDone }: { submission: SubmissionView; onDone: () => void }) {
  const { message } = App.useApp();
  const versions = useApi<SubmissionVersion[]>(`/api/submissions/${submission.submissionId}/versions`);
  const task = useApi<TaskView>(`/api/tasks/${submission.taskId}`);
  const lookups = usePlanLookups(submission.planId);
  const [action, setAction] = useState<Action | null>(null);
  const { busy, error, run } = useAction();
  const [form] = Form.useForm<{ comment?: string; reason?: string; to?: string }>();

  const act = async (values: { comment?: string; reason?: string; to?: string }) => {
    if (!action) return;
    const body =
      action === 'approve'
        ? values.comment
          ? { comment: values.comment }
          : {}
        : action === 'reject'
          ? { reason: values.reason }
          : { to: values.to, reason: values.reason };
    await run(async () => {
      await api(`/api/submissions/${submission.submissionId}/${action}`, { method: 'POST', body });
      message.success(`已${ACTION_NAMES[action]}`);
      setAction(null);
      form.resetFields();
      onDone();
    });
  };

  const version = versions.data?.find((v) => v.version === submission.version);
  return (
    <Card
      size="small"
      data-testid="review-panel"
      title={task.data ? task.data.title : '提交详情'}
      extra={<Typography.Text type="secondary">第 {submission.version} 版</Typography.Text>}
    >
      <Steps
        size="small"
        current={submission.stage - 1}
        style={{ marginBottom: 16 }}
        items={submission.stages.map((s) => ({ title: s.name, description: RULE_NAMES[s.rule.kind] }))}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setAction('approve')} data-testid="approve">
          通过
        </Button>
        <Button danger onClick={() => setAction('reject')} data-testid="reject">
          退回
        </Button>
        <Button onClick={() => setAction('transfer')} data-testid="transfer">
          转办
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">
        提交于 {dayjs(submission.submittedAt).format('YYYY-MM-DD HH:mm')}，当前环节：{submission.stageName}
      </Typography.Paragraph>
      <LoadedView loaded={versions}>
        {() =>
          version ? (
            <>
              <SubmissionContentView
                content={version.content}
                indicatorName={lookups.indicatorName}
                levelName={lookups.levelName}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                佐证材料
              </Typography.Title>
              <EvidenceList files={version.evidence} open />
            </>
          ) : (
            <Alert type="warning" title="找不到该版本的内容，请刷新后重试。" />
          )
        }
      </LoadedView>
      <ActionError error={error} style={{ marginTop: 12 }} />
      <Modal
        open={action !== null}
        title={action ? `${ACTION_NAMES[action]}这次提交` : ''}
        okText={action ? `确认${ACTION_NAMES[action]}` : '确认'}
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setAction(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void act(v)} preserve={false}>
          {action === 'approve' && (
            <Form.Item label="审核意见（可选）" name="comment">
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          {action === 'transfer' && <TransferTarget submissionId={submission.submissionId} />}
          {(action === 'reject' || action === 'transfer') && (
            <Form.Item
              label={action === 'reject' ? '退回原因' : '转办原因'}
              name="reason"
              rules={[{ required: true, whitespace: true, message: '请写明原因' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} aria-label="原因" data-testid="reason-input" />
            </Form.Item>
          )}
        </Form>
        {error && <ErrorAlert error={error} />}
      </Modal>
    </Card>
  );
}

/** Only the people the stage could name for this task, active and not yet asked: what the API accepts. */
function TransferTarget({ submissionId }: { submissionId: string }) {
  const candidates = useApi<{
    items: (Pick<UserView, 'userId' | 'displayName'> & { department: DepartmentRef | null })[];
  }>(`/api/submissions/${submissionId}/transfer-candidates`);
  return (
    <Form.Item
      label="转办给"
      name="to"
      rules={[{ required: true, message: '请选择审核人' }]}
      extra={
        candidates.data?.items.length === 0
          ? '本环节没有其他可转办的审核人（须持有本环节可指定的角色）。'
          : undefined
      }
    >
      <Select
        loading={!candidates.data}
        showSearch={{ optionFilterProp: 'label' }}
        options={(candidates.data?.items ?? []).map((u) => ({
          value: u.userId,
          label: u.department ? `${u.displayName}（${u.department.name}）` : u.displayName,
        }))}
      />
    </Form.Item>
  );
}
