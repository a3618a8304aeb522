import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { planNotFound, surveyDecider, surveyStream, type SurveyResult } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadPlan } from '../pipeline/load-state';
import { EVENT_STORE } from '../tokens';

export class RecordSurvey extends Command<CommandResult> {
  constructor(
    readonly planId: string,
    readonly input: Omit<SurveyResult, 'planId'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordSurvey)
export class RecordSurveyHandler implements ICommandHandler<RecordSurvey> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ planId, input, context }: RecordSurvey): Promise<CommandResult> {
    const plan = await loadPlan(this.store, planId);
    if (!plan.exists) throw planNotFound(planId);
    const result = await handleCommand(
      this.store,
      surveyStream(planId),
      surveyDecider,
      { type: 'RecordSurvey', data: { ...input, planId, levels: [...plan.levels.keys()] } },
      context,
    );
    return { id: planId, revision: result.revision, position: result.position };
  }
}
