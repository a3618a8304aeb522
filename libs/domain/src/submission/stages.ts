import Decimal from 'decimal.js';
import { assertNever } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { StageEligibility } from './eligibility';
import type { Stage } from './messages';

const ROLE_LABELS: Record<StageEligibility['roles'][number], string> = {
  'project-lead': '项目负责人',
  reviewer: '审核人',
  office: '项目办',
  leadership: '领导小组',
};

export function describeEligibility(stage: Stage): string {
  if (!stage.eligible) return '任一审核角色';
  const parts = stage.eligible.roles.map((role) => ROLE_LABELS[role]);
  if (stage.eligible.users.length > 0) parts.push('指定人员');
  return parts.join('、') || '无';
}

/** How many approvals a stage needs. */
export function approvalsNeeded(stage: Stage): number {
  switch (stage.rule.kind) {
    case 'any':
      return 1;
    case 'all':
      return stage.reviewers.length;
    case 'share':
      return Math.max(1, new Decimal(stage.rule.share).times(stage.reviewers.length).ceil().toNumber());
    default:
      return assertNever(stage.rule);
  }
}

/** The stages of a new version: each with a reviewer other than the submitter. */
export function requireStages(stages: Stage[], submitter: string): Stage[] {
  if (stages.length === 0)
    throw new DomainError('conflict', 'no-approval-chain', '该任务尚未配置审核流程，请联系项目办。');
  return stages.map((stage, i) => {
    const reviewers = [...new Set(stage.reviewers)].filter((r) => r !== submitter);
    if (reviewers.length === 0) {
      throw new DomainError(
        'conflict',
        'stage-without-reviewers',
        `审核流程第 ${i + 1} 级「${stage.name}」没有可用的审核人（提交人不能审核自己的提交）。`,
      );
    }
    if (stage.rule.kind === 'share') {
      const share = new Decimal(stage.rule.share);
      if (share.lte(0) || share.gt(1))
        throw new DomainError('invalid', 'invalid-share', '按比例会签的比例应大于 0 且不超过 1。');
    }
    return { ...stage, reviewers };
  });
}
