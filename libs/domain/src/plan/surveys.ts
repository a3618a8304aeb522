import { RESPONDENTS, type RecordSurveyBody, type Respondents } from '@sg/contracts';
import Decimal from 'decimal.js';
import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { DomainError } from '../shared/domain-error';
import { requireEffectiveDate, type FactDateBounds } from '../shared/effective-date';

export { RESPONDENTS, type Respondents };

/** A survey's result as the form records it, on one plan. */
export interface SurveyResult extends RecordSurveyBody {
  planId: string;
}

export type SurveyCommand = Message<
  'RecordSurvey',
  SurveyResult & { levels: string[]; dates: FactDateBounds }
>;
export type SurveyEvent = Message<'SurveyRecorded', SurveyResult>;

export const surveyStream = (planId: string): string => `surveys-${planId}`;

/** 满意度调查: one result per level × respondent group; a later one for the same date supersedes. */
export const surveyDecider = ledgerDecider<SurveyCommand, SurveyEvent>(
  'SurveyRecorded',
  ({ levels, dates, ...d }) => {
    if (!levels.includes(d.levelId))
      throw new DomainError('not-found', 'level-not-found', `层面不存在：${d.levelId}`);
    if (!RESPONDENTS.includes(d.respondents)) {
      throw new DomainError('invalid', 'invalid-respondents', `调查对象应为：${RESPONDENTS.join('、')}`);
    }
    if (!Number.isInteger(d.sampleSize) || d.sampleSize < 1 || d.sampleSize > 1_000_000) {
      throw new DomainError('invalid', 'invalid-sample-size', '有效问卷数应为 1 以上的整数。');
    }
    let satisfaction: Decimal;
    try {
      satisfaction = new Decimal(d.satisfaction);
    } catch {
      throw new DomainError('invalid', 'invalid-satisfaction', `满意度不是有效数字：${d.satisfaction}`);
    }
    if (satisfaction.lt(0) || satisfaction.gt(100) || satisfaction.decimalPlaces() > 4) {
      throw new DomainError('invalid', 'invalid-satisfaction', '满意度应为 0–100 之间的百分数。');
    }
    return {
      ...d,
      satisfaction: satisfaction.toString(),
      effectiveDate: requireEffectiveDate(d.effectiveDate, '调查日期', dates),
    };
  },
);
