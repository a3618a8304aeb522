import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  approvalChainFor,
  assessIndicator,
  DomainError,
  planDecider,
  planStream,
  submissionDecider,
  submissionStream,
  taskNotFound,
  taskStream,
  type EvidenceRef,
  type Stage,
  type StageSpec,
  type SubmissionCommand,
  type SubmissionContent,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import { CompletionQueries, EvidenceQueries, UserQueries } from '@sg/read-models';
import type Database from 'better-sqlite3';
import { stepOf, type CommandContext, type CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadPlan } from '../pipeline/load-state';
import { newEntityId } from '../pipeline/new-entity-id';
import { RecordTaskProgress } from '../task/task.commands';
import { RecordIndicatorValue } from '../indicator/indicator.commands';
import { RecordAchievement } from '../indicator/achievement.commands';
import { EVENT_STORE, READ_MODEL_DB } from '../tokens';

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
export class ConfigureApprovalChainHandler implements ICommandHandler<ConfigureApprovalChain> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ planId, scope, stages, context }: ConfigureApprovalChain): Promise<CommandResult> {
    const result = await handleCommand(
      this.store,
      planStream(planId),
      planDecider,
      { type: 'ConfigureApprovalChain', data: { planId, scope, stages } },
      context,
    );
    return { id: planId, revision: result.revision, position: result.position };
  }
}

/** Resolves who may review each stage, for one task, now: the snapshot the submission keeps. */
function resolveStages(
  specs: StageSpec[],
  task: { planId: string; projectId: string },
  users: UserQueries,
): Stage[] {
  const scopes: Record<StageSpec['reviewers']['roles'][number], string[]> = {
    'project-lead': [`project:${task.projectId}`],
    reviewer: ['*', `plan:${task.planId}`, `project:${task.projectId}`],
    office: ['*', `plan:${task.planId}`],
    leadership: ['*'],
  };
  return specs.map((spec) => {
    const byRole = spec.reviewers.roles.flatMap((role) => users.withRole(role, scopes[role]));
    const named = spec.reviewers.users.filter((id) => {
      const user = users.byId(id);
      return user !== undefined && !user.disabled;
    });
    return { name: spec.name, rule: spec.rule, reviewers: [...new Set([...byRole, ...named])] };
  });
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
export class SubmitProgressHandler implements ICommandHandler<SubmitProgress> {
  private readonly completion: CompletionQueries;
  private readonly users: UserQueries;
  private readonly evidence: EvidenceQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: Database.Database,
  ) {
    this.completion = new CompletionQueries(db);
    this.users = new UserQueries(db);
    this.evidence = new EvidenceQueries(db);
  }

  async execute({
    taskId,
    content,
    evidenceIds,
    context,
    submissionId,
  }: SubmitProgress): Promise<CommandResult> {
    const task = this.completion.task(taskId);
    if (!task) throw taskNotFound(taskId);
    const plan = await loadPlan(this.store, task.planId);
    const levelId = plan.projects.get(task.projectId)?.levelId ?? '';
    // Facts reported must fit the plan now, not fail at the final approval.
    for (const value of content.indicatorValues ?? []) {
      const indicator = plan.indicators.get(value.indicatorId);
      if (!indicator || indicator.levelId !== levelId) {
        throw new DomainError(
          'invalid',
          'indicator-not-of-level',
          `指标 ${value.indicatorId} 不属于该任务所在层面。`,
        );
      }
      assessIndicator(indicator, value.actual);
    }
    for (const achievement of content.achievements ?? []) {
      if (!plan.levels.has(achievement.levelId)) {
        throw new DomainError('not-found', 'level-not-found', `层面不存在：${achievement.levelId}`);
      }
    }
    const stages = resolveStages(approvalChainFor(plan, levelId, task.projectId), task, this.users);
    const id = submissionId ?? newEntityId(context, 'submission');
    const result = await handleCommand(
      this.store,
      submissionStream(id),
      submissionDecider,
      {
        type: 'Submit',
        data: {
          submissionId: id,
          taskId,
          planId: task.planId,
          submitter: context.actor,
          content,
          evidence: evidenceRefs(this.evidence, taskId, evidenceIds),
          stages,
        },
      },
      context,
    );
    return { id, revision: result.revision, position: result.position };
  }
}

