import { person } from '../user/standing.fixtures';
import type { IndicatorDefinition } from '../plan/plan';
import type { Standing } from '../user/standing';
import type { PlanFit, Stage, SubmissionCommand, SubmissionEvent } from './submission';

/** The chain, the plan and the people the submission specs share. */
export const content = {
  completion: '0.6',
  effectiveDate: '2021-12-31',
  narrative: '完成课程思政示范课建设',
};
export const chain: Stage[] = [
  {
    name: '项目负责人审核',
    rule: { kind: 'any' },
    reviewers: ['lead1', 'lead2'],
    eligible: { roles: ['project-lead'], users: [] },
  },
  {
    name: '项目办会签',
    rule: { kind: 'all' },
    reviewers: ['office1', 'office2'],
    eligible: { roles: [], users: ['office1', 'office2'] },
  },
  {
    name: '领导小组审定',
    rule: { kind: 'any' },
    reviewers: ['leader'],
    eligible: { roles: ['leadership'], users: [] },
  },
];
/** The command's clock, and the plan's period with the default tolerance. */
export const at = '2022-01-05T03:00:00.000Z';
export const dates = { startYear: 2019, endYear: 2023, today: '2022-01-05', toleranceDays: 31 };
export const indicator = (indicatorId: string, levelId: string): IndicatorDefinition => ({
  planId: 'p1',
  indicatorId,
  levelId,
  subcategory: 'quantity',
  group: { code: '1.1', name: '打造技术技能人才培养高地' },
  code: `1.1.1.${indicatorId}`,
  name: '思政课程建设项目',
  points: '2',
  target: { kind: 'numeric', comparator: '>=', value: '2', unit: '项' },
  rule: { kind: 'proportional' },
});
/** The task sits in 层面 school; the plan also has a group 层面 with an indicator of its own. */
export const plan: PlanFit = {
  levelId: 'school',
  levelIds: ['school', 'group', 'l1'],
  indicators: new Map([
    ['i1', indicator('i1', 'school')],
    ['i2', indicator('i2', 'group')],
  ]),
};
export const LEAD = 'project-lead@project:pr1';
/** Each person's account and grants as their stream says at the time of the command. */
export const GRANTS: Record<string, string[]> = {
  lead1: [LEAD],
  lead2: [LEAD],
  lead3: [LEAD],
  office1: [],
  office2: [],
  leader: ['leadership@*'],
  owner: [],
  auditor: ['auditor@*'],
  otherLead: ['project-lead@project:pr2'],
  nobody: [],
};
export const who = (userId: string, grants = GRANTS[userId] ?? []): Standing => person(userId, grants);
export const disabled = (userId: string): Standing => ({ ...who(userId), active: false });
export const unknown = (userId: string): Standing => ({ userId, exists: false, active: false, grants: [] });
export const submitted: SubmissionEvent = {
  type: 'Submitted',
  data: {
    submissionId: 's1',
    taskId: 't1',
    planId: 'p1',
    projectId: 'pr1',
    version: 1,
    submitter: 'owner',
    content,
    evidence: [],
    stages: chain,
  },
};
export const approve = (reviewer: string, standing = who(reviewer), when = at): SubmissionCommand => ({
  type: 'Approve',
  data: { submissionId: 's1', reviewer, standing, at: when },
});
export const reject = (
  reviewer: string,
  standing = who(reviewer),
  reason = '佐证材料不全',
): SubmissionCommand => ({
  type: 'Reject',
  data: { submissionId: 's1', reviewer, reason, standing, at },
});
export const transfer = (
  to: string,
  target = who(to),
  reviewer = 'lead1',
  standing = who(reviewer),
): SubmissionCommand => ({
  type: 'Transfer',
  data: { submissionId: 's1', reviewer, to, reason: '出差', standing, target },
});
export const comment = (author: string, standing = who(author)): SubmissionCommand => ({
  type: 'Comment',
  data: { submissionId: 's1', author, text: '请补充获奖证书', standing },
});
export const resubmit = (
  data: Partial<Extract<SubmissionCommand, { type: 'Submit' }>['data']> = {},
): SubmissionCommand => ({
  type: 'Submit',
  data: {
    submissionId: 's1',
    taskId: 't1',
    planId: 'p1',
    projectId: 'pr1',
    submitter: 'owner',
    content,
    evidence: [],
    stages: chain,
    standing: who('owner'),
    dates,
    plan,
    ...data,
  },
});
export const approved = (reviewer: string, stage: number): SubmissionEvent => ({
  type: 'StageApproved',
  data: { submissionId: 's1', version: 1, stage, reviewer },
});
export const completed = (stage: number): SubmissionEvent => ({
  type: 'StageCompleted',
  data: { submissionId: 's1', version: 1, stage },
});
