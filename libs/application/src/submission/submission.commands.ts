import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  approvalChainFor,
  assertNever,
  DomainError,
  factDateBounds,
  ownSubmissionRefused,
  planDecider,
  planStream,
  submissionDecider,
  submissionStream,
  taskNotFound,
  taskUnassigned,
  type EvidenceRef,
  type StageSpec,
  type SubmissionCommand,
  type SubmissionContent,
} from '@sg/domain';
import { EvidenceQueries, UserQueries } from '@sg/read-models';
import { type CommandContext, type CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { handleCommand } from '../pipeline/handle-command';
import { firstSubmission, loadPlan, loadStanding, loadTask, taskDefinition } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { resolveStages } from './resolve-stages';
import { FACT_DATE_POLICY } from '../tokens';
import { OnEventStoreWith } from '../on-event-store-with';
import { OnEventStore } from '../pipeline/on-event-store';

export class ConfigureApprovalChain extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly scope: string,
    readonly stages: StageSpec[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A task owner's report: a new submission, or the next version of a rejected / withdrawn one. */
export class SubmitProgress extends Command<CommandResult> {
  constructor(
    readonly taskId: string,
    readonly content: SubmissionContent,
    readonly evidenceIds: string[],
    readonly context: CommandContext,
    readonly submissionId?: string,
  ) {
    super();
  }
}

export type ReviewAction =
  | { type: 'Approve'; comment?: string }
  | { type: 'Reject'; reason: string }
  | { type: 'Transfer'; to: string; reason: string }
  | { type: 'Withdraw' }
  | { type: 'ChangeEvidence'; evidenceIds: string[] }
  | { type: 'Comment'; text: string };

export class ActOnSubmission extends Command<CommandResult> {
  constructor(
    readonly submissionId: string,
    readonly action: ReviewAction,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ConfigureApprovalChain)
export class ConfigureApprovalChainHandler extends OnEventStore<ConfigureApprovalChain> {
  async execute({ planId, scope, stages, context }: ConfigureApprovalChain): Promise<CommandResult> {
    return commandOn(
      this.store,
      { id: planId, stream: planStream(planId), decider: planDecider },
      { type: 'ConfigureApprovalChain', data: { planId, scope, stages } },
      context,
    );
  }
}

function evidenceRefs(evidence: EvidenceQueries, taskId: string, ids: string[]): EvidenceRef[] {
  return ids.map((id) => {
    const file = evidence.byId(id);
    if (!file || file.taskId !== taskId) {
      throw new DomainError(
        'invalid',
        'evidence-not-of-task',
        `佐证材料 ${id} 不属于该任务，请先上传到该任务。`,
      );
    }
    return { evidenceId: file.evidenceId, sha256: file.sha256, name: file.name };
  });
}

@CommandHandler(SubmitProgress)
export class SubmitProgressHandler extends OnEventStoreWith({
  users: UserQueries,
  evidence: EvidenceQueries,
  dates: FACT_DATE_POLICY,
})<SubmitProgress> {
  async execute({
    taskId,
    content,
    evidenceIds,
    context,
    submissionId,
  }: SubmitProgress): Promise<CommandResult> {
    const task = await taskDefinition(this.store, taskId);
    if (!task) throw taskNotFound(taskId);
    // The owner as the task's own stream says now: an unassigned task takes no submission.
    const owned = await loadTask(this.store, taskId);
    if (owned.ownerId === undefined) throw taskUnassigned(taskId);
    const plan = await loadPlan(this.store, task.planId);
    const levelId = plan.projects.get(task.projectId)?.levelId ?? '';
    const stages = resolveStages(approvalChainFor(plan, levelId, task.projectId), task, this.users);
    const id = submissionId ?? newEntityId(context, 'submission');
    return commandOn(
      this.store,
      { id, stream: submissionStream(id), decider: submissionDecider },
      {
        type: 'Submit',
        data: {
          submissionId: id,
          taskId,
          planId: task.planId,
          projectId: task.projectId,
          submitter: context.actor,
          content,
          evidence: evidenceRefs(this.evidence, taskId, evidenceIds),
          stages,
          standing: await loadStanding(this.store, context.actor),
          dates: factDateBounds(plan, context.now, this.dates.toleranceDays),
          plan: { levelId, levelIds: [...plan.levels.keys()], indicators: plan.indicators },
        },
      },
      context,
    );
  }
}

@CommandHandler(ActOnSubmission)
export class ActOnSubmissionHandler extends OnEventStoreWith({ evidence: EvidenceQueries })<ActOnSubmission> {
  async execute({ submissionId, action, context }: ActOnSubmission): Promise<CommandResult> {
    const actor = context.actor;
    // Grants as the actor's own stream has them now: a revocation a moment ago already counts.
    const standing = await loadStanding(this.store, actor);
    const at = context.now.toISOString();
    let command: SubmissionCommand;
    switch (action.type) {
      case 'Approve':
        command = {
          type: 'Approve',
          data: { submissionId, reviewer: actor, comment: action.comment, standing, at },
        };
        break;
      case 'Reject':
        command = {
          type: 'Reject',
          data: { submissionId, reviewer: actor, reason: action.reason, standing, at },
        };
        break;
      case 'Transfer':
        command = {
          type: 'Transfer',
          data: {
            submissionId,
            reviewer: actor,
            to: action.to,
            reason: action.reason,
            standing,
            target: await loadStanding(this.store, action.to),
          },
        };
        break;
      case 'Withdraw':
        command = { type: 'Withdraw', data: { submissionId, by: actor, standing } };
        break;
      case 'ChangeEvidence': {
        const taskId = (await firstSubmission(this.store, submissionId))?.taskId ?? '';
        command = {
          type: 'ChangeEvidence',
          data: {
            submissionId,
            by: actor,
            evidence: evidenceRefs(this.evidence, taskId, action.evidenceIds),
            standing,
          },
        };
        break;
      }
      case 'Comment':
        command = { type: 'Comment', data: { submissionId, author: actor, text: action.text, standing } };
        break;
      default:
        return assertNever(action);
    }
    const result = await handleCommand(
      this.store,
      submissionStream(submissionId),
      submissionDecider,
      command,
      context,
    );
    if (result.events.some((e) => e.type === 'ApprovalRefused')) throw ownSubmissionRefused();
    return { id: submissionId, revision: result.revision, position: result.position };
  }
}
