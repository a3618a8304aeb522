import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { factDateBounds, planNotFound, surveyDecider, surveyStream, type SurveyResult } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { handleCommand } from '../pipeline/handle-command';
import { loadPlan } from '../pipeline/load-state';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FACT_DATE_POLICY) private readonly dates: FactDatePolicy,
  ) {}

  async execute({ planId, input, context }: RecordSurvey): Promise<CommandResult> {
    const plan = await loadPlan(this.store, planId);
    if (!plan.exists) throw planNotFound(planId);
    const result = await handleCommand(
      this.store,
      surveyStream(planId),
      surveyDecider,
      {
        type: 'RecordSurvey',
        data: {
          ...input,
          planId,
          levels: [...plan.levels.keys()],
          dates: factDateBounds(plan, context.now, this.dates.toleranceDays),
        },
      },
      context,
    );
    return { id: planId, revision: result.revision, position: result.position };
  }
}
