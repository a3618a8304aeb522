import fc from 'fast-check';
import { DomainError } from '../shared/domain-error';
import {
  submissionDecider,
  type SubmissionCommand,
  type SubmissionEvent,
  type SubmissionState,
} from './submission';
import { at, dates, plan, who } from './submission.fixtures';

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
