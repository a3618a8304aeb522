import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  assertNever,
  DEPARTMENTS_STREAM,
  departmentsDecider,
  DomainError,
  expertReviewDecider,
  expertReviewStream,
  findingDecider,
  findingNotFound,
  findingStream,
  OFFICE_STAGE_NAME,
  type EvidenceRef,
  type FindingReviewScope,
  type FindingState,
  type FindingCommand,
  type FindingInput,
  type ReviewPeriod,
  type StageSpec,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { CompletionQueries, EvidenceQueries, UserQueries } from '@sg/read-models';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { loadExistingPlan, loadPlan, loadStanding, loadState, taskDefinition } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { resolveStages } from '../submission/resolve-stages';
import { OnEventStoreWith } from '../on-event-store-with';
import { OnEventStore } from '../pipeline/on-event-store';

/** The approval chain scope for 整改 actions on a plan (configured like any other chain). */
export const RECTIFICATION_CHAIN_SCOPE = 'rectification';

/** Without a configured 整改 chain, an action is approved by any one office of the plan. */
const OFFICE_CHAIN: StageSpec[] = [
  { name: OFFICE_STAGE_NAME, rule: { kind: 'any' }, reviewers: { roles: ['office'], users: [] } },
];

/** Where the action is reviewed: the plan, and the project of the task the finding concerns. */
async function reviewScopeOf(store: EventStore, finding: FindingState): Promise<FindingReviewScope> {
  const task = finding.subject?.kind === 'task' ? await taskDefinition(store, finding.subject.id) : undefined;
  return { planId: finding.planId, ...(task ? { projectId: task.projectId } : {}) };
}

export type { FindingInput };

