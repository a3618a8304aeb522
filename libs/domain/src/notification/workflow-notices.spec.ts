import type { SubmissionContent, SubmissionEvent } from '../submission/submission';
import {
  evolveWorkflowSubmission,
  initialWorkflowSubmission,
  workflowNotices,
  type WorkflowNotice,
} from './workflow-notices';

const content: SubmissionContent = {
  completion: '0.6',
  effectiveDate: '2026-11-01',
  narrative: '完成课程建设',
};
const submitted: SubmissionEvent = {
  type: 'Submitted',
  data: {
    submissionId: 's1',
    taskId: 't1',
    planId: 'p1',
    version: 1,
    submitter: 'owner',
    content,
    evidence: [],
    stages: [
      { name: '项目负责人审核', rule: { kind: 'any' }, reviewers: ['lead1', 'lead2'] },
      { name: '项目办审核', rule: { kind: 'any' }, reviewers: ['office1'] },
    ],
  },
};
const approved = (reviewer: string, stage: number): SubmissionEvent => ({
  type: 'StageApproved',
  data: { submissionId: 's1', version: 1, stage, reviewer },
});
const completed = (stage: number): SubmissionEvent => ({
  type: 'StageCompleted',
  data: { submissionId: 's1', version: 1, stage },
});
const names: Record<string, string> = {
  owner: '张老师',
  lead1: '李负责人',
  lead3: '王老师',
  office1: '赵科长',
};
const lookups = {
  taskTitle: (id: string) => (id === 't1' ? '课程思政示范课' : undefined),
  displayName: (id: string) => names[id],
};

/** given the submission's events (each at its revision), when the next one is read, then these notices. */
const given = (history: SubmissionEvent[]) => ({
  when: (event: SubmissionEvent) => ({
    then: (expected: Partial<WorkflowNotice>[]) => {
      const state = history.reduce(evolveWorkflowSubmission, initialWorkflowSubmission());
      const notices = workflowNotices(state, event, history.length, lookups);
      expect(notices).toEqual(expected.map((n) => expect.objectContaining(n) as unknown));
      return notices;
    },
  }),
});

describe('workflow notices', () => {
  it('asks the first stage’s reviewers to review a new submission', () => {
    const [notice] = given([])
      .when(submitted)
      .then([
        {
          key: 'review-requested:s1:v1:s1:r0',
          rule: 'review-requested',
          planId: 'p1',
          subjectId: 's1',
          recipients: ['lead1', 'lead2'],
          title: '待审核：课程思政示范课',
          link: '/reviews?submission=s1',
        },
      ]);
    expect(notice.body).toBe(
      '张老师 提交了「课程思政示范课」的第 1 版进展（完成度 60%），请在「项目负责人审核」环节审核（提交人：张老师）。',
    );
  });

  it('asks the next stage’s reviewers when a stage completes, and no one while a stage still waits', () => {
    given([submitted]).when(approved('lead1', 0)).then([]);
    given([submitted, approved('lead1', 0)])
      .when(completed(0))
      .then([{ key: 'review-requested:s1:v1:s2:r2', recipients: ['office1'] }]);
    // The last stage completing asks no one: the approval that follows tells the submitter.
    given([submitted, approved('lead1', 0), completed(0), approved('office1', 1)])
      .when(completed(1))
      .then([]);
  });

  it('tells the submitter of the final approval', () => {
    given([submitted, approved('lead1', 0), completed(0), approved('office1', 1), completed(1)])
      .when({ type: 'SubmissionApproved', data: { submissionId: 's1', version: 1, taskId: 't1', content } })
      .then([
        {
          key: 'submission-approved:s1:v1:s2:r5',
          rule: 'submission-approved',
          recipients: ['owner'],
          title: '审核通过：课程思政示范课',
          body: '您就「课程思政示范课」提交的第 1 版已通过全部审核，完成度 60% 已记入任务进展。',
          link: '/tasks?task=t1',
        },
      ]);
  });

  it('tells the submitter who sent it back, at which stage, and why', () => {
    given([submitted])
      .when({
        type: 'SubmissionRejected',
        data: { submissionId: 's1', version: 1, stage: 0, reviewer: 'lead1', reason: '佐证材料不全' },
      })
      .then([
        {
          key: 'submission-returned:s1:v1:s1:r1',
          recipients: ['owner'],
          title: '提交被退回：课程思政示范课',
          body: '您就「课程思政示范课」提交的第 1 版在「项目负责人审核」环节被 李负责人 退回，原因：佐证材料不全。请修改后重新提交。',
        },
      ]);
  });

  it('tells the new reviewer and the submitter of a transfer; the new reviewer is then asked at the next stage change', () => {
    const transferred: SubmissionEvent = {
      type: 'ReviewTransferred',
      data: { submissionId: 's1', version: 1, stage: 0, from: 'lead2', to: 'lead3', reason: '出差' },
    };
    given([submitted])
      .when(transferred)
      .then([
        { rule: 'review-transferred', recipients: ['lead3'], key: 'review-transferred:s1:v1:s1:r1' },
        {
          rule: 'submission-transferred',
          recipients: ['owner'],
          body: '您就「课程思政示范课」提交的第 1 版在「项目负责人审核」环节改由 王老师 审核（lead2 转办，原因：出差）。',
        },
      ]);
    given([submitted, transferred])
      .when({ type: 'ApprovalsReset', data: { submissionId: 's1', version: 1 } })
      .then([
        { rule: 'review-requested', recipients: ['lead1', 'lead3'], key: 'review-requested:s1:v1:s1:r2' },
      ]);
  });

  it('tells the reviewers still waiting that a submission was withdrawn', () => {
    given([submitted, approved('lead1', 0), completed(0)])
      .when({ type: 'SubmissionWithdrawn', data: { submissionId: 's1', version: 1 } })
      .then([{ rule: 'review-withdrawn', recipients: ['office1'], title: '提交已撤回：课程思政示范课' }]);
  });

  it('gives a resubmitted version keys of its own, and the same event always the same key', () => {
    const rejected: SubmissionEvent = {
      type: 'SubmissionRejected',
      data: { submissionId: 's1', version: 1, stage: 0, reviewer: 'lead1', reason: '补充材料' },
    };
    const again: SubmissionEvent = { ...submitted, data: { ...submitted.data, version: 2 } };
    const first = given([submitted, rejected])
      .when(again)
      .then([{ key: 'review-requested:s1:v2:s1:r2' }]);
    const replayed = given([submitted, rejected])
      .when(again)
      .then([{ key: 'review-requested:s1:v2:s1:r2' }]);
    expect(replayed).toEqual(first);
  });

  it('says nothing for comments, approvals that do not complete a stage, evidence changes and refusals', () => {
    given([submitted])
      .when({
        type: 'CommentAdded',
        data: { submissionId: 's1', version: 1, author: 'lead1', text: '请补充' },
      })
      .then([]);
    given([submitted])
      .when({ type: 'EvidenceChanged', data: { submissionId: 's1', version: 1, by: 'owner', evidence: [] } })
      .then([]);
    given([submitted])
      .when({
        type: 'ApprovalRefused',
        data: { submissionId: 's1', version: 1, reviewer: 'owner', reason: 'own-submission' },
      })
      .then([]);
  });
});
