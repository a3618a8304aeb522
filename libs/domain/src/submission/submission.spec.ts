import { deciderSpec } from '@sg/testing';
import { fold } from '../shared/decider';
import {
  approvalsNeeded,
  submissionDecider,
  type SubmissionCommand,
  type SubmissionEvent,
} from './submission';
import {
  content,
  chain,
  at,
  who,
  disabled,
  unknown,
  submitted,
  approve,
  reject,
  transfer,
  comment,
  resubmit,
  approved,
  completed,
} from './submission.fixtures';

const spec = deciderSpec(submissionDecider);
const onSubmitted = spec.given([submitted]);
const batchApprove = (reviewer: string, standing = who(reviewer)): SubmissionCommand => ({
  type: 'Approve',
  data: { submissionId: 's1', reviewer, standing, at, batch: true },
});

describe('submission review', () => {
  describe('the facts reported fit the plan as it is when submitted', () => {
    const reporting = (extra: Partial<typeof content> & Record<string, unknown>) =>
      resubmit({ content: { ...content, ...extra } });
    const value = (indicatorId: string, actual = '3') => ({
      indicatorId,
      actual: { kind: 'numeric' as const, value: actual },
      effectiveDate: '2021-12-31',
    });

    it("takes a value of an indicator of the task's 层面", () => {
      const [event] = submissionDecider.decide(
        reporting({ indicatorValues: [value('i1')] }),
        submissionDecider.initialState(),
      );
      expect(event.type).toBe('Submitted');
    });

    const manual = {
      indicatorId: 'i1',
      actual: { kind: 'manual' as const, deductions: [] },
      effectiveDate: '2021-12-31',
    };
    const achievement = {
      levelId: 'nowhere',
      title: '国家级教学成果奖',
      tier: 'national' as const,
      attribution: '学校',
      awardedOn: '2021-09-01',
    };
    it.each([
      ['an indicator of another 层面', { indicatorValues: [value('i2')] }, 'indicator-not-of-level'],
      [
        'an indicator the plan does not define',
        { indicatorValues: [value('gone')] },
        'indicator-not-of-level',
      ],
      ['a value the indicator cannot take', { indicatorValues: [manual] }, 'actual-mismatch'],
      ['an achievement of a 层面 the plan does not have', { achievements: [achievement] }, 'level-not-found'],
    ])('refuses %s', (_case, facts, code) => {
      spec.given([]).when(reporting(facts)).thenThrows(code);
    });
  });

  it('completes an 或签 stage with any one reviewer', () => {
    onSubmitted.when(approve('lead2')).then([approved('lead2', 0), completed(0)]);
  });

  it('completes a 会签 stage only when all have approved', () => {
    spec
      .given([submitted, approved('lead1', 0), completed(0)])
      .when(approve('office1'))
      .then([approved('office1', 1)]);
    spec
      .given([submitted, approved('lead1', 0), completed(0), approved('office1', 1)])
      .when(approve('office2'))
      .then([approved('office2', 1), completed(1)]);
  });

  it('approves the submission at the last stage, carrying its content as submitted', () => {
    spec
      .given([
        submitted,
        approved('lead1', 0),
        completed(0),
        approved('office1', 1),
        approved('office2', 1),
        completed(1),
      ])
      .when(approve('leader'))
      .then([
        approved('leader', 2),
        completed(2),
        { type: 'SubmissionApproved', data: { submissionId: 's1', version: 1, taskId: 't1', content } },
      ]);
  });

  it('records, and refuses, an attempt to approve one’s own submission', () => {
    onSubmitted.when(approve('owner')).then([
      {
        type: 'ApprovalRefused',
        data: { submissionId: 's1', version: 1, reviewer: 'owner', reason: 'own-submission', at },
      },
    ]);
  });

  it('approves a 或签 stage as one item of a batch, as it would alone', () => {
    onSubmitted.when(batchApprove('lead1')).then([approved('lead1', 0), completed(0)]);
  });

  it('refuses a batch approval at a 会签 stage, and one of one’s own submission without recording it', () => {
    spec
      .given([submitted, approved('lead1', 0), completed(0)])
      .when(batchApprove('office1'))
      .thenThrows('batch-needs-any-stage');
    onSubmitted.when(batchApprove('owner')).thenThrows('own-submission');
  });

  it('re-checks the grants of a batch item: a revoked lead is refused', () => {
    onSubmitted.when(batchApprove('lead1', who('lead1', []))).thenThrows('reviewer-no-longer-entitled');
  });

  it('refuses someone who is not a reviewer of the current stage', () => {
    onSubmitted.when(approve('office1')).thenThrows('not-a-reviewer');
  });

  it('needs a reason to send back, and a rejected version is revised and resubmitted', () => {
    onSubmitted.when(reject('lead1', who('lead1'), ' ')).thenThrows('invalid-text');
    const rejected: SubmissionEvent = {
      type: 'SubmissionRejected',
      data: { submissionId: 's1', version: 1, stage: 0, reviewer: 'lead1', reason: '佐证材料不全' },
    };
    const state = fold(submissionDecider, [submitted, rejected]);
    expect(state.status).toBe('rejected');
    const [resubmitted] = submissionDecider.decide(
      resubmit({ content: { ...content, completion: '0.7' } }),
      state,
    );
    expect(resubmitted).toMatchObject({
      type: 'Submitted',
      data: { version: 2, content: { completion: '0.7' } },
    });
  });

  it('lets the submitter withdraw until the next stage has acted', () => {
    const afterFirst = [submitted, approved('lead1', 0), completed(0)];
    spec
      .given(afterFirst)
      .when({ type: 'Withdraw', data: { submissionId: 's1', by: 'owner', standing: who('owner') } })
      .then([{ type: 'SubmissionWithdrawn', data: { submissionId: 's1', version: 1 } }]);
    spec
      .given([...afterFirst, approved('office1', 1)])
      .when({ type: 'Withdraw', data: { submissionId: 's1', by: 'owner', standing: who('owner') } })
      .thenThrows('stage-has-acted');
  });

  it('resets approvals when the evidence under review changes', () => {
    const evidence = [{ evidenceId: 'e2', sha256: 'f'.repeat(64), name: '新证书.pdf' }];
    spec
      .given([submitted, approved('lead1', 0), completed(0)])
      .when({
        type: 'ChangeEvidence',
        data: { submissionId: 's1', by: 'owner', evidence, standing: who('owner') },
      })
      .then([
        { type: 'EvidenceChanged', data: { submissionId: 's1', version: 1, by: 'owner', evidence } },
        { type: 'ApprovalsReset', data: { submissionId: 's1', version: 1 } },
      ]);
  });

  it('transfers a review to another person, never to the submitter', () => {
    onSubmitted.when(transfer('lead3')).then([
      {
        type: 'ReviewTransferred',
        data: { submissionId: 's1', version: 1, stage: 0, from: 'lead1', to: 'lead3', reason: '出差' },
      },
    ]);
    onSubmitted.when(transfer('owner')).thenThrows('own-submission');
  });

  it('lets a reviewer act only while they still hold a role the stage names, on their own stream', () => {
    const revoked = who('lead1', []);
    onSubmitted.when(approve('lead1', revoked)).thenThrows('reviewer-no-longer-entitled');
    onSubmitted.when(reject('lead1', revoked)).thenThrows('reviewer-no-longer-entitled');
    onSubmitted
      .when(transfer('lead3', who('lead3'), 'lead1', revoked))
      .thenThrows('reviewer-no-longer-entitled');
    onSubmitted.when(approve('lead1', disabled('lead1'))).thenThrows('reviewer-no-longer-entitled');
    // A lead of another project is not a lead of this one.
    onSubmitted
      .when(approve('lead1', who('lead1', ['project-lead@project:pr2'])))
      .thenThrows('reviewer-no-longer-entitled');
    // Named by name: an active account suffices, an auditor grant never does.
    const afterFirst = [submitted, approved('lead1', 0), completed(0)];
    spec
      .given(afterFirst)
      .when(approve('office1'))
      .then([approved('office1', 1)]);
    spec
      .given(afterFirst)
      .when(approve('office1', who('office1', ['auditor@*'])))
      .thenThrows('reviewer-no-longer-entitled');
  });

  it('transfers only to an active user who holds, now, a role the stage names for this task', () => {
    onSubmitted.when(transfer('nobody')).thenThrows('transfer-target-not-eligible');
    onSubmitted.when(transfer('auditor')).thenThrows('transfer-target-not-eligible');
    onSubmitted.when(transfer('otherLead')).thenThrows('transfer-target-not-eligible');
    onSubmitted.when(transfer('leader')).thenThrows('transfer-target-not-eligible');
    onSubmitted.when(transfer('lead3', disabled('lead3'))).thenThrows('transfer-target-disabled');
    onSubmitted.when(transfer('ghost', unknown('ghost'))).thenThrows('transfer-target-not-found');
    // A standing for someone else than `to` is a handler bug, never a pass.
    onSubmitted.when(transfer('ghost', who('lead3'))).thenThrows('transfer-target-not-found');
  });

  it('takes comments from the submitter and from those entitled to review now, never from an auditor', () => {
    const added = (author: string): SubmissionEvent => ({
      type: 'CommentAdded',
      data: { submissionId: 's1', version: 1, author, text: '请补充获奖证书' },
    });
    onSubmitted.when(comment('owner')).then([added('owner')]);
    onSubmitted.when(comment('lead2')).then([added('lead2')]);
    // The chain names leadership at its last stage: a leader may comment on it…
    onSubmitted.when(comment('leader')).then([added('leader')]);
    // …but not on one whose chain does not name them.
    const noLeaders = {
      ...submitted,
      data: { ...submitted.data, stages: chain.slice(0, 2) },
    } as SubmissionEvent;
    spec.given([noLeaders]).when(comment('leader')).thenThrows('may-not-comment');
    onSubmitted.when(comment('auditor')).thenThrows('may-not-comment');
    onSubmitted.when(comment('nobody')).thenThrows('may-not-comment');
    onSubmitted.when(comment('lead1', who('lead1', []))).thenThrows('may-not-comment');
  });

  it('records at most one refused self-approval per person and submission per hour', () => {
    const refused = (when: string): SubmissionEvent => ({
      type: 'ApprovalRefused',
      data: { submissionId: 's1', version: 1, reviewer: 'owner', reason: 'own-submission', at: when },
    });
    spec
      .given([submitted, refused(at)])
      .when(approve('owner', who('owner'), '2022-01-05T03:59:59.000Z'))
      .thenThrows('own-submission');
    spec
      .given([submitted, refused(at)])
      .when(reject('owner'))
      .thenThrows('own-submission');
    spec
      .given([submitted, refused(at)])
      .when(approve('owner', who('owner'), '2022-01-05T04:00:00.000Z'))
      .then([refused('2022-01-05T04:00:00.000Z')]);
  });

  it('lets only an account that may still write withdraw, change evidence or resubmit', () => {
    onSubmitted
      .when({ type: 'Withdraw', data: { submissionId: 's1', by: 'owner', standing: disabled('owner') } })
      .thenThrows('may-not-write');
    onSubmitted
      .when({
        type: 'ChangeEvidence',
        data: { submissionId: 's1', by: 'owner', evidence: [], standing: who('owner', ['auditor@*']) },
      })
      .thenThrows('may-not-write');
    spec
      .given([])
      .when(resubmit({ standing: who('owner', ['auditor@*']) }))
      .thenThrows('may-not-write');
  });

  it('refuses facts dated outside the plan or past today plus the tolerance, saying which bound', () => {
    spec
      .given([])
      .when(resubmit({ content: { ...content, effectiveDate: '9999-12-31' } }))
      .thenThrows('date-after-plan');
    spec
      .given([])
      .when(resubmit({ content: { ...content, effectiveDate: '2018-06-30' } }))
      .thenThrows('date-before-plan');
    spec
      .given([])
      .when(resubmit({ content: { ...content, effectiveDate: '2022-03-01' } }))
      .thenThrows('date-in-future');
    spec
      .given([])
      .when(
        resubmit({
          content: {
            ...content,
            indicatorValues: [
              { indicatorId: 'i1', actual: { kind: 'numeric', value: '3' }, effectiveDate: '2024-01-01' },
            ],
          },
        }),
      )
      .thenThrows('date-after-plan');
    spec
      .given([])
      .when(
        resubmit({
          content: {
            ...content,
            achievements: [
              {
                levelId: 'l1',
                title: '成果',
                tier: 'national',
                attribution: '学院',
                awardedOn: '2030-01-01',
              },
            ],
          },
        }),
      )
      .thenThrows('date-after-plan');
  });

  it('counts a share rule up: half of three reviewers is two', () => {
    expect(
      approvalsNeeded({ name: 's', rule: { kind: 'share', share: '0.5' }, reviewers: ['a', 'b', 'c'] }),
    ).toBe(2);
  });
});