export class RecordFinding extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: FindingInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AssignFinding extends Command<CommandResult> {
  constructor(
    readonly findingId: string,
    readonly assignment: { assignee: string; departmentId?: string; deadline: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class SubmitRectification extends Command<CommandResult> {
  constructor(
    readonly findingId: string,
    readonly narrative: string,
    readonly evidenceIds: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

export type RectificationDecision =
  { type: 'Approve'; comment?: string } | { type: 'Return'; reason: string };

export class DecideRectification extends Command<CommandResult> {
  constructor(
    readonly findingId: string,
    readonly decision: RectificationDecision,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class OpenExpertReview extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: { title: string; period: ReviewPeriod; accessUntil: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class InviteExpert extends Command<CommandResult> {
  constructor(
    readonly reviewId: string,
    readonly expertId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RecordExpertScore extends Command<CommandResult> {
  constructor(
    readonly reviewId: string,
    readonly indicatorId: string,
    readonly score: string,
    readonly comment: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class CloseExpertReview extends Command<CommandResult> {
  constructor(
    readonly reviewId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

const finding = targetsOf(findingStream, findingDecider);
const review = targetsOf(expertReviewStream, expertReviewDecider);

/** Who acts on an expert review and when: the actor's grants as their stream says now, the request's instant. */
async function reviewActor(store: EventStore, context: CommandContext) {
  return { standing: await loadStanding(store, context.actor), at: context.now.toISOString() };
}

@CommandHandler(RecordFinding)
export class RecordFindingHandler extends OnEventStoreWith({ completion: CompletionQueries })<RecordFinding> {
  async execute({ planId, input, context }: RecordFinding): Promise<CommandResult> {
    const plan = await loadExistingPlan(this.store, planId);
    const known =
      input.subject.kind === 'indicator'
        ? plan.indicators.has(input.subject.id)
        : this.completion.task(input.subject.id)?.planId === planId;
    if (!known) {
      throw new DomainError(
        'invalid',
        'finding-subject-not-found',
        `问题所涉及的${input.subject.kind === 'indicator' ? '绩效指标' : '建设任务'}不属于该方案：${input.subject.id}`,
        { subject: input.subject },
      );
    }
    const findingId = newEntityId(context, 'finding');
    const standing = await loadStanding(this.store, context.actor);
    return commandOn(
      this.store,
      finding(findingId),
      { type: 'RecordFinding', data: { findingId, planId, ...input, standing } },
      context,
    );
  }
}

@CommandHandler(AssignFinding)
export class AssignFindingHandler extends OnEventStore<AssignFinding> {
  async execute({ findingId, assignment, context }: AssignFinding): Promise<CommandResult> {
    return commandOn(
      this.store,
      finding(findingId),
      {
        type: 'AssignFinding',
        data: {
          findingId,
          assignment,
          standing: await loadStanding(this.store, context.actor),
          assignee: await loadStanding(this.store, assignment.assignee),
          departments: new Set(
            (await loadState(this.store, DEPARTMENTS_STREAM, departmentsDecider)).names.keys(),
          ),
        },
      },
      context,
    );
  }
}

@CommandHandler(SubmitRectification)
export class SubmitRectificationHandler extends OnEventStoreWith({
  completion: CompletionQueries,
  evidence: EvidenceQueries,
  users: UserQueries,
})<SubmitRectification> {
  async execute({ findingId, narrative, evidenceIds, context }: SubmitRectification): Promise<CommandResult> {
    const state = await loadState(this.store, findingStream(findingId), findingDecider);
    if (state.status === 'none') throw findingNotFound(findingId);
    // Evidence is uploaded (and inspected) through a task of the same plan.
    const evidence: EvidenceRef[] = [...new Set(evidenceIds)].map((id) => {
      const file = this.evidence.byId(id);
      if (!file || this.completion.task(file.taskId)?.planId !== state.planId) {
        throw new DomainError('invalid', 'evidence-not-of-plan', `佐证材料 ${id} 不属于该方案，请先上传。`);
      }
      return { evidenceId: file.evidenceId, sha256: file.sha256, name: file.name };
    });
    const scope = await reviewScopeOf(this.store, state);
    return commandOn(
      this.store,
      finding(findingId),
      {
        type: 'SubmitRectification',
        data: {
          findingId,
          narrative,
          evidence,
          standing: await loadStanding(this.store, context.actor),
          stages: resolveStages(
            (await loadPlan(this.store, state.planId)).approvalChains.get(RECTIFICATION_CHAIN_SCOPE) ??
              OFFICE_CHAIN,
            scope,
            this.users,
          ),
          scope,
        },
      },
      context,
    );
  }
}

@CommandHandler(DecideRectification)
export class DecideRectificationHandler extends OnEventStore<DecideRectification> {
  async execute({ findingId, decision, context }: DecideRectification): Promise<CommandResult> {
    const standing = await loadStanding(this.store, context.actor);
    let command: FindingCommand;
    switch (decision.type) {
      case 'Approve':
        command = { type: 'ApproveRectification', data: { findingId, comment: decision.comment, standing } };
        break;
      case 'Return':
        command = { type: 'ReturnRectification', data: { findingId, reason: decision.reason, standing } };
        break;
      default:
        return assertNever(decision);
    }
    return commandOn(this.store, finding(findingId), command, context);
  }
}

@CommandHandler(OpenExpertReview)
export class OpenExpertReviewHandler extends OnEventStore<OpenExpertReview> {
  async execute({ planId, input, context }: OpenExpertReview): Promise<CommandResult> {
    await loadExistingPlan(this.store, planId);
    const reviewId = newEntityId(context, 'expert-review');
    return commandOn(
      this.store,
      review(reviewId),
      {
        type: 'OpenExpertReview',
        data: { reviewId, planId, ...input, ...(await reviewActor(this.store, context)) },
      },
      context,
    );
  }
}

@CommandHandler(InviteExpert)
export class InviteExpertHandler extends OnEventStore<InviteExpert> {
  async execute({ reviewId, expertId, context }: InviteExpert): Promise<CommandResult> {
    const expert = await loadStanding(this.store, expertId);
    return commandOn(
      this.store,
      review(reviewId),
      { type: 'InviteExpert', data: { reviewId, expert, ...(await reviewActor(this.store, context)) } },
      context,
    );
  }
}

@CommandHandler(RecordExpertScore)
export class RecordExpertScoreHandler extends OnEventStore<RecordExpertScore> {
  async execute({
    reviewId,
    indicatorId,
    score,
    comment,
    context,
  }: RecordExpertScore): Promise<CommandResult> {
    const state = await loadState(this.store, expertReviewStream(reviewId), expertReviewDecider);
    const indicator =
      state.status === 'none'
        ? undefined
        : (await loadPlan(this.store, state.planId)).indicators.get(indicatorId);
    if (state.status !== 'none' && !indicator) {
      throw new DomainError('not-found', 'indicator-not-found', `指标不存在：${indicatorId}`, {
        indicatorId,
      });
    }
    const points = indicator?.points ?? '0';
    const actor = await reviewActor(this.store, context);
    return commandOn(
      this.store,
      review(reviewId),
      { type: 'RecordExpertScore', data: { reviewId, indicatorId, points, score, comment, ...actor } },
      context,
    );
  }
}

@CommandHandler(CloseExpertReview)
export class CloseExpertReviewHandler extends OnEventStore<CloseExpertReview> {
  async execute({ reviewId, context }: CloseExpertReview): Promise<CommandResult> {
    return commandOn(
      this.store,
      review(reviewId),
      { type: 'CloseExpertReview', data: { reviewId, ...(await reviewActor(this.store, context)) } },
      context,
    );
  }
}

export const RECTIFICATION_HANDLERS = [
  RecordFindingHandler,
  AssignFindingHandler,
  SubmitRectificationHandler,
  DecideRectificationHandler,
  OpenExpertReviewHandler,
  InviteExpertHandler,
  RecordExpertScoreHandler,
  CloseExpertReviewHandler,
];
