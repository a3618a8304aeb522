import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { surveyDecider, surveyStream, type SurveyResult } from '@sg/domain';
import type { EventStore } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { EVENT_STORE, FACT_DATE_POLICY, type FactDatePolicy } from '../tokens';
import { planForFact } from './plan-fact';

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
    const { plan, dates } = await planForFact(this.store, planId, context, this.dates);
    const levels = [...plan.levels.keys()];
    return commandOn(
      this.store,
      { id: planId, stream: surveyStream(planId), decider: surveyDecider },
      { type: 'RecordSurvey', data: { ...input, planId, levels, dates } },
      context,
    );
  }
}
