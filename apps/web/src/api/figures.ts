import type { ActualValueBody, IndicatorScore } from '@sg/contracts';

/** How the pages write an indicator's target and actual value (shapes: @sg/contracts). */
export function targetText(target: IndicatorScore['target']): string {
  switch (target.kind) {
    case 'numeric':
      return `${target.comparator.replace('>=', '≥').replace('<=', '≤')} ${target.value}${target.unit}`;
    case 'range':
      return `${target.min}–${target.max}${target.unit}`;
    case 'qualitative':
      return target.text;
  }
}

export function actualText(actual: IndicatorScore['actual']): string {
  if (!actual) return '—';
  return actual.value ?? actual.label ?? actual.text ?? '—';
}

/** A submitted value as the reviewer reads it: the number, the judged band and score, or deductions. */
export function submittedActualText(actual: ActualValueBody): string {
  switch (actual.kind) {
    case 'numeric':
      return actual.value;
    case 'qualitative':
      return `${actual.band}（${actual.score} 分）`;
    case 'manual':
      return actual.deductions.length === 0
        ? '无扣分'
        : actual.deductions.map((d) => `扣 ${d.points} 分：${d.reason}`).join('；');
    default: {
      const never: never = actual;
      return never;
    }
  }
}
