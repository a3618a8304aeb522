import fc from 'fast-check';
import { deciderSpec } from '@sg/testing';
import { DomainError } from '../shared/domain-error';
import { fold } from '../shared/decider';
import type { IndicatorDefinition } from '../plan/plan';
import {
  approvalsNeeded,
  submissionDecider,
  type PlanFit,
  type Stage,
  type SubmissionCommand,
  type SubmissionEvent,
  type SubmissionState,
} from './submission';
import type { Standing } from '../user/standing';

const spec = deciderSpec(submissionDecider);
const content = { completion: '0.6', effectiveDate: '2021-12-31', narrative: '完成课程思政示范课建设' };
const chain: Stage[] = [
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
const at = '2022-01-05T03:00:00.000Z';
const dates = { startYear: 2019, endYear: 2023, today: '2022-01-05', toleranceDays: 31 };
const indicator = (indicatorId: string, levelId: string): IndicatorDefinition => ({
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
const plan: PlanFit = {
  levelId: 'school',
  levelIds: ['school', 'group', 'l1'],
  indicators: new Map([
    ['i1', indicator('i1', 'school')],
    ['i2', indicator('i2', 'group')],
  ]),
};
const LEAD = 'project-lead@project:pr1';
/** Each person's account and grants as their stream says at the time of the command. */
const GRANTS: Record<string, string[]> = {
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
const who = (userId: string, grants = GRANTS[userId] ?? []): Standing => ({
  userId,
  exists: true,
  active: true,
  grants,
});
const disabled = (userId: string): Standing => ({ ...who(userId), active: false });
const unknown = (userId: string): Standing => ({ userId, exists: false, active: false, grants: [] });
const submitted: SubmissionEvent = {
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
const approve = (reviewer: string, standing = who(reviewer), when = at): SubmissionCommand => ({
  type: 'Approve',
  data: { submissionId: 's1', reviewer, standing, at: when },
});
const reject = (reviewer: string, standing = who(reviewer), reason = '佐证材料不全'): SubmissionCommand => ({
  type: 'Reject',
  data: { submissionId: 's1', reviewer, reason, standing, at },
});
const transfer = (
  to: string,
  target = who(to),
  reviewer = 'lead1',
  standing = who(reviewer),
): SubmissionCommand => ({
  type: 'Transfer',
  data: { submissionId: 's1', reviewer, to, reason: '出差', standing, target },
});
const comment = (author: string, standing = who(author)): SubmissionCommand => ({
  type: 'Comment',
  data: { submissionId: 's1', author, text: '请补充获奖证书', standing },
});
const resubmit = (
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
const approved = (reviewer: string, stage: number): SubmissionEvent => ({
  type: 'StageApproved',
  data: { submissionId: 's1', version: 1, stage, reviewer },
});
const completed = (stage: number): SubmissionEvent => ({
  type: 'StageCompleted',
  data: { submissionId: 's1', version: 1, stage },
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

    it('refuses an indicator of another 层面, or one the plan does not define', () => {
      spec
        .given([])
        .when(reporting({ indicatorValues: [value('i2')] }))
        .thenThrows('indicator-not-of-level');
      spec
        .given([])
        .when(reporting({ indicatorValues: [value('gone')] }))
        .thenThrows('indicator-not-of-level');
    });

    it('refuses a value the indicator cannot take', () => {
      const manual = {
        indicatorId: 'i1',
        actual: { kind: 'manual' as const, deductions: [] },
        effectiveDate: '2021-12-31',
      };
      spec
        .given([])
        .when(reporting({ indicatorValues: [manual] }))
        .thenThrows('actual-mismatch');
    });

    it('refuses an achievement of a 层面 the plan does not have', () => {
      const achievement = {
        levelId: 'nowhere',
        title: '国家级教学成果奖',
        tier: 'national' as const,
        attribution: '学校',
        awardedOn: '2021-09-01',
      };
      spec
        .given([])
        .when(reporting({ achievements: [achievement] }))
        .thenThrows('level-not-found');
    });
  });

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
          data: { submissionId: 's1', version: 1, reviewer: 'owner', reason: 'own-submission', at },
        },
      ]);
  });

  it('approves a 或签 stage as one item of a batch, as it would alone', () => {
    spec
      .given([submitted])
      .when({
        type: 'Approve',
        data: { submissionId: 's1', reviewer: 'lead1', standing: who('lead1'), at, batch: true },
      })
      .then([approved('lead1', 0), completed(0)]);
  });

  it('refuses a batch approval at a 会签 stage, and one of one’s own submission without recording it', () => {
    spec
      .given([submitted, approved('lead1', 0), completed(0)])
      .when({
        type: 'Approve',
        data: { submissionId: 's1', reviewer: 'office1', standing: who('office1'), at, batch: true },
      })
      .thenThrows('batch-needs-any-stage');
    spec
      .given([submitted])
      .when({
        type: 'Approve',
        data: { submissionId: 's1', reviewer: 'owner', standing: who('owner'), at, batch: true },
      })
      .thenThrows('own-submission');
  });

  it('re-checks the grants of a batch item: a revoked lead is refused', () => {
    spec
      .given([submitted])
      .when({
        type: 'Approve',
        data: { submissionId: 's1', reviewer: 'lead1', standing: who('lead1', []), at, batch: true },
      })
      .thenThrows('reviewer-no-longer-entitled');
  });

  it('refuses someone who is not a reviewer of the current stage', () => {
    spec.given([submitted]).when(approve('office1')).thenThrows('not-a-reviewer');
  });

  it('needs a reason to send back, and a rejected version is revised and resubmitted', () => {
    spec
      .given([submitted])
      .when(reject('lead1', who('lead1'), ' '))
      .thenThrows('invalid-text');
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
    spec
      .given([submitted])
      .when(transfer('lead3'))
      .then([
        {
          type: 'ReviewTransferred',
          data: { submissionId: 's1', version: 1, stage: 0, from: 'lead1', to: 'lead3', reason: '出差' },
        },
      ]);
    spec.given([submitted]).when(transfer('owner')).thenThrows('own-submission');
  });

  it('lets a reviewer act only while they still hold a role the stage names, on their own stream', () => {
    const revoked = who('lead1', []);
    spec.given([submitted]).when(approve('lead1', revoked)).thenThrows('reviewer-no-longer-entitled');
    spec.given([submitted]).when(reject('lead1', revoked)).thenThrows('reviewer-no-longer-entitled');
    spec
      .given([submitted])
      .when(transfer('lead3', who('lead3'), 'lead1', revoked))
      .thenThrows('reviewer-no-longer-entitled');
    spec
      .given([submitted])
      .when(approve('lead1', disabled('lead1')))
      .thenThrows('reviewer-no-longer-entitled');
    // A lead of another project is not a lead of this one.
    spec
      .given([submitted])
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
    spec.given([submitted]).when(transfer('nobody')).thenThrows('transfer-target-not-eligible');
    spec.given([submitted]).when(transfer('auditor')).thenThrows('transfer-target-not-eligible');
    spec.given([submitted]).when(transfer('otherLead')).thenThrows('transfer-target-not-eligible');
    spec.given([submitted]).when(transfer('leader')).thenThrows('transfer-target-not-eligible');
    spec
      .given([submitted])
      .when(transfer('lead3', disabled('lead3')))
      .thenThrows('transfer-target-disabled');
    spec
      .given([submitted])
      .when(transfer('ghost', unknown('ghost')))
      .thenThrows('transfer-target-not-found');
    // A standing for someone else than `to` is a handler bug, never a pass.
    spec
      .given([submitted])
      .when(transfer('ghost', who('lead3')))
      .thenThrows('transfer-target-not-found');
  });

  it('takes comments from the submitter and from those entitled to review now, never from an auditor', () => {
    const added = (author: string): SubmissionEvent => ({
      type: 'CommentAdded',
      data: { submissionId: 's1', version: 1, author, text: '请补充获奖证书' },
    });
    spec
      .given([submitted])
      .when(comment('owner'))
      .then([added('owner')]);
    spec
      .given([submitted])
      .when(comment('lead2'))
      .then([added('lead2')]);
    // The chain names leadership at its last stage: a leader may comment on it…
    spec
      .given([submitted])
      .when(comment('leader'))
      .then([added('leader')]);
    // …but not on one whose chain does not name them.
    const noLeaders = {
      ...submitted,
      data: { ...submitted.data, stages: chain.slice(0, 2) },
    } as SubmissionEvent;
    spec.given([noLeaders]).when(comment('leader')).thenThrows('may-not-comment');
    spec.given([submitted]).when(comment('auditor')).thenThrows('may-not-comment');
    spec.given([submitted]).when(comment('nobody')).thenThrows('may-not-comment');
    spec
      .given([submitted])
      .when(comment('lead1', who('lead1', [])))
      .thenThrows('may-not-comment');
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
    spec
      .given([submitted])
      .when({ type: 'Withdraw', data: { submissionId: 's1', by: 'owner', standing: disabled('owner') } })
      .thenThrows('may-not-write');
    spec
      .given([submitted])
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

/**
 * A model-based test: random chains and random sequences of everyone's actions, checked after
 * every step against the rules the workflow must never break.
 */
describe('submission review, over 1,000 generated runs', () => {
  const PEOPLE = ['owner', 'r1', 'r2', 'r3', 'r4'];
  const person = fc.constantFrom(...PEOPLE);
  /** Everyone a college-wide reviewer: the stages generated here name any reviewer role. */
  const anyone = (userId: string) => who(userId, ['reviewer@*']);
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
          projectId: 'pr',
          submitter: by,
          content: { completion, effectiveDate: '2021-12-31', narrative: '进展' },
          evidence: [],
          stages,
          standing: anyone(by),
          dates,
          plan,
        },
      })),
    person.map((reviewer) => ({
      type: 'Approve' as const,
      data: { submissionId: 's', reviewer, standing: anyone(reviewer), at },
    })),
    person.map((reviewer) => ({
      type: 'Reject' as const,
      data: { submissionId: 's', reviewer, reason: '不全', standing: anyone(reviewer), at },
    })),
    fc.tuple(person, person).map(([reviewer, to]) => ({
      type: 'Transfer' as const,
      data: { submissionId: 's', reviewer, to, reason: '转', standing: anyone(reviewer), target: anyone(to) },
    })),
    person.map((by) => ({
      type: 'Withdraw' as const,
      data: { submissionId: 's', by, standing: anyone(by) },
    })),
    person.map((by) => ({
      type: 'ChangeEvidence' as const,
      data: { submissionId: 's', by, evidence: [], standing: anyone(by) },
    })),
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
