import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  declarationDecider,
  declarationStream,
  planNotFound,
  planStream,
  type DeclaredFigure,
} from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { EVENT_STORE } from '../tokens';

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
export class DeclareReportFiguresHandler implements ICommandHandler<DeclareReportFigures> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

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
