import fc from 'fast-check';
import { deciderSpec } from '@sg/testing';
import { DomainError } from '../shared/domain-error';
import { fold } from '../shared/decider';
import {
  approvalsNeeded,
  submissionDecider,
  type Stage,
  type SubmissionCommand,
  type SubmissionEvent,
  type SubmissionState,
} from './submission';

const spec = deciderSpec(submissionDecider);
const content = { completion: '0.6', effectiveDate: '2021-12-31', narrative: '完成课程思政示范课建设' };
const chain: Stage[] = [
  { name: '项目负责人审核', rule: { kind: 'any' }, reviewers: ['lead1', 'lead2'] },
  { name: '项目办会签', rule: { kind: 'all' }, reviewers: ['office1', 'office2'] },
  { name: '领导小组审定', rule: { kind: 'any' }, reviewers: ['leader'] },
];
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
    stages: chain,
  },
};
const approve = (reviewer: string): SubmissionCommand => ({
  type: 'Approve',
  data: { submissionId: 's1', reviewer },
});
const approved = (reviewer: string, stage: number): SubmissionEvent => ({
  type: 'StageApproved',
  data: { submissionId: 's1', version: 1, stage, reviewer },
});
const completed = (stage: number): SubmissionEvent => ({
  type: 'StageCompleted',
  data: { submissionId: 's1', version: 1, stage },
});

