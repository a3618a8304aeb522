import { Command, CommandHandler } from '@nestjs/cqrs';
import { DomainError, submissionDecider, submissionStream } from '@sg/domain';
import { stepOf, type CommandContext } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadStanding } from '../pipeline/load-state';
import { OnEventStore } from '../pipeline/on-event-store';

/** The most submissions one batch approval may name. */
export const BATCH_APPROVAL_MAX = 100;

/** 批量通过: the same approval, with one reason, of several submissions at 或签 stages. */
export class ApproveInBatch extends Command<BatchApprovalOutcome[]> {
  constructor(
    readonly submissionIds: string[],
    readonly comment: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** What happened to one item: approved (its new revision), or refused with the error it would have had alone. */
export type BatchApprovalOutcome =
  | { submissionId: string; outcome: 'approved'; revision: number; position: number }
  | { submissionId: string; outcome: 'refused'; error: DomainError };

/**
 * Each item is its own command on its own stream: decided by the submission's decider with the
 * actor's grants read from their stream at that item, appended alone. A refused item writes
 * nothing and does not stop the others; an unexpected failure (the store down) does.
 */
@CommandHandler(ApproveInBatch)
export class ApproveInBatchHandler extends OnEventStore<ApproveInBatch> {
  async execute({ submissionIds, comment, context }: ApproveInBatch): Promise<BatchApprovalOutcome[]> {
    const outcomes: BatchApprovalOutcome[] = [];
    for (const submissionId of submissionIds) {
      // An If-Match names one stream's revision; it cannot apply to several.
      const itemContext = { ...stepOf(context, submissionId), expectedRevision: undefined };
      try {
        const standing = await loadStanding(this.store, context.actor);
        const result = await handleCommand(
          this.store,
          submissionStream(submissionId),
          submissionDecider,
          {
            type: 'Approve',
            data: {
              submissionId,
              reviewer: context.actor,
              comment,
              standing,
              at: context.now.toISOString(),
              batch: true,
            },
          },
          itemContext,
        );
        outcomes.push({
          submissionId,
          outcome: 'approved',
          revision: result.revision,
          position: result.position,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ submissionId, outcome: 'refused', error });
      }
    }
    return outcomes;
  }
}
