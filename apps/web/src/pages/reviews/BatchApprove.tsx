import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { api } from '../../api/client';
import { useAction } from '../../components/use-action';
import type { BatchApprovalResult } from '@sg/contracts';
import { ErrorAlert } from '../../components/ErrorAlert';

/** One reason for all: each item is still decided on its own, and the answer says which were not. */
export function BatchApprove({
  open,
  submissionIds,
  onClose,
  onDone,
}: {
  open: boolean;
  submissionIds: string[];
  onClose: () => void;
  onDone: (result: BatchApprovalResult) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, run } = useAction();
  const send = ({ reason }: { reason: string }) =>
    run(async () => {
      onDone(
        await api<BatchApprovalResult>('/api/reviews/batch-approve', {
          method: 'POST',
          body: { submissionIds, reason },
        }),
      );
    });
  return (
    <Modal
      open={open}
      title={`批量通过 ${submissionIds.length} 条提交`}
      okText="确认通过"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        仅限或签环节；每条按您当前的审核权限分别核验，未能通过的会逐条说明，不影响其他各条。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void send(v)} preserve={false}>
        <Form.Item
          label="审核意见（统一理由）"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请写明理由' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="batch-reason" />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={error} />}
    </Modal>
  );
}

/** What a batch approval did: how many passed, and why each refused one was refused. */
export function BatchResult({
  result,
  onClose,
}: {
  result: BatchApprovalResult | null;
  onClose: () => void;
}) {
  return (
    <Modal
      open={result !== null}
      title="批量通过的结果"
      footer={<Button onClick={onClose}>关闭</Button>}
      onCancel={onClose}
    >
      {result && (
        <div data-testid="batch-result">
          <Typography.Paragraph>
            已通过 {result.approved} 条，未通过 {result.refused} 条。
          </Typography.Paragraph>
          {result.items
            .filter((i) => i.outcome === 'refused')
            .map((i) => (
              <Alert
                key={i.submissionId}
                type="warning"
                style={{ marginBottom: 8 }}
                title={i.title}
                description={i.detail}
              />
            ))}
        </div>
      )}
    </Modal>
  );
}