describe('submission review', () => {
  it('completes an 或签 stage with any one reviewer', () => {
    spec
      .given([submitted])
      .when(approve('lead2'))
      .then([approved('lead2', 0), completed(0)]);
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
    spec
      .given([submitted])
      .when(approve('owner'))
      .then([
        {
          type: 'ApprovalRefused',
          data: { submissionId: 's1', version: 1, reviewer: 'owner', reason: 'own-submission' },
        },
      ]);
  });

  it('refuses someone who is not a reviewer of the current stage', () => {
    spec.given([submitted]).when(approve('office1')).thenThrows('not-a-reviewer');
  });

  it('needs a reason to send back, and a rejected version is revised and resubmitted', () => {
    spec
      .given([submitted])
      .when({ type: 'Reject', data: { submissionId: 's1', reviewer: 'lead1', reason: ' ' } })
      .thenThrows('invalid-text');
    const rejected: SubmissionEvent = {
      type: 'SubmissionRejected',
      data: { submissionId: 's1', version: 1, stage: 0, reviewer: 'lead1', reason: '佐证材料不全' },
    };
    const state = fold(submissionDecider, [submitted, rejected]);
    expect(state.status).toBe('rejected');
    const [resubmitted] = submissionDecider.decide(
      { type: 'Submit', data: { ...submitted.data, content: { ...content, completion: '0.7' } } },
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
      .when({ type: 'Withdraw', data: { submissionId: 's1', by: 'owner' } })
      .then([{ type: 'SubmissionWithdrawn', data: { submissionId: 's1', version: 1 } }]);
    spec
      .given([...afterFirst, approved('office1', 1)])
      .when({ type: 'Withdraw', data: { submissionId: 's1', by: 'owner' } })
      .thenThrows('stage-has-acted');
  });

  it('resets approvals when the evidence under review changes', () => {
    const evidence = [{ evidenceId: 'e2', sha256: 'f'.repeat(64), name: '新证书.pdf' }];
    spec
      .given([submitted, approved('lead1', 0), completed(0)])
      .when({ type: 'ChangeEvidence', data: { submissionId: 's1', by: 'owner', evidence } })
      .then([
        { type: 'EvidenceChanged', data: { submissionId: 's1', version: 1, by: 'owner', evidence } },
        { type: 'ApprovalsReset', data: { submissionId: 's1', version: 1 } },
      ]);
  });

  it('transfers a review to another person, never to the submitter', () => {
    spec
      .given([submitted])
      .when({
        type: 'Transfer',
        data: { submissionId: 's1', reviewer: 'lead1', to: 'lead3', reason: '出差' },
      })
      .then([
        {
          type: 'ReviewTransferred',
          data: { submissionId: 's1', version: 1, stage: 0, from: 'lead1', to: 'lead3', reason: '出差' },
        },
      ]);
    spec
      .given([submitted])
      .when({
        type: 'Transfer',
        data: { submissionId: 's1', reviewer: 'lead1', to: 'owner', reason: '出差' },
      })
      .thenThrows('own-submission');
  });

  it('counts a share rule up: half of three reviewers is two', () => {
    expect(
      approvalsNeeded({ name: 's', rule: { kind: 'share', share: '0.5' }, reviewers: ['a', 'b', 'c'] }),
    ).toBe(2);
  });
});

/**
 * A model-based test: random chains and random sequences of everyone's actions, checked after
 * every step against the rules the workflow must never break.
 */
describe('submission review, over 1,000 generated runs', () => {
  const PEOPLE = ['owner', 'r1', 'r2', 'r3', 'r4'];
  const person = fc.constantFrom(...PEOPLE);
  const rule = fc.oneof(
    fc.constant({ kind: 'any' as const }),
    fc.constant({ kind: 'all' as const }),
    fc.constantFrom('0.5', '0.6', '1').map((share) => ({ kind: 'share' as const, share })),
  );
  const stage = fc.record({
    name: fc.constantFrom('一审', '二审', '终审'),
    rule,
    reviewers: fc.uniqueArray(person, { minLength: 1, maxLength: 4 }),
  });
  const action: fc.Arbitrary<SubmissionCommand> = fc.oneof(
    fc
      .record({
        completion: fc.constantFrom('0', '0.5', '1', '1.2', '7'),
        stages: fc.array(stage, { minLength: 1, maxLength: 3 }),
        by: person,
      })
      .map(({ completion, stages, by }) => ({
        type: 'Submit' as const,
        data: {
          submissionId: 's',
          taskId: 't',
          planId: 'p',
          submitter: by,
          content: { completion, effectiveDate: '2021-12-31', narrative: '进展' },
          evidence: [],
          stages,
        },
      })),
    person.map((reviewer) => ({ type: 'Approve' as const, data: { submissionId: 's', reviewer } })),
    person.map((reviewer) => ({
      type: 'Reject' as const,
      data: { submissionId: 's', reviewer, reason: '不全' },
    })),
    fc.tuple(person, person).map(([reviewer, to]) => ({
      type: 'Transfer' as const,
      data: { submissionId: 's', reviewer, to, reason: '转' },
    })),
    person.map((by) => ({ type: 'Withdraw' as const, data: { submissionId: 's', by } })),
    person.map((by) => ({ type: 'ChangeEvidence' as const, data: { submissionId: 's', by, evidence: [] } })),
  );

  it('never approves without a submission, decides each stage once per version, never lets the submitter approve, and keeps completion within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => {
        let state: SubmissionState = submissionDecider.initialState();
        const log: SubmissionEvent[] = [];
        for (const command of actions) {
          let events: SubmissionEvent[];
          try {
            events = submissionDecider.decide(command, state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            continue;
          }
          for (const event of events) {
            const decision = [
              'StageApproved',
              'StageCompleted',
              'SubmissionApproved',
              'SubmissionRejected',
            ].includes(event.type);
            if (decision) {
              // No decision without a submission of that very version under review.
              expect(state.status).toBe('under-review');
              expect((event.data as { version: number }).version).toBe(state.version);
            }
            if (event.type === 'StageApproved' || event.type === 'SubmissionRejected') {
              expect(state.editors).not.toContain(event.data.reviewer);
              expect(event.data.reviewer).not.toBe(state.submitter);
            }
            if (event.type === 'StageCompleted') {
              const resets = log.filter(
                (e) => e.type === 'ApprovalsReset' && e.data.version === event.data.version,
              ).length;
              const before = log.filter(
                (e) =>
                  e.type === 'StageCompleted' &&
                  e.data.version === event.data.version &&
                  e.data.stage === event.data.stage,
              ).length;
              // Once per version, unless changed evidence sent the version back to the start.
              expect(before).toBeLessThanOrEqual(resets);
            }
            if (event.type === 'SubmissionApproved') {
              const stagesDone = new Set(
                log
                  .filter(
                    (e): e is Extract<SubmissionEvent, { type: 'StageCompleted' }> =>
                      e.type === 'StageCompleted' && e.data.version === event.data.version,
                  )
                  .map((e) => e.data.stage),
              );
              expect(stagesDone.size + 1).toBeGreaterThanOrEqual(state.stages.length);
              const counted = Math.min(Number(event.data.content.completion), 1);
              expect(counted).toBeGreaterThanOrEqual(0);
              expect(counted).toBeLessThanOrEqual(1);
            }
            log.push(event);
            state = submissionDecider.evolve(state, event);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
