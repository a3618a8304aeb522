import type { IndicatorScore } from '@sg/contracts';

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
