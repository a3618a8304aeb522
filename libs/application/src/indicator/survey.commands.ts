import { CommandHandler } from '@nestjs/cqrs';
import { surveyDecider, surveyStream, type SurveyResult } from '@sg/domain';
import type { CommandResult } from '../pipeline/command-context';
import { commandOn } from '../pipeline/command-on';
import { FactOnPlan, OnPlanFact, type PlanForFact } from './plan-fact';

export class RecordSurvey extends FactOnPlan<Omit<SurveyResult, 'planId'>> {}

@CommandHandler(RecordSurvey)
export class RecordSurveyHandler extends OnPlanFact<RecordSurvey> {
  protected record(
    { planId, input, context }: RecordSurvey,
    { plan, dates }: PlanForFact,
  ): Promise<CommandResult> {
    const levels = [...plan.levels.keys()];
    return commandOn(
      this.store,
      { id: planId, stream: surveyStream(planId), decider: surveyDecider },
      { type: 'RecordSurvey', data: { ...input, planId, levels, dates } },
      context,
    );
  }
}
