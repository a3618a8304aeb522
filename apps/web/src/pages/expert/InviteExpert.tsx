import { Form, Select, Typography } from 'antd';
import type { ExpertCandidates, ExpertReviewView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';

/**
 * 邀请专家: an account holding this plan's 评审专家（校外） role, not yet invited. The plan's
 * office and the administrator invite; the administrator creates the accounts.
 */
export function InviteExpert({ review, onInvited }: { review: ExpertReviewView; onInvited: () => void }) {
  const candidates = useApi<ExpertCandidates>(`/api/expert-reviews/${review.reviewId}/candidates`);
  if (candidates.error)
    return <Typography.Text type="secondary">专家由本方案的项目办或管理员邀请。</Typography.Text>;
  return (
    <ActionForm<{ expertId: string }>
      path={`/api/expert-reviews/${review.reviewId}/experts`}
      testId="invite-expert"
      submitText="邀请专家"
      success="已邀请专家，其账号在有效期内可登录评审"
      onDone={() => {
        candidates.reload();
        onInvited();
      }}
    >
      <Form.Item name="expertId" label="专家账号" style={{ marginBottom: 8 }}>
        <Select
          style={{ maxWidth: 320 }}
          loading={candidates.loading}
          options={(candidates.data?.items ?? []).map((u) => ({ value: u.userId, label: u.name }))}
          notFoundContent="暂无可邀请的专家账号：请管理员先创建持有本方案「评审专家（校外）」角色的账号"
        />
      </Form.Item>
    </ActionForm>
  );
}