/**
 * The effect of a final approval: the submission's facts become recorded facts. Its key derives
 * from the submission and version, so a retry records them once.
 */
@Injectable()
export class RecordTaskProgressEffect {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async record(
    approved: { submissionId: string; version: number; taskId: string; content: SubmissionContent },
    context: CommandContext,
  ): Promise<CommandResult> {
    const {
      completion,
      effectiveDate,
      narrative,
      indicatorValues = [],
      achievements = [],
    } = approved.content;
    const key = { ...context, idempotencyKey: `approval:${approved.submissionId}:${approved.version}` };
    const [defined] = await this.store.readStream(taskStream(approved.taskId), { maxCount: 1 });
    const planId = (defined?.data as { planId: string }).planId;
    for (const [i, value] of indicatorValues.entries()) {
      await this.commands.execute(
        new RecordIndicatorValue(
          planId,
          value.indicatorId,
          { actual: value.actual, effectiveDate: value.effectiveDate },
          stepOf(key, `indicator:${i}`),
        ),
      );
    }
    for (const [i, achievement] of achievements.entries()) {
      await this.commands.execute(
        new RecordAchievement(
          planId,
          { ...achievement, taskIds: [approved.taskId] },
          stepOf(key, `achievement:${i}`),
        ),
      );
    }
    return this.commands.execute(
      new RecordTaskProgress(
        approved.taskId,
        {
          completion,
          effectiveDate,
          note: narrative,
          approval: { submissionId: approved.submissionId, version: approved.version },
        },
        stepOf(
          { ...context, idempotencyKey: `approval:${approved.submissionId}:${approved.version}` },
          'progress',
        ),
      ),
    );
  }
}

@CommandHandler(ActOnSubmission)
export class ActOnSubmissionHandler implements ICommandHandler<ActOnSubmission> {
  private readonly evidence: EvidenceQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: Database.Database,
    private readonly progress: RecordTaskProgressEffect,
  ) {
    this.evidence = new EvidenceQueries(db);
  }

  async execute({ submissionId, action, context }: ActOnSubmission): Promise<CommandResult> {
    const actor = context.actor;
    let command: SubmissionCommand;
    switch (action.type) {
      case 'Approve':
        command = { type: 'Approve', data: { submissionId, reviewer: actor, comment: action.comment } };
        break;
      case 'Reject':
        command = { type: 'Reject', data: { submissionId, reviewer: actor, reason: action.reason } };
        break;
      case 'Transfer':
        command = {
          type: 'Transfer',
          data: { submissionId, reviewer: actor, to: action.to, reason: action.reason },
        };
        break;
      case 'Withdraw':
        command = { type: 'Withdraw', data: { submissionId, by: actor } };
        break;
      case 'ChangeEvidence': {
        const [submitted] = await this.store.readStream(submissionStream(submissionId), { maxCount: 1 });
        const taskId = (submitted?.data as { taskId?: string } | undefined)?.taskId ?? '';
        command = {
          type: 'ChangeEvidence',
          data: {
            submissionId,
            by: actor,
            evidence: evidenceRefs(this.evidence, taskId, action.evidenceIds),
          },
        };
        break;
      }
      case 'Comment':
        command = { type: 'Comment', data: { submissionId, author: actor, text: action.text } };
        break;
    }
    const result = await handleCommand(
      this.store,
      submissionStream(submissionId),
      submissionDecider,
      command,
      context,
    );
    if (result.events.some((e) => e.type === 'ApprovalRefused')) {
      throw new DomainError(
        'forbidden',
        'own-submission',
        '不能审核自己提交或修改过的内容（该次尝试已记入审计记录）。',
      );
    }
    const approved = result.events.find((e) => e.type === 'SubmissionApproved');
    if (approved?.type === 'SubmissionApproved') await this.progress.record(approved.data, context);
    return { id: submissionId, revision: result.revision, position: result.position };
  }
}
