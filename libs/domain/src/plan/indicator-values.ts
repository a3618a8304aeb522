import { type Message } from '../shared/decider';
import { ledgerDecider } from '../shared/ledger';
import { requireText } from '../shared/values';
import { requireEffectiveDate, type FactDateBounds } from '../shared/effective-date';
import { assessIndicator, type ActualValue, type IndicatorSpec } from '../scoring/scoring';

export type IndicatorValueCommand = Message<
  'RecordIndicatorValue',
  {
    indicatorId: string;
    planId: string;
    /** The indicator's specification, looked up in its plan by the handler. */
    spec: IndicatorSpec;
    actual: ActualValue;
    effectiveDate: string;
    explanation?: string;
    dates: FactDateBounds;
  }
>;

export type IndicatorValueEvent = Message<
  'IndicatorValueRecorded',
  { indicatorId: string; planId: string; actual: ActualValue; effectiveDate: string; explanation?: string }
>;

export const indicatorStream = (indicatorId: string): string => `indicator-${indicatorId}`;

/**
 * 实际完成值 of one indicator, as facts with the date they took effect. A value stands until one
 * with a later effective date; the spec checks the value fits the indicator's rule.
 */
export const indicatorValueDecider = ledgerDecider<IndicatorValueCommand, IndicatorValueEvent>(
  'IndicatorValueRecorded',
  ({ spec, explanation, dates, ...data }) => {
    assessIndicator(spec, data.actual);
    return {
      ...data,
      effectiveDate: requireEffectiveDate(data.effectiveDate, '指标值生效日期', dates),
      ...(explanation?.trim()
        ? { explanation: requireText(explanation, '偏差原因分析及改进措施', 5000) }
        : {}),
    };
  },
);
