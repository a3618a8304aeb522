import { Form, Select, Typography } from 'antd';
import type { ExpertReviewView, UserView } from '@sg/contracts';
import { useApi } from '../../api/use-api';
import { ActionForm } from '../../components/ActionForm';

/**
 * 邀请专家: an account holding this plan's 评审专家（校外） role, not yet invited. Listing accounts
 * is the administrator's (who also creates the expert's account); others are told so.
 */
export function InviteExpert({ review, onInvited }: { review: ExpertReviewView; onInvited: () => void }) {
  const users = useApi<UserView[]>('/api/users');
  if (users.error)
    return (
      <Typography.Text type="secondary">
        专家账号由管理员创建（角色「评审专家（校外）」），并由管理员在此邀请。
      </Typography.Text>
    );
  const candidates = (users.data ?? []).filter(
    (u) =>
      !u.disabled &&
      u.roles.some((g) => g.role === 'expert' && g.scope === `plan:${review.planId}`) &&
      !review.experts.some((e) => e.userId === u.userId),
  );
  return (
    <ActionForm<{ expertId: string }>
      path={`/api/expert-reviews/${review.reviewId}/experts`}
      testId="invite-expert"
      submitText="邀请专家"
      success="已邀请专家，其账号在有效期内可登录评审"
      onDone={onInvited}
    >
      <Form.Item name="expertId" label="专家账号" style={{ marginBottom: 8 }}>
        <Select
          style={{ maxWidth: 320 }}
          options={candidates.map((u) => ({ value: u.userId, label: u.displayName }))}
          notFoundContent="暂无可邀请的专家账号：请先创建持有本方案「评审专家（校外）」角色的账号"
        />
      </Form.Item>
    </ActionForm>
  );
}
