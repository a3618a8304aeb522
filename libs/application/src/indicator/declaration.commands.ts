import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  declarationDecider,
  declarationStream,
  planNotFound,
  planStream,
  type DeclaredFigure,
} from '@sg/domain';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { OnEventStore } from '../pipeline/on-event-store';

/** Records the figures a report declares, to be reconciled with the computed ones. */
export class DeclareReportFigures extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: { report: string; cutoff: string; figures: DeclaredFigure[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeclareReportFigures)
export class DeclareReportFiguresHandler extends OnEventStore<DeclareReportFigures> {
  async execute({ planId, input, context }: DeclareReportFigures): Promise<CommandResult> {
    if ((await this.store.readStream(planStream(planId), { maxCount: 1 })).length === 0)
      throw planNotFound(planId);
    return commandOn(
      this.store,
      { id: planId, stream: declarationStream(planId), decider: declarationDecider },
      { type: 'DeclareReportFigures', data: { planId, ...input } },
      context,
    );
  }
}
